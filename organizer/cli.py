"""``flask organizer ...`` commands. Each command is one unit of work (``platform.unit_of_work``):
it commits once when it returns and rolls back when it fails."""
from __future__ import annotations

import click
from flask import Flask

from .extensions import db
from .platform.unit_of_work import cli_group

group = cli_group("organizer", help="Organizer administration commands.")


@group.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", prompt=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--language", default="en", show_default=True, help="One of the site's LANGUAGES.")
def create_admin(email: str, name: str, password: str, language: str) -> None:
    """Create a site administrator (or make an existing account one)."""
    from flask import current_app

    from .accounts import services

    if language not in current_app.config["LANGUAGES"]:  # the configured languages, not a fixed list
        raise click.UsageError(f"--language must be one of: {', '.join(current_app.config['LANGUAGES'])}.")
    if len(password) < current_app.config["PASSWORD_MIN_LENGTH"]:
        raise click.UsageError(f"The password needs at least {current_app.config['PASSWORD_MIN_LENGTH']} characters.")
    user = services.get_by_email(email)
    if user is None:
        user = services.create_user(email, name, password, language, is_admin=True, confirmed=True)
        click.echo(f"Created administrator {user.email}.")
    else:
        user.is_admin = True
        user.set_password(password)
        click.echo(f"{user.email} is now an administrator.")


@group.command("send-mail")
def send_mail() -> None:
    """Deliver the queued messages of the outbox now (also those waiting for a retry). For
    continuous delivery run `flask organizer mail-worker`."""
    from .mail.services import deliver_pending

    sent, queued = deliver_pending(limit=10_000, respect_backoff=False)
    click.echo(f"Sent {sent} message(s); {queued} still queued.")


@group.command("backup")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Where to write the copy.")
def backup(output: str | None) -> None:
    """Write a consistent copy of the SQLite database (online backup; the app may keep running).
    For PostgreSQL use pg_dump (see the README)."""
    import os
    import sqlite3

    from flask import current_app

    from .database import utcnow

    engine = db.engine
    if engine.dialect.name != "sqlite":
        raise click.ClickException(
            "This database is PostgreSQL: back it up with pg_dump, e.g. "
            "pg_dump --format=custom --file organizer.dump \"$DATABASE_URL\" (see the README).")
    source = engine.url.database
    if not output:
        folder = os.path.join(current_app.instance_path, "backups")
        os.makedirs(folder, exist_ok=True)
        output = os.path.join(folder, f"organizer-{utcnow():%Y%m%d-%H%M%S}.sqlite")
    if os.path.exists(output):
        raise click.ClickException(f"{output} exists already; choose another file.")
    src = sqlite3.connect(source)
    dest = sqlite3.connect(output)
    try:
        with dest:
            src.backup(dest)
        check = dest.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        dest.close()
        src.close()
    if check != "ok":
        raise click.ClickException(f"The copy failed its integrity check: {check}")
    click.echo(f"Backed up {source} to {output}.")


@group.command("render-ahead")
@click.option("--loop", is_flag=True, help="Keep every public page warm: a pass every --interval seconds.")
@click.option("--interval", type=float, default=60, show_default=True)
def render_ahead(loop: bool, interval: float) -> None:
    """Render every public page and export (agenda, convening page, declarations and PDFs) in every
    language into the shared cache, so no visitor waits for a cold render. Cached ones cost a
    look-up. Releases, adoptions and corrections also render their pages right after they commit."""
    import time

    from flask import current_app

    from .platform import http_cache

    app = current_app._get_current_object()
    while True:
        rendered = http_cache.warm_everything(app)
        click.echo(f"rendered {rendered} page(s) ahead; {len(http_cache.stats(app).warmed)} checked", err=True)
        if not loop:
            break
        time.sleep(interval)


def init_app(app: Flask) -> None:
    from .domains import cli_commands

    for command in cli_commands():
        if command.name not in group.commands:
            group.add_command(command)
    app.cli.add_command(group)
