"""``flask organizer send-reminders``: remind leads before the change deadline."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from ..extensions import db


@click.command("send-reminders")
@with_appcontext
def send_reminders() -> None:
    """Email the leads of delegations whose change deadline is near (each delegation once)."""
    from . import services

    with current_app.test_request_context(base_url=current_app.config["SERVER_NAME_FOR_EMAIL"]):
        sent = services.send_reminders()
        db.session.commit()
    click.echo(f"Queued {sent} reminder(s).")


commands = [send_reminders]
