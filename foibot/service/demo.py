"""`foibot demo`: the whole pipeline on the bundled sample mailbox, with a simulated clock.

No server and no set-up: the sample Maildir (foibot/sample/Maildir, Inbox and Sent) is copied into
a temporary directory beside a fresh database; a FixedClock walks from the first message to
the end date. At every simulated step - each message's delivery time, and an 08:00 sweep each
day - the real services run: `ingest` (parse, classify, match, lifecycle), the actions `sweep`
and `deliver`. Delivery goes through file-writing Sender/DraftSaver implementations, so every
alert, reminder and draft becomes an .eml file in the output folder and a line in the report.
The output folder keeps a manifest of the files the demo wrote: a rerun replaces exactly
those, and never touches (or overwrites) anything else.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import email.policy
import functools
import json
import logging
import re
import shutil
import tempfile
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from email.message import EmailMessage
from importlib import resources
from pathlib import Path
from typing import Literal

from foibot.adapters.maildir import INBOX, UIDVALIDITY, MaildirMessage, MaildirSource
from foibot.adapters.store import Store
from foibot.clock import FixedClock
from foibot.config import (
    MailboxSettings,
    NotifySettings,
    PolicySettings,
    Settings,
    SmtpSettings,
    StorageSettings,
)
from foibot.core.model import Deadlines, FoiRequest
from foibot.core.parse import parse_mail
from foibot.errors import UsageError
from foibot.service.actions import deliver, on_request_changed, sweep
from foibot.service.ingest import MessageSource, ingest

log = logging.getLogger(__name__)

SAMPLE_OWNER = "priya.shah@example.org"
SAMPLE_OWNER_NAME = "Priya Shah"
MAILBOX_NAME = "sample"
SENT_FOLDER = "Sent"
FOIBOT_ADDRESS = "foibot@example.org"
TIMEZONE = "Europe/London"
SWEEP_TIME = dt.time(8, 0)  # the daily run, local time
DAYS_AFTER_LAST_MESSAGE = 14  # default end: two weeks after the last message, to show what follows
MANIFEST = ".foibot-demo-files"  # the names of the files the demo wrote, one per line


@dataclass(frozen=True, slots=True)
class DeadlineChange:
    name: str  # a Deadlines field: authority_due, requester_reply_by, ...
    before: dt.date | None
    after: dt.date | None


@dataclass(frozen=True, slots=True)
class RequestChange:
    """What one step did to one request: created it, moved its state, set or moved deadlines."""

    request_id: int
    authority: str
    subject: str
    regime: str
    created: bool
    state_before: str | None
    state_after: str
    deadlines: tuple[DeadlineChange, ...]


@dataclass(frozen=True, slots=True)
class MessageStep:
    """One sample message as the pipeline saw it."""

    role: Literal["inbox", "sent"]
    sender: str
    recipients: tuple[str, ...]
    subject: str
    message_id: str | None
    outcome: Literal["processed", "duplicate", "quarantined"]
    kind: str | None = None
    confidence: float | None = None
    evidence: tuple[str, ...] = ()
    reply_by: dt.date | None = None
    due_date: dt.date | None = None
    reference: str | None = None
    request_id: int | None = None
    match_method: str | None = None
    disposition: str | None = None
    quarantine_reason: str | None = None


@dataclass(frozen=True, slots=True)
class Delivery:
    """One alert, reminder, digest or draft, as written to the output folder."""

    channel: Literal["email", "draft"]
    label: str  # alert, reminder, digest, autoconfirm, draft ... (from the idempotency key)
    key: str
    recipients: tuple[str, ...]
    subject: str
    in_reply_to: str | None
    file: str  # name inside the output folder


@dataclass(frozen=True, slots=True)
class Step:
    """One point on the simulated clock where something happened."""

    at: dt.datetime  # local time (Europe/London)
    trigger: Literal["message", "sweep"]
    message: MessageStep | None
    changes: tuple[RequestChange, ...]
    deliveries: tuple[Delivery, ...]


@dataclass(frozen=True, slots=True)
class DemoReport:
    owner: str
    start: dt.date
    end: dt.date
    output: Path
    auto_confirm: bool
    steps: tuple[Step, ...]
    requests: tuple[FoiRequest, ...]  # every request as it stands at the end
    files: tuple[str, ...]


@dataclass
class _Tick:
    at: dt.datetime  # UTC
    message: MaildirMessage | None = None
    role: Literal["inbox", "sent"] = "inbox"


class OutputFolder:
    """The demo's output folder: .eml files plus a manifest of exactly what the demo wrote."""

    def __init__(self, path: Path) -> None:
        if path.exists() and not path.is_dir():
            raise UsageError(f"--output: {path} exists and is not a directory")
        self.path = path
        self.written: list[str] = []
        self._previous = self._read_manifest()

    def _read_manifest(self) -> list[str]:
        manifest = self.path / MANIFEST
        if not manifest.is_file():
            return []
        names = manifest.read_text(encoding="utf-8").splitlines()
        # only plain names inside the folder: a tampered manifest cannot delete elsewhere
        return [n for n in names if n and n == Path(n).name and n != MANIFEST]

    def prepare(self) -> int:
        """Create the folder and remove the files a previous demo run wrote; returns how many."""
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"--output: cannot create {self.path}: {exc.strerror}") from None
        removed = 0
        for name in self._previous:
            try:
                (self.path / name).unlink()
                removed += 1
            except FileNotFoundError:
                pass
        self._save_manifest()
        return removed

    def write(self, stem: str, raw: bytes) -> str:
        name = f"{len(self.written) + 1:03d}-{stem}.eml"
        target = self.path / name
        if target.exists():
            raise UsageError(
                f"--output: {target} was not written by foibot demo; choose an empty or new folder"
            )
        target.write_bytes(raw)
        self.written.append(name)
        self._save_manifest()  # after every file, so an interrupted run is still cleaned up next time
        return name

    def _save_manifest(self) -> None:
        (self.path / MANIFEST).write_text("".join(f"{n}\n" for n in self.written), encoding="utf-8")


class _Recorder:
    """The file-writing Sender and DraftSaver: each message becomes an .eml file and a Delivery."""

    def __init__(self, output: OutputFolder, clock: FixedClock) -> None:
        self.output = output
        self.clock = clock
        self.pending: list[Delivery] = []

    async def send(self, raw: bytes, sender: str, recipients: list[str]) -> None:
        self._record("email", raw, tuple(recipients), key=None)

    def save(self, mailbox: str, raw: bytes, key: str) -> None:
        self._record("draft", raw, None, key=key)

    def take(self) -> tuple[Delivery, ...]:
        done, self.pending = tuple(self.pending), []
        return done

    def _record(
        self,
        channel: Literal["email", "draft"],
        raw: bytes,
        recipients: tuple[str, ...] | None,
        key: str | None,
    ) -> None:
        msg = _parse(raw)
        key = key or str(msg.get("X-Foibot-Key", "") or "")
        label = "draft" if channel == "draft" else (key.split(":", 1)[0] or "email")
        subject = " ".join(str(msg.get("Subject", "")).split())
        day = self.clock.now().astimezone(zoneinfo.ZoneInfo(TIMEZONE)).date()
        name = self.output.write(f"{day.isoformat()}-{label}-{_slug(subject)}", raw)
        in_reply_to = msg.get("In-Reply-To")
        self.pending.append(
            Delivery(
                channel=channel,
                label=label,
                key=key,
                recipients=recipients if recipients is not None else tuple(_addresses(msg, "To")),
                subject=subject,
                in_reply_to=None if in_reply_to is None else str(in_reply_to).strip(),
                file=name,
            )
        )


def _parse(raw: bytes) -> EmailMessage:
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def _addresses(msg: EmailMessage, header: str) -> list[str]:
    value = msg.get(header)
    if value is None:
        return []
    return [a.addr_spec for a in getattr(value, "addresses", ())]


def _slug(text: str, limit: int = 48) -> str:
    text = re.sub(r"^\[foibot\]\s*", "", text, flags=re.IGNORECASE)
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "message"


def demo_settings(database: Path) -> Settings:
    """The configuration the demo runs with: the sample requester, defaults everywhere else."""
    return Settings(
        storage=StorageSettings(path=database),
        mailbox=[
            MailboxSettings(
                name=MAILBOX_NAME,
                host="localhost",  # never contacted: the demo reads a Maildir
                security="none",
                username=SAMPLE_OWNER,
                sent_folder=SENT_FOLDER,
            )
        ],
        smtp=SmtpSettings(host="localhost", port=25, security="none", from_address=FOIBOT_ADDRESS),
        notify=NotifySettings(to=[SAMPLE_OWNER]),
        policy=PolicySettings(timezone=TIMEZONE, auto_confirm_still_required=False),
    )


def run_demo(output: Path, *, until: dt.date | None = None) -> DemoReport:
    """Run the simulation into `output` (created if needed) and describe every step."""
    folder = OutputFolder(output)
    local = zoneinfo.ZoneInfo(TIMEZONE)
    with tempfile.TemporaryDirectory(prefix="foibot-demo-") as tmp:
        source = MaildirSource(_sample_copy(Path(tmp)))
        settings = demo_settings(Path(tmp) / "foibot.db")
        ticks = [_Tick(m.delivered_at, m, "inbox") for m in source.messages(INBOX)]
        ticks += [_Tick(m.delivered_at, m, "sent") for m in source.messages(SENT_FOLDER)]
        days = sorted(t.at.astimezone(local).date() for t in ticks)
        start, end = days[0], until or days[-1] + dt.timedelta(days=DAYS_AFTER_LAST_MESSAGE)
        if end < start:
            raise UsageError(f"--until: {end} is before the first sample message ({start})")
        ticks += [
            _Tick(dt.datetime.combine(day, SWEEP_TIME, local).astimezone(dt.UTC)) for day in _days(start, end)
        ]
        ticks = sorted(
            (t for t in ticks if t.at.astimezone(local).date() <= end),
            key=lambda t: (t.at, t.message is None),
        )
        folder.prepare()
        store = Store.open(settings.storage.path)
        try:
            steps = asyncio.run(_simulate(store, settings, ticks, folder))
            requests = tuple(store.list_requests(open_only=False))
        finally:
            store.close()
    return DemoReport(
        owner=SAMPLE_OWNER,
        start=start,
        end=end,
        output=output,
        auto_confirm=settings.policy.auto_confirm_still_required,
        steps=tuple(steps),
        requests=requests,
        files=tuple(folder.written),
    )


async def _simulate(store: Store, settings: Settings, ticks: list[_Tick], output: OutputFolder) -> list[Step]:
    clock = FixedClock(ticks[0].at)
    recorder = _Recorder(output, clock)
    on_change = functools.partial(on_request_changed, settings=settings)
    local = zoneinfo.ZoneInfo(TIMEZONE)
    steps: list[Step] = []
    for tick in ticks:
        clock.set(tick.at)
        now = clock.now()
        before = _snapshot(store)
        message_step = None
        if tick.message is not None:
            raw = tick.message.read()
            source = MessageSource(
                mailbox=MAILBOX_NAME,
                folder=INBOX if tick.role == "inbox" else SENT_FOLDER,
                role=tick.role,
                uidvalidity=UIDVALIDITY,
                uid=tick.message.uid,
                delivered_at=tick.message.delivered_at,
            )
            with store.transaction():
                ingest(store, raw, source, now=now, settings=settings, on_change=on_change)
            message_step = _message_step(store, source, raw)
        with store.transaction():
            sweep(store, now, settings)
        await deliver(store, now, settings, sender=recorder, drafts=recorder)
        changes = _changes(before, _snapshot(store))
        deliveries = recorder.take()
        if message_step is not None or changes or deliveries:
            trigger: Literal["message", "sweep"] = "sweep" if message_step is None else "message"
            steps.append(Step(now.astimezone(local), trigger, message_step, changes, deliveries))
    return steps


def _days(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


def _sample_copy(into: Path) -> Path:
    """A private, complete copy of the bundled Maildir (git and wheels drop its empty new/ tmp/)."""
    target = into / "Maildir"
    with resources.as_file(resources.files("foibot") / "sample" / "Maildir") as bundled:
        shutil.copytree(bundled, target)
    for folder in (target, *(p for p in target.iterdir() if p.name.startswith(".") and p.is_dir())):
        for sub in ("cur", "new", "tmp"):
            (folder / sub).mkdir(exist_ok=True)
    return target


def _snapshot(store: Store) -> dict[int, FoiRequest]:
    return {request.id: request for request in store.list_requests(open_only=False)}


def _changes(before: dict[int, FoiRequest], after: dict[int, FoiRequest]) -> tuple[RequestChange, ...]:
    found = []
    for request_id, new in sorted(after.items()):
        old = before.get(request_id)
        old_deadlines = old.deadlines if old is not None else Deadlines()
        moved = tuple(
            DeadlineChange(f.name, getattr(old_deadlines, f.name), getattr(new.deadlines, f.name))
            for f in fields(Deadlines)
            if getattr(old_deadlines, f.name) != getattr(new.deadlines, f.name)
        )
        if old is not None and old.state == new.state and not moved:
            continue
        found.append(
            RequestChange(
                request_id=request_id,
                authority=new.authority_email,
                subject=new.subject,
                regime=new.regime,
                created=old is None,
                state_before=None if old is None else old.state.value,
                state_after=new.state.value,
                deadlines=moved,
            )
        )
    return tuple(found)


def _message_step(store: Store, source: MessageSource, raw: bytes) -> MessageStep:
    mail = parse_mail(raw, delivered_at=source.delivered_at)
    seen = MessageStep(
        role=source.role,
        sender=mail.from_addr or "(no sender)",
        recipients=mail.to,
        subject=mail.subject,
        message_id=mail.message_id,
        outcome="duplicate",
    )
    rows = store.message_rows(
        "mailbox = ? AND folder = ? AND uidvalidity = ? AND uid = ?",
        (source.mailbox, source.folder, source.uidvalidity, source.uid),
    )
    if rows:
        row = rows[-1]
        return replace(
            seen,
            outcome="processed",
            kind=row["kind"],
            confidence=row["confidence"],
            evidence=tuple(json.loads(row["evidence_json"] or "[]")),
            reply_by=_date(row["reply_by"]),
            due_date=_date(row["due_date"]),
            reference=row["reference"],
            request_id=row["request_id"],
            match_method=row["match_method"],
            disposition=row["disposition"],
        )
    for quarantined in store.quarantine_rows():
        where = (quarantined["mailbox"], quarantined["folder"], quarantined["uid"])
        if where == (source.mailbox, source.folder, source.uid):
            return replace(seen, outcome="quarantined", quarantine_reason=quarantined["reason"])
    return seen


def _date(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)
