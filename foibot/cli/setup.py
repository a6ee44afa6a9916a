"""`foibot init`: ask a few questions (or take flags) and write a starter configuration."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

import click

from foibot.cli.common import app

if TYPE_CHECKING:  # pydantic is heavy; `foibot --help` imports every command module
    from foibot.config import Security

_SECURITY = click.Choice(["tls", "starttls", "none"])


@click.command()
@click.option(
    "--output",
    "output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the configuration. Default: --config, else ~/.config/foibot/foibot.toml.",
)
@click.option("--email", help="Your email address (the IMAP user name and where alerts go).")
@click.option("--name", "owner_name", help="Your name, to sign drafted replies (optional).")
@click.option("--imap-host", help="IMAP server, e.g. imap.example.org.")
@click.option("--imap-port", type=click.IntRange(1, 65535), help="Default: 993 (tls) or 143 (starttls).")
@click.option("--security", type=_SECURITY, help="IMAP connection security. Default: tls.")
@click.option("--smtp-host", help="SMTP server for alerts; leave out to skip email alerts.")
@click.option("--smtp-port", type=click.IntRange(1, 65535), help="Default: 465 (tls) or 587 (starttls).")
@click.option("--smtp-security", type=_SECURITY, help="SMTP connection security. Default: tls.")
@click.option("--regime", help="The FOI law your requests are under. Default: uk_foia.")
@click.option(
    "--password-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Reference an existing file holding the password instead of being asked for it.",
)
@click.option(
    "--systemd",
    "for_systemd",
    is_flag=True,
    help="Read passwords from systemd credentials and keep the database in /var/lib/foibot.",
)
@click.option("--non-interactive", is_flag=True, help="Never prompt; take everything from flags.")
@click.option("--force", is_flag=True, help="Overwrite an existing configuration and password file.")
@click.pass_context
def init(
    ctx: click.Context,
    output: Path | None,
    email: str | None,
    owner_name: str | None,
    imap_host: str | None,
    imap_port: int | None,
    security: str | None,
    smtp_host: str | None,
    smtp_port: int | None,
    smtp_security: str | None,
    regime: str | None,
    password_file: Path | None,
    for_systemd: bool,
    non_interactive: bool,
    force: bool,
) -> None:
    """Write a commented starter configuration (mode 0600); the password goes to its own file.

    Asks for anything not given as a flag unless --non-interactive. The password is never taken
    from the command line: it is asked for without echo and written to `imap-password` beside
    the configuration (mode 0600), or referenced with --password-file.
    """
    from foibot.errors import UsageError
    from foibot.service.init_config import (
        DEFAULT_IMAP_PORTS,
        DEFAULT_SMTP_PORTS,
        StarterAnswers,
        default_config_path,
        write_starter_config,
    )

    def ask(
        value: str | None, flag: str, question: str, default: str | None = None, *, guess: str | None = None
    ) -> str:
        """The flag's value, else a prompt (offering `default` or a `guess`), else the default."""
        if value is not None:
            return value
        if non_interactive:
            if default is not None:
                return default
            raise UsageError(f"{flag} is required with --non-interactive")
        answer: str = click.prompt(question, default=default or guess, type=str)
        return answer.strip()

    config_path = app(ctx).config_path
    target = output or (Path(config_path) if config_path else default_config_path())
    email = ask(email, "--email", "Your email address")
    if owner_name is None and not non_interactive:
        owner_name = ask(None, "--name", "Your name, to sign drafted replies (- for none)", default="-")
    owner_name = None if owner_name in (None, "", "-") else owner_name
    imap_host = ask(imap_host, "--imap-host", "IMAP server", guess=_guess_host("imap", email))
    security = ask(security, "--security", "IMAP security (tls, starttls, none)", default="tls")
    if imap_port is None:
        imap_port = DEFAULT_IMAP_PORTS.get(security, 993)
        if not non_interactive:
            imap_port = click.prompt("IMAP port", default=imap_port, type=click.IntRange(1, 65535))
    if smtp_host is None and not non_interactive:
        answer = ask(
            None, "--smtp-host", "SMTP server for email alerts (- for none)", _guess_host("smtp", email)
        )
        smtp_host = None if answer in ("", "-") else answer
    smtp_security = smtp_security or "tls"
    smtp_port = smtp_port or DEFAULT_SMTP_PORTS.get(smtp_security, 465)
    regime = ask(regime, "--regime", "FOI law (e.g. uk_foia, scot_foisa, us_foia)", default="uk_foia")
    password: str | None = None
    if password_file is None and not non_interactive:
        password = click.prompt(
            "Mailbox password (stored in a separate file, mode 0600)",
            hide_input=True,
            confirmation_prompt=True,
        )
    answers = StarterAnswers(
        email=email,
        imap_host=imap_host,
        imap_port=imap_port,
        security=cast("Security", security),  # validated with the config models before writing
        smtp_host=smtp_host,
        smtp_port=smtp_port,
        smtp_security=cast("Security", smtp_security),
        regime=regime,
        password_file=password_file.expanduser().absolute() if password_file else None,
        secrets="credential" if for_systemd else "file",
        owner_name=owner_name,
    )
    written = write_starter_config(target.expanduser(), answers, password=password, force=force)
    click.echo(f"Wrote {written.config} (mode 0600).")
    if written.password_file is not None:
        click.echo(f"Wrote the password to {written.password_file} (mode 0600).")
    if written.password_needed is not None:
        click.echo(f"Now put the password into {written.password_needed} (then: chmod 600 it).")
    click.echo(f"Next: foibot --config {written.config} check")


def _guess_host(service: str, email: str) -> str:
    domain = email.rpartition("@")[2]
    return f"{service}.{domain}" if domain else ""
