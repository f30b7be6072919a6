"""``flask organizer search-index``: build the site search's index again from the records."""
from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.command("search-index")
@with_appcontext
def search_index_command() -> None:
    """Rebuild the site search's index (it follows every change by itself; run this after loading
    rows outside the application, or after changing the synonyms or the index's layout). Every
    cached public page is renewed with it (rows loaded outside the application may show anywhere)."""
    from ..extensions import db
    from ..platform import http_cache
    from .search_index import rebuild

    counts = rebuild()
    http_cache.renew_on_commit(db.session, [http_cache.GLOBAL])
    click.echo("Search index rebuilt: " + ", ".join(f"{kind} {n}" for kind, n in counts.items()))


commands = [search_index_command]
