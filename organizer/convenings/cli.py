"""``flask organizer seed``: load the archive from the seed files."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from ..platform import unit_of_work


@click.command("seed")
@click.option("--directory", "-d", type=click.Path(file_okay=False), default=None,
              help="Seeds directory (default: the SEEDS_DIR setting, else seeds/ of the project).")
@with_appcontext
def seed_command(directory: str | None) -> None:
    """Load (or update) the archive of past convenings from the seed files. Safe to run again."""
    from .seeding import SeedError, seed

    try:
        stats = seed(directory)
    except SeedError as error:
        unit_of_work.commit()  # the files before the invalid one are valid and stay loaded
        click.echo(f"Seed data is invalid; nothing of {error.file} was loaded.", err=True)
        click.echo(f"  {error}", err=True)
        raise SystemExit(1) from None
    files = stats.pop("files read", 0)
    if not stats:
        click.echo(f"Read {files} seed file(s): everything was already up to date.")
        return
    click.echo(f"Read {files} seed file(s):")
    for key in sorted(stats):
        click.echo(f"  {key}: {stats[key]}")


commands = [seed_command]
