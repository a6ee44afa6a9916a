"""A private Dovecot 2.3 IMAP server on 127.0.0.1 for tests and benchmarks.

Owns the configuration (email-tech.md §7.1), the process (start, stop, kill, restart), the
passwd-file users and fast ways to fill a mailbox (MULTIAPPEND in batches, or Maildir files
written directly). Used by the pytest fixtures in tests/servers/dovecot.py and by bench/.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import grp
import itertools
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from imapclient import IMAPClient

from foibot.config import MailboxSettings

HOST = "127.0.0.1"
APPEND_BATCH = 200

_USERDB_ROOT = "uid=nobody gid=nogroup home={base}/mail/%u"
_USERDB_ROOTLESS = "home={base}/mail/%u"

_CONF = """\
{users_block}
base_dir = {base}/run
state_dir = {base}/state
log_path = {base}/dovecot.log
protocols = imap
listen = 127.0.0.1
{ssl_block}
disable_plaintext_auth = no
auth_mechanisms = plain login{oauth2_mechanisms}
auth_failure_delay = 0 secs
{oauth2_passdb}passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {base}/users
}}
userdb {{
  driver = static
  args = {userdb}
}}
mail_location = maildir:~/Maildir
mail_fsync = never
imap_idle_notify_interval = 5 secs
service imap-login {{
  {login_chroot}
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
    {imaps_ssl}
  }}
}}
# Wrong-password tests must not slow the next login (anvil's per-IP auth penalty).
service anvil {{
  {anvil_chroot}
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
protocol imap {{
  mail_max_userip_connections = 100
{imap_capability}}}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Drafts {{
    special_use = \\Drafts
    auto = subscribe
  }}
  mailbox Sent {{
    special_use = \\Sent
    auto = subscribe
  }}
  mailbox Trash {{
    special_use = \\Trash
    auto = subscribe
  }}
}}
"""


class DovecotError(RuntimeError):
    """The test server could not be started; the message carries dovecot.log."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class TlsFiles:
    """A self-signed CA and a server certificate for 127.0.0.1/localhost (made with trustme)."""

    ca_file: Path
    cert_file: Path
    key_file: Path

    @classmethod
    def create(cls, directory: Path) -> TlsFiles:
        import trustme

        ca = trustme.CA()
        cert = ca.issue_cert("127.0.0.1", "localhost")
        files = cls(directory / "ca.pem", directory / "cert.pem", directory / "key.pem")
        ca.cert_pem.write_to_path(str(files.ca_file))
        cert.private_key_pem.write_to_path(str(files.key_file))
        with files.cert_file.open("wb") as handle:
            for blob in cert.cert_chain_pems:
                handle.write(blob.bytes())
        return files


# XOAUTH2/OAUTHBEARER: the token is checked by GETting `tokeninfo_url` + token (with
# "Authorization: Bearer <token>"); the JSON answer must say active=true and name the user.
_OAUTH2_PASSDB = """\
passdb {{
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = {args_file}
}}
"""
_OAUTH2_ARGS = """\
tokeninfo_url = {url}
introspection_mode = auth
username_attribute = username
active_attribute = active
active_value = true
"""


class DovecotServer:
    """One Dovecot master process with its own directory, port(s) and passwd-file.

    Options (all off by default): `tls`; `oauth2_tokeninfo_url` adds XOAUTH2/OAUTHBEARER logins
    checked against that URL (passwords keep working); `capabilities` replaces the advertised
    post-login capability list (e.g. without IDLE, for NOOP polling).
    """

    def __init__(
        self,
        base: Path,
        port: int,
        tls: TlsFiles | None,
        tls_port: int,
        *,
        oauth2_tokeninfo_url: str | None = None,
        capabilities: str | None = None,
    ) -> None:
        self.base = base
        self.host = HOST
        self.port = port
        self.tls = tls
        self.tls_port = tls_port  # 0 (disabled) unless TLS is on
        self.conf = base / "dovecot.conf"
        self.oauth2_tokeninfo_url = oauth2_tokeninfo_url
        self.capabilities = capabilities
        self.proc: subprocess.Popen[bytes] | None = None
        self._user_numbers = itertools.count(1)

    @classmethod
    def create(
        cls, *, tls: bool = False, oauth2_tokeninfo_url: str | None = None, capabilities: str | None = None
    ) -> DovecotServer:
        """Write a fresh configuration (not started yet). Raises DovecotError if not installed."""
        if shutil.which("dovecot") is None:
            raise DovecotError("dovecot is not installed (apt-get install -y dovecot-imapd)")
        # Directly under /tmp, 0755: Dovecot's unprivileged processes must traverse it, and
        # unix socket paths must stay short.
        base = Path(tempfile.mkdtemp(prefix="dc-", dir="/tmp"))
        base.chmod(0o755)
        for sub in ("run", "state", "mail"):
            (base / sub).mkdir()
        if os.geteuid() == 0:
            os.chown(base / "mail", *_mail_owner())
        (base / "users").write_text(
            "".join(f"{_pool_user(n)}:{{PLAIN}}{_POOL_PASSWORD}::::::\n" for n in range(1, _POOL_SIZE + 1))
        )
        files = TlsFiles.create(base) if tls else None
        server = cls(
            base,
            free_port(),
            files,
            free_port() if tls else 0,
            oauth2_tokeninfo_url=oauth2_tokeninfo_url,
            capabilities=capabilities,
        )
        server._write_conf()
        return server

    def _write_conf(self) -> None:
        root = os.geteuid() == 0
        if root:
            users_block = "default_internal_user = dovecot\ndefault_login_user = dovenull"
        else:
            me = pwd.getpwuid(os.geteuid()).pw_name
            group = grp.getgrgid(os.getegid()).gr_name
            users_block = (
                f"default_internal_user = {me}\ndefault_login_user = {me}\ndefault_internal_group = {group}"
            )
        if self.tls is not None:
            ssl_block = f"ssl = yes\nssl_cert = <{self.tls.cert_file}\nssl_key = <{self.tls.key_file}"
            if Path("/usr/share/dovecot/dh.pem").exists():
                ssl_block += "\nssl_dh = </usr/share/dovecot/dh.pem"
        else:
            ssl_block = "ssl = no"
        oauth2_passdb = ""
        if self.oauth2_tokeninfo_url is not None:
            args_file = self.base / "oauth2.conf.ext"
            args_file.write_text(_OAUTH2_ARGS.format(url=self.oauth2_tokeninfo_url))
            oauth2_passdb = _OAUTH2_PASSDB.format(args_file=args_file)
        self.conf.write_text(
            _CONF.format(
                base=self.base,
                port=self.port,
                tls_port=self.tls_port,
                imaps_ssl="ssl = yes" if self.tls is not None else "",
                ssl_block=ssl_block,
                users_block=users_block,
                userdb=(_USERDB_ROOT if root else _USERDB_ROOTLESS).format(base=self.base),
                login_chroot="" if root else "chroot =",
                anvil_chroot="" if root else "chroot =",
                oauth2_mechanisms=" xoauth2 oauthbearer" if oauth2_passdb else "",
                oauth2_passdb=oauth2_passdb,
                imap_capability=f"  imap_capability = {self.capabilities}\n" if self.capabilities else "",
            )
        )

    # -- process -------------------------------------------------------------------------

    def start(self, timeout: float = 10.0) -> None:
        """Start the master process and wait for the IMAP greeting."""
        if self.running:
            return
        self.proc = subprocess.Popen(
            ["dovecot", "-F", "-c", str(self.conf)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stop/kill reach every child
        )
        self._wait_for_greeting(timeout)

    def _wait_for_greeting(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise DovecotError(f"dovecot exited with {self.proc.returncode}:\n{self.log_text()}")
            try:
                with socket.create_connection((self.host, self.port), timeout=1) as sock:
                    if sock.recv(100).startswith(b"* OK"):
                        return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise DovecotError(f"dovecot gave no greeting within {timeout} s:\n{self.log_text()}")

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        """Shut down and drop every client, as a real server restart does.

        (The master's SIGTERM alone leaves running imap processes serving their clients.)
        """
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self._kill_group()
        self.proc = None

    def kill(self) -> None:
        """SIGKILL the master and every child: connections just die (EOF)."""
        if self.proc is not None:
            self._kill_group()
            self.proc.wait(10)
            self.proc = None
        self._wait_port_free()

    def freeze(self) -> None:
        """SIGSTOP every Dovecot process: connections stay open but nothing answers (a hung server).

        The kernel still completes new TCP handshakes, so clients connect and then wait.
        """
        self._signal_group(signal.SIGSTOP)

    def thaw(self) -> None:
        """SIGCONT after `freeze()`: the server answers again."""
        self._signal_group(signal.SIGCONT)

    def _signal_group(self, signum: int) -> None:
        assert self.proc is not None, "not running"
        os.killpg(self.proc.pid, signum)

    def _kill_group(self) -> None:
        assert self.proc is not None
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)

    def restart(self) -> None:
        self.stop()
        self._wait_port_free()
        self.start()

    def _wait_port_free(self, timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                socket.create_connection((self.host, self.port), timeout=0.5).close()
            except OSError:
                return
            time.sleep(0.05)

    def close(self) -> None:
        """Stop and remove everything."""
        self.stop()
        shutil.rmtree(self.base, ignore_errors=True)

    def log_text(self) -> str:
        try:
            return (self.base / "dovecot.log").read_text(errors="replace")[-4000:]
        except OSError:
            return "(no dovecot.log)"

    def doveadm(self, *args: str) -> str:
        done = subprocess.run(
            ["doveadm", "-c", str(self.conf), *args], capture_output=True, text=True, timeout=10, check=False
        )
        return done.stdout

    def kick(self, username: str) -> None:
        """Disconnect a user's sessions with a server BYE."""
        self.doveadm("kick", username)

    def imap_pids(self, username: str | None = None) -> list[int]:
        """PIDs of the imap processes (of one user, or all)."""
        pids: list[int] = []
        for line in self.doveadm("who", "-1").splitlines()[1:]:
            fields = line.split()
            if len(fields) >= 3 and (username is None or fields[0] == username):
                pids.extend(int(p) for p in fields[2].strip("()").split() if p.isdigit())
        return pids

    # -- users ---------------------------------------------------------------------------

    def add_user(self, username: str | None = None, password: str = "secret") -> DovecotUser:
        """A user nobody has used yet.

        Dovecot re-reads the passwd-file at most once a second, so a freshly appended line may
        go unseen for up to a second: plain users come from a pool written at creation, and
        only a custom name or password is appended (then we wait out that second).
        """
        if username is None and password == _POOL_PASSWORD:
            number = next(self._user_numbers)
            if number <= _POOL_SIZE:
                return DovecotUser(self, _pool_user(number), password)
        name = username or f"extra{next(self._user_numbers)}@example.org"
        with (self.base / "users").open("a") as handle:
            handle.write(f"{name}:{{PLAIN}}{password}::::::\n")
        time.sleep(1.1)
        return DovecotUser(self, name, password)


_POOL_SIZE = 2000
_POOL_PASSWORD = "secret"


def _pool_user(number: int) -> str:
    return f"user{number}@example.org"


def _mail_owner() -> tuple[int, int]:
    return pwd.getpwnam("nobody").pw_uid, grp.getgrnam("nogroup").gr_gid


Message = bytes | tuple[bytes, Sequence[bytes]]  # raw, or (raw, flags such as b"\\Seen")


class DovecotUser:
    """One mailbox user on a DovecotServer, with helpers to fill its folders."""

    def __init__(self, server: DovecotServer, username: str, password: str) -> None:
        self.server = server
        self.username = username
        self.password = password
        self._file_numbers = itertools.count(1)

    @property
    def host(self) -> str:
        return self.server.host

    @property
    def port(self) -> int:
        return self.server.port

    @property
    def home(self) -> Path:
        return self.server.base / "mail" / self.username

    def client(self, timeout: float = 10.0) -> IMAPClient:
        """A logged-in plain-text IMAPClient (the caller logs out)."""
        client = IMAPClient(self.host, self.port, ssl=False, timeout=timeout)
        client.login(self.username, self.password)
        return client

    def append(self, folder: str, messages: Iterable[Message], *, date: dt.datetime | None = None) -> None:
        """MULTIAPPEND in batches; `date` sets the INTERNALDATE of all of them."""
        items: list[dict[str, object]] = []
        for message in messages:
            raw, flags = (message, ()) if isinstance(message, bytes) else message
            item: dict[str, object] = {"msg": raw, "flags": list(flags)}
            if date is not None:
                item["date"] = date
            items.append(item)
        client = self.client()
        try:
            for start in range(0, len(items), APPEND_BATCH):
                client.multiappend(folder, items[start : start + APPEND_BATCH])
        finally:
            client.logout()

    def write_maildir(self, folder: str, messages: Iterable[Message], *, mtime: float | None = None) -> int:
        """Bulk load by writing Maildir files (tmp/ -> new/ or cur/ for flagged ones).

        Much faster than APPEND for tens of thousands of messages. `mtime` becomes the
        INTERNALDATE. Only INBOX and top-level folders. Returns the number written.
        """
        maildir = self.home / "Maildir"
        target = maildir if folder.upper() == "INBOX" else maildir / f".{folder}"
        for sub in ("tmp", "new", "cur"):
            (target / sub).mkdir(parents=True, exist_ok=True)
        count = 0
        for message in messages:
            raw, flags = (message, ()) if isinstance(message, bytes) else message
            name = f"{int(time.monotonic() * 1000)}.P{os.getpid()}Q{next(self._file_numbers)}.foibot-test"
            tmp = target / "tmp" / name
            tmp.write_bytes(raw)
            if mtime is not None:
                os.utime(tmp, (mtime, mtime))
            letters = "".join(sorted(_MAILDIR_FLAGS[f] for f in flags if f in _MAILDIR_FLAGS))
            if letters:
                tmp.rename(target / "cur" / f"{name}:2,{letters}")
            else:
                tmp.rename(target / "new" / name)
            count += 1
        if os.geteuid() == 0:
            uid, gid = _mail_owner()
            for path in [self.home, *self.home.rglob("*")]:
                os.chown(path, uid, gid)
        return count

    def flags(self, folder: str) -> dict[int, tuple[bytes, ...]]:
        """UID -> flags (without \\Recent), read with EXAMINE so nothing changes."""
        client = self.client()
        try:
            client.select_folder(folder, readonly=True)
            uids = client.search(["ALL"])
            data = client.fetch(uids, ["FLAGS"]) if uids else {}
            return {
                uid: tuple(sorted(f for f in item[b"FLAGS"] if f != b"\\Recent"))
                for uid, item in data.items()
            }
        finally:
            client.logout()


_MAILDIR_FLAGS = {b"\\Seen": "S", b"\\Answered": "R", b"\\Flagged": "F", b"\\Draft": "D", b"\\Deleted": "T"}


def mailbox_settings(user: DovecotUser, name: str = "main", **overrides: object) -> MailboxSettings:
    """A `[[mailbox]]` section pointing at this test user (plain IMAP on 127.0.0.1)."""
    values: dict[str, object] = {
        "name": name,
        "host": user.host,
        "port": user.port,
        "security": "none",
        "username": user.username,
        "password": user.password,
        "timeout_seconds": 5.0,
    }
    values.update(overrides)
    return MailboxSettings.model_validate(values)
