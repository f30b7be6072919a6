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

    with current_app.test_request_context(base_url=current_app.config["PUBLIC_BASE_URL"]):
        sent = services.send_reminders()
        db.session.commit()
    click.echo(f"Queued {sent} reminder(s).")


@click.command("expire-offers")
@with_appcontext
def expire_offers() -> None:
    """Offered places not answered in time go to the next on the waiting list (run hourly)."""
    from ..database import write_transaction
    from . import queries, services

    lapsed = 0
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_BASE_URL"]):
        for convening_id in queries.convenings_with_registration():
            with write_transaction(db.session):  # one transaction, and one lock, per convening
                lapsed += services.expire_offers(convening_id)
    click.echo(f"{lapsed} offer(s) lapsed.")


commands = [send_reminders, expire_offers]
