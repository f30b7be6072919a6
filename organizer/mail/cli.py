"""``flask organizer mail-worker``: deliver the outbox continuously, beside the web server."""
from __future__ import annotations

import signal
import threading

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db


@click.command("mail-worker")
@click.option("--batch", type=int, default=50, show_default=True, help="Messages claimed at a time.")
@click.option("--interval", type=float, default=None, help="Seconds to sleep when nothing is due "
              "(default: MAIL_WORKER_INTERVAL).")
@click.option("--once", is_flag=True, help="Deliver what is due once, then stop.")
@with_appcontext
def mail_worker(batch: int, interval: float | None, once: bool) -> None:
    """Send queued mail until stopped (SIGTERM or Ctrl-C finish the message in progress, give the
    rest of the batch back and exit). On PostgreSQL several workers may run; on SQLite run one."""
    from .delivery import Result, deliver

    interval = current_app.config["MAIL_WORKER_INTERVAL"] if interval is None else interval
    stop = threading.Event()

    def _stop(signum, _frame):
        stop.set()

    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    click.echo(f"mail worker started ({db.engine.dialect.name}); stop with SIGTERM", err=True)
    try:
        while not stop.is_set():
            try:
                result = deliver(batch, stop=stop)
            except SQLAlchemyError:
                current_app.logger.exception("mail worker: database error; retrying")
                result = Result()
            finally:
                db.session.remove()
            if result.claimed:
                click.echo(f"sent {result.sent}, failed {result.failed}, to retry {result.retried}", err=True)
            if once:
                break
            if result.claimed < batch:
                stop.wait(interval)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    click.echo("mail worker stopped", err=True)


commands = [mail_worker]
