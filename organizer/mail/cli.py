"""``flask organizer mail-worker``: deliver the outbox continuously, beside the web server."""
from __future__ import annotations

import signal
import threading
import time

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from ..platform import http_cache


@click.command("mail-worker")
@click.option("--batch", type=int, default=50, show_default=True, help="Messages claimed at a time.")
@click.option("--interval", type=float, default=None, help="Seconds to sleep when nothing is due "
              "(default: MAIL_WORKER_INTERVAL).")
@click.option("--once", is_flag=True, help="Deliver what is due once, then stop.")
@with_appcontext
def mail_worker(batch: int, interval: float | None, once: bool) -> None:
    """Send queued mail until stopped, and every RENDER_AHEAD_INTERVAL seconds render the public
    pages that are not in the shared cache (SIGTERM or Ctrl-C finish the message in progress, give the
    rest of the batch back and exit). On PostgreSQL several workers may run; on SQLite run one."""
    from .delivery import Result, deliver

    interval = current_app.config["MAIL_WORKER_INTERVAL"] if interval is None else interval
    stop = threading.Event()

    def _stop(signum, _frame):
        stop.set()

    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    warm_every = float(current_app.config.get("RENDER_AHEAD_INTERVAL") or 0)
    warmed_at = 0.0
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
            if warm_every and time.monotonic() - warmed_at >= warm_every:
                # the second job of this worker: keep every public page rendered ahead in the
                # shared cache (a look-up each when nothing changed)
                warmed_at = time.monotonic()
                try:
                    http_cache.warm_everything(current_app._get_current_object())
                except Exception:
                    current_app.logger.exception("render ahead failed; retrying later")
            if result.claimed < batch:
                stop.wait(interval)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    click.echo("mail worker stopped", err=True)


commands = [mail_worker]
