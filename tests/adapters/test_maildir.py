"""MaildirSource against real Maildirs written by the stdlib's own Maildir writer, and the bundled sample."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
import mailbox
import os
import shutil
from pathlib import Path

import pytest

from foibot.adapters.maildir import INBOX, MaildirSource, uid_for
from foibot.errors import MailboxError

SAMPLE = Path(__file__).resolve().parents[2] / "foibot" / "sample" / "Maildir"


def _message(subject: str) -> bytes:
    return (
        f"From: a@example.org\r\nTo: b@example.org\r\nSubject: {subject}\r\n"
        f"Message-ID: <{subject}@example.org>\r\n\r\nbody of {subject}\r\n"
    ).encode()


def _deliver(folder: Path, name: str, raw: bytes, subdir: str = "cur", flags: str = ":2,S") -> Path:
    path = folder / subdir / (name + (flags if subdir == "cur" else ""))
    path.write_bytes(raw)
    return path


@pytest.fixture
def maildir(tmp_path: Path) -> Path:
    root = tmp_path / "Maildir"
    box = mailbox.Maildir(root, create=True)  # the stdlib writer makes cur/new/tmp
    box.add_folder("Sent")
    return root


def test_lists_messages_oldest_first_with_times_from_the_unique_name(maildir: Path) -> None:
    _deliver(maildir, "1700000300.M2P1.host", _message("second"))
    _deliver(maildir, "1700000100.M1P1.host", _message("first"), subdir="new")
    source = MaildirSource(maildir)

    messages = source.messages(INBOX)

    assert [m.read() for m in messages] == [_message("first"), _message("second")]
    assert [m.key for m in messages] == ["1700000100.M1P1.host", "1700000300.M2P1.host"]
    assert messages[0].delivered_at == dt.datetime(2023, 11, 14, 22, 15, tzinfo=dt.UTC)
    assert all(m.folder == INBOX for m in messages)


def test_identity_survives_reading_flagging_and_new_to_cur(maildir: Path) -> None:
    path = _deliver(maildir, "1700000100.M1P1.host", _message("one"), subdir="new")
    before = MaildirSource(maildir).messages()[0]

    moved = maildir / "cur" / (path.name + ":2,RS")
    os.rename(path, moved)
    after = MaildirSource(maildir).messages()[0]

    assert (after.key, after.uid, after.delivered_at) == (before.key, before.uid, before.delivered_at)
    assert after.path == moved
    assert after.uid == uid_for("1700000100.M1P1.host") > 0


def test_messages_added_by_the_stdlib_writer_are_listed_once(maildir: Path) -> None:
    box = mailbox.Maildir(maildir, create=False)
    keys = {box.add(_message(f"m{i}")) for i in range(3)}

    listed = MaildirSource(maildir).messages()

    assert {m.key for m in listed} == keys
    assert len({m.uid for m in listed}) == 3


def test_name_without_a_time_falls_back_to_mtime(maildir: Path) -> None:
    path = _deliver(maildir, "custom-name", _message("odd"))
    os.utime(path, (1_600_000_000, 1_600_000_000))

    [message] = MaildirSource(maildir).messages()

    assert message.delivered_at == dt.datetime.fromtimestamp(1_600_000_000, dt.UTC)


def test_subfolders_and_hidden_files(maildir: Path) -> None:
    _deliver(maildir / ".Sent", "1700000200.M1P1.host", _message("sent"))
    (maildir / "cur" / ".editor-swap").write_bytes(b"not mail")
    source = MaildirSource(maildir)

    assert source.folders() == [INBOX, "Sent"]
    assert [m.read() for m in source.messages("Sent")] == [_message("sent")]
    assert source.messages(INBOX) == []


def test_errors_are_one_line_mailbox_errors(tmp_path: Path, maildir: Path) -> None:
    with pytest.raises(MailboxError, match="no such Maildir directory"):
        MaildirSource(tmp_path / "absent")
    (tmp_path / "plain").mkdir()
    with pytest.raises(MailboxError, match=r"not a Maildir \(no cur/ or new/ directory\)"):
        MaildirSource(tmp_path / "plain")
    with pytest.raises(MailboxError, match="no Maildir folder 'Drafts'"):
        MaildirSource(maildir).messages("Drafts")
    with pytest.raises(MailboxError, match="no Maildir folder"):
        MaildirSource(maildir).messages("../escape")


def _sample_copy(tmp_path: Path) -> Path:
    """The bundled sample as a git checkout has it (no empty new/ tmp/), made whole."""
    root = tmp_path / "sample"
    shutil.copytree(SAMPLE, root)
    for folder in (root, root / ".Sent"):
        for sub in ("new", "tmp"):
            (folder / sub).mkdir(exist_ok=True)
    return root


def test_bundled_sample_threads_are_consistent(tmp_path: Path) -> None:
    source = MaildirSource(_sample_copy(tmp_path))
    parsed = {
        folder: [
            email.message_from_bytes(m.read(), policy=email.policy.default) for m in source.messages(folder)
        ]
        for folder in source.folders()
    }
    assert set(parsed) == {INBOX, "Sent"}
    every = [msg for msgs in parsed.values() for msg in msgs]
    ids = [str(msg["Message-ID"]).strip() for msg in every]
    assert len(ids) == len(set(ids)) == len(every) >= 20
    by_id = dict(zip(ids, every, strict=True))
    for msg in every:
        parent = msg["In-Reply-To"]
        if parent is None:
            continue
        parent_id = str(parent).strip()
        assert parent_id in by_id, f"{msg['Subject']}: In-Reply-To names a message not in the sample"
        refs = str(msg["References"]).split()
        assert refs[-1] == parent_id  # RFC 5322 3.6.4: References ends with the parent
        parent_refs = str(by_id[parent_id]["References"] or "").split()
        assert refs[:-1] == parent_refs, f"{msg['Subject']}: References do not extend the parent's"
        # a reply is never dated before what it answers
        assert email.utils.parsedate_to_datetime(str(msg["Date"])) > email.utils.parsedate_to_datetime(
            str(by_id[parent_id]["Date"])
        )
    assert all(str(msg["From"]).endswith("<priya.shah@example.org>") for msg in parsed["Sent"])


def test_every_sample_file_is_packaged() -> None:
    """setuptools' package-data globs skip dot-folders such as Maildir++'s `.Sent`; pyproject names it."""
    import glob
    import tomllib

    package = SAMPLE.parents[1]
    patterns = tomllib.loads((package.parent / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"
    ]["foibot"]
    packaged = {Path(p) for pattern in patterns for p in glob.glob(pattern, root_dir=package, recursive=True)}
    on_disk = {p.relative_to(package) for p in SAMPLE.rglob("*") if p.is_file()}
    assert on_disk and on_disk <= packaged, sorted(map(str, on_disk - packaged))
