"""``flask organizer search-index``: build the site search's index again from the records."""
from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.command("search-index")
@with_appcontext
def search_index_command() -> None:
    """Rebuild the site search's index (it follows every change by itself; run this after loading
    rows outside the application, or after changing the synonyms or the index's layout)."""
    from .search_index import rebuild

    counts = rebuild()
    click.echo("Search index rebuilt: " + ", ".join(f"{kind} {n}" for kind, n in counts.items()))


commands = [search_index_command]
