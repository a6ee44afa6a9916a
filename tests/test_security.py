"""Security properties, each its own test: verified TLS, clear text only to localhost, no secrets in
output, SQL never built from values.

Outgoing-mail safety (header injection, HTML escaping, automatic replies only to the authority on
record) is tested with the actions code: tests/core/test_render.py, tests/core/test_plan.py,
tests/adapters/test_smtp.py, tests/service/test_actions.py.
"""

from __future__ import annotations

import ast
import datetime as dt
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from foibot.adapters.store import Store
from foibot.config import load_settings
from foibot.errors import ConfigError
from foibot.service.ingest import MessageSource, ingest
from tests.hostile.generate import plain
from tests.hostile.test_hostile_ingest import AUTHORITY, OWNER, hostile_settings, request_as_sent
from tests.servers.dovecot_server import DovecotServer, DovecotUser

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "foibot"
DELIVERED = dt.datetime(2024, 3, 5, 9, 30, tzinfo=dt.UTC)
NOW = dt.datetime(2024, 3, 6, 12, 0, tzinfo=dt.UTC)


def mailbox_config(user: DovecotUser, *, host: str, port: int, security: str, extra: str = "") -> str:
    return f"""
[storage]
path = "foibot.db"

[[mailbox]]
name = "home"
host = "{host}"
port = {port}
security = "{security}"
username = "{user.username}"
password_file = "imap-password"
timeout_seconds = 10
{extra}
"""


def foibot(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real command line, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "foibot", "--config", str(config), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def tls_setup(tmp_path: Path, server: DovecotServer, host: str = "127.0.0.1", extra: str = "") -> Path:
    user = server.add_user(password="Tls-Test-Secret-7731")
    (tmp_path / "imap-password").write_text(user.password)
    config = tmp_path / "foibot.toml"
    config.write_text(mailbox_config(user, host=host, port=server.tls_port, security="tls", extra=extra))
    return config


def assert_one_line_failure(result: subprocess.CompletedProcess[str], diagnosis: str) -> None:
    assert result.returncode != 0
    assert diagnosis in result.stdout
    assert "Traceback" not in result.stderr + result.stdout
    errors = [line for line in result.stderr.splitlines() if line.startswith("foibot: error:")]
    assert len(errors) == 1


# -- TLS ---------------------------------------------------------------------------------------


def test_tls_certificate_is_verified_by_default(dovecot_tls: DovecotServer, tmp_path: Path) -> None:
    """A private CA is not trusted unless the configuration names it; then the login works."""
    config = tls_setup(tmp_path, dovecot_tls)
    assert_one_line_failure(foibot(config, "check"), "TLS certificate not trusted")

    assert dovecot_tls.tls is not None
    shutil.copy(dovecot_tls.tls.ca_file, tmp_path / "ca.pem")
    config.write_text(config.read_text() + 'tls_ca_file = "ca.pem"\n')  # relative to the file
    result = foibot(config, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok   mailbox 'home'" in result.stdout


def test_certificate_for_another_host_name_is_refused(dovecot_tls: DovecotServer, tmp_path: Path) -> None:
    """Trusting the CA is not enough: the certificate must name the host connected to."""
    other_name = socket.gethostname()
    try:
        resolves_locally = socket.gethostbyname(other_name) == "127.0.0.1"
    except OSError:
        resolves_locally = False
    if other_name in ("localhost", "127.0.0.1") or not resolves_locally:
        pytest.skip("needs a second host name for 127.0.0.1 (the certificate names localhost only)")
    assert dovecot_tls.tls is not None
    shutil.copy(dovecot_tls.tls.ca_file, tmp_path / "ca.pem")
    config = tls_setup(tmp_path, dovecot_tls, host=other_name, extra='tls_ca_file = "ca.pem"')
    result = foibot(config, "check")
    assert_one_line_failure(result, "TLS certificate not trusted")
    assert "mismatch" in result.stdout.lower()


# -- clear text --------------------------------------------------------------------------------

REMOTE_CONFIG = """
[[mailbox]]
name = "home"
host = "{host}"
port = 143
security = "none"
username = "me@example.org"
password_env = "UNUSED"
"""


@pytest.mark.parametrize("host", ["imap.example.org", "127.0.0.2", "localhost.example.org", "10.0.0.1"])
def test_clear_text_refused_to_anything_but_localhost(tmp_path: Path, host: str) -> None:
    path = tmp_path / "foibot.toml"
    path.write_text(REMOTE_CONFIG.format(host=host))
    with pytest.raises(ConfigError, match="only allowed to localhost"):
        load_settings(path)
    smtp = f'[smtp]\nhost = "{host}"\nport = 25\nsecurity = "none"\nfrom_address = "a@example.org"\n'
    path.write_text(smtp)
    with pytest.raises(ConfigError, match=r"smtp.*only allowed to localhost"):
        load_settings(path)


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "::1"])
def test_clear_text_allowed_to_localhost(tmp_path: Path, host: str) -> None:
    path = tmp_path / "foibot.toml"
    path.write_text(REMOTE_CONFIG.format(host=host))
    assert load_settings(path).mailboxes[0].security == "none"


def test_environment_cannot_downgrade_a_remote_server_to_clear_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "foibot.toml"
    path.write_text('[smtp]\nhost = "smtp.example.org"\nfrom_address = "a@example.org"\n')
    assert load_settings(path).smtp is not None
    monkeypatch.setenv("FOIBOT_SMTP__SECURITY", "none")
    with pytest.raises(ConfigError, match="only allowed to localhost"):
        load_settings(path)


# -- secrets -----------------------------------------------------------------------------------


def test_password_never_reaches_output_or_logs(imap_user: DovecotUser, tmp_path: Path) -> None:
    """Even at debug level, a failed login names the user, never the password it tried."""
    wrong = "Never-Print-This-9f3k"
    (tmp_path / "imap-password").write_text(wrong)
    config = tmp_path / "foibot.toml"
    config.write_text(mailbox_config(imap_user, host=imap_user.host, port=imap_user.port, security="none"))
    result = foibot(config, "-vv", "--debug", "check")
    assert result.returncode != 0
    assert "authentication failed" in result.stdout
    assert wrong not in result.stdout + result.stderr

    (tmp_path / "imap-password").write_text(imap_user.password)
    result = foibot(config, "-vv", "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert imap_user.password not in result.stdout + result.stderr


# -- SQL -----------------------------------------------------------------------------------------

SQL_WORDS = (
    "SELECT ", "INSERT ", "UPDATE ", "DELETE ", "CREATE ", "ALTER ", "DROP ", "PRAGMA ", "SAVEPOINT ",
    " WHERE ", " VALUES ", " FROM ",
)  # fmt: skip
SQL_CALLS = {"execute", "executemany", "executescript", "_rows", "message_rows", "_select", "query"}

# Interpolations into SQL text that have been reviewed: identifiers or fixed fragments chosen by
# code, never values. Key: (file, enclosing function, interpolated expression).
REVIEWED: dict[tuple[str, str, str], str] = {
    (
        "foibot/adapters/migrations.py",
        "_message_details",
        "column",
    ): "column definitions from a literal tuple",
    ("foibot/adapters/store.py", "savepoint", "name"): "a savepoint name chosen by code, quoted",
    ("foibot/adapters/store.py", "update_request", "assignments"): "'col = ?' for allow-listed columns",
    ("foibot/adapters/store.py", "request_rows", "where"): "one of two literal fragments",
    ("foibot/adapters/store.py", "quarantine_rows", "where"): "one of two literal fragments",
    ("foibot/adapters/store.py", "insert_message", "', '.join(columns)"): "column names: keys set by ingest",
    ("foibot/adapters/store.py", "insert_message", "placeholders"): "'?, ?, ...'",
    ("foibot/adapters/store.py", "message_rows", "where"): "literal fragment at every call (checked below)",
    ("foibot/adapters/store.py", "message_rows", "columns"): "column names from PRAGMA table_info",
    (
        "foibot/adapters/store.py",
        "message_row",
        "self._columns_but_raw()",
    ): "column names from PRAGMA table_info",
    ("foibot/adapters/store.py", "request_rows_by_id", "marks"): "'?, ?, ...'",
    ("foibot/service/ingest.py", "_build_candidates", "only"): "a literal fragment with ? placeholders",
    ("foibot/adapters/outbox.py", "_select", "where"): "literal fragment at every call (checked below)",
}
# Functions that take a WHERE fragment: argument position -> every call must pass a literal.
FRAGMENT_ARGUMENT = {"message_rows": 0, "_select": 1}


def _is_sql_text(text: str) -> bool:
    return any(word in f" {text}" for word in SQL_WORDS)


def _is_str_constant(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _is_sql_constant(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and _is_sql_text(node.value)


def sql_interpolations(source: str) -> list[tuple[str, str, int]]:
    """(enclosing function, interpolated expression, line) for SQL assembled from non-literals."""
    tree = ast.parse(source)
    found: list[tuple[str, str, int]] = []

    def visit(node: ast.AST, function: str) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            function = node.name
        if isinstance(node, ast.JoinedStr):
            literal = "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
            if _is_sql_text(literal):
                for value in node.values:
                    if isinstance(value, ast.FormattedValue):
                        found.append((function, ast.unparse(value.value), node.lineno))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
            for side, other in ((node.left, node.right), (node.right, node.left)):
                if _is_sql_constant(side) and not _is_str_constant(other):
                    found.append((function, ast.unparse(other), node.lineno))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "format" and _is_sql_constant(node.func.value):
                found.extend((function, ast.unparse(arg), node.lineno) for arg in node.args)
            elif node.func.attr in SQL_CALLS and node.args and isinstance(node.args[0], ast.Call):
                inner = node.args[0].func
                if not (isinstance(inner, ast.Attribute) and inner.attr == "format"):  # handled above
                    found.append((function, ast.unparse(node.args[0]), node.lineno))  # "...".join(...)
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(tree, "<module>")
    return found


def test_the_sql_scanner_finds_values_formatted_into_sql() -> None:
    bad = """
def lookup(db, subject, ids):
    db.execute(f"SELECT * FROM messages WHERE subject = '{subject}'")
    db.execute("DELETE FROM requests WHERE id = %s" % ids)
    db.execute("SELECT * FROM t WHERE a IN ({})".format(ids))
    db.execute("UPDATE requests SET subject = '" + subject + "'")
    db.execute("SELECT * FROM t WHERE a = ?", (subject,))
"""
    assert [expr for _, expr, _ in sql_interpolations(bad)] == ["subject", "ids", "ids", "subject"]


def test_sql_is_never_built_from_values() -> None:
    unreviewed = []
    seen = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(REPO).as_posix()
        for function, expression, line in sql_interpolations(path.read_text(encoding="utf-8")):
            seen.add((relative, function, expression))
            if (relative, function, expression) not in REVIEWED:
                unreviewed.append(f"{relative}:{line} in {function}(): {{{expression}}}")
    assert unreviewed == [], (
        "SQL assembled from non-literal text; pass values as ? parameters "
        "(or, for an identifier chosen by code, add it to REVIEWED with the reason)"
    )
    assert set(REVIEWED) <= seen, "stale REVIEWED entries: the code they excused is gone"


def test_sql_fragments_are_literals_at_every_call_site() -> None:
    calls = 0
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            position = FRAGMENT_ARGUMENT.get(name)
            if position is None or len(node.args) <= position:
                continue
            calls += 1
            argument = node.args[position]
            if not (isinstance(argument, ast.Constant) and isinstance(argument.value, str)):
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno}: {ast.unparse(argument)}")
    assert calls >= 3
    assert offenders == []


INJECTIONS = [
    "'); DROP TABLE requests;--",
    '"; DELETE FROM messages; --',
    "x' OR '1'='1",
    "Robert'); DROP TABLE outbox;--",
]


def test_hostile_text_through_ingest_leaves_the_tables_intact(tmp_path: Path) -> None:
    settings = hostile_settings(tmp_path)
    with Store.open(tmp_path / "foibot.db") as store:
        with store.transaction():
            source = MessageSource("home", "Sent", "sent", 1, 1, DELIVERED)
            ingest(store, request_as_sent(), source, now=NOW, settings=settings)
        tables_before = sorted(store.db.table_names())
        for uid, text in enumerate(INJECTIONS, start=2):
            raw = plain(
                Subject=f"RE: Freedom of Information request - parking fines {text}",
                From=f'"{text}" <{AUTHORITY}>',
                Message_ID=f"<{text.replace(' ', '')}-{uid}@council.example.gov.uk>",
                References=f"<request-1@example.org> <{text}>",
            )
            with store.transaction():
                source = MessageSource("home", "INBOX", "inbox", 1, uid, DELIVERED)
                result = ingest(store, raw, source, now=NOW, settings=settings)
            assert result.status == "matched", result
        assert sorted(store.db.table_names()) == tables_before
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        subjects = [row[0] for row in store.db.execute("SELECT subject FROM messages WHERE role = 'inbox'")]
        assert [s.rsplit("fines ", 1)[1] for s in subjects] == INJECTIONS  # stored verbatim, as data
        assert store.db.execute("SELECT COUNT(*) FROM requests").fetchone()[0] == 1
        assert store.db.execute("SELECT COUNT(*) FROM messages").fetchone()[0] == 1 + len(INJECTIONS)
        assert OWNER in store.db.execute("SELECT owner FROM requests").fetchone()[0]
