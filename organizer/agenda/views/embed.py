"""The embeddable agenda: the latest released agenda without the site around it, for another site's
``<iframe>`` (the only page any site may frame), its optional colors, and the page that gives the
snippet to copy (an ``<iframe>``, or a small script that also fits the frame's height)."""
from __future__ import annotations

import re

from flask import Response, abort, current_app, g, make_response, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from ...i18n.formatting import translated_plain

from ...platform import http_cache
from ...security import allow_framing
from .. import cache as render_cache
from .. import services
from ..view import Agenda
from . import _readable, bp

#: The colors a site may set, and the site's own (the defaults).
DEFAULT_COLORS = {"accent": "1a5fb4", "background": "ffffff", "text": "1d1d1f"}
HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


def _luminance(hex6: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, gr, b = (int(hex6[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(gr) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def colors(args) -> dict[str, str]:
    """The colors asked for in the query (``accent``, ``background``, ``text``: hex, with or without
    ``#``), validated: anything else is ignored, and so is a pair that would be hard to read (less
    than WCAG's 4.5:1 against the background). Only those differing from the defaults are kept."""
    chosen = {}
    for name in DEFAULT_COLORS:
        raw = (args.get(name) or "")[:8]
        match = HEX.fullmatch(raw)
        if match:
            value = match.group(1).lower()
            chosen[name] = value if len(value) == 6 else "".join(c * 2 for c in value)
    background = chosen.get("background", DEFAULT_COLORS["background"])
    for name in ("text", "accent"):
        if contrast(chosen.get(name, DEFAULT_COLORS[name]), background) < 4.5:
            chosen.pop(name, None)
            if contrast(DEFAULT_COLORS[name], background) < 4.5:
                chosen.pop("background", None)  # the default colors would not read on it either
                background = DEFAULT_COLORS["background"]
    return {k: v for k, v in chosen.items() if v != DEFAULT_COLORS[k]}


@bp.route("/embed")
def embed(slug: str):
    """The latest released agenda, in the address's language, following its frame's width. Shared
    through the page cache for anonymous readers when no colors are asked for (colors, validated
    but countless, are rendered each time so they cannot flood the cache)."""
    g.keep_language_cookie = True
    chosen = colors(request.args)

    def render():
        convening = _readable(slug)
        release = services.latest_release(convening)
        agenda = Agenda.of_release(release) if release else None
        return render_template("agenda/embed.html", convening=convening, release=release, agenda=agenda,
                               days=agenda.days() if agenda else [], undated=agenda.undated() if agenda else [],
                               theme=url_for("agenda.embed_theme", slug=slug, **chosen) if chosen else None)

    if chosen:
        return allow_framing(make_response(render()))
    return allow_framing(http_cache.serve(f"agenda.embed:{slug}", render_cache.stamps(slug), render,
                                         bypass=tuple(DEFAULT_COLORS)))


@bp.route("/embed/theme.css")
def embed_theme(slug: str):
    """The colors of an embedded agenda, as a stylesheet (the pages allow no inline style)."""
    _readable(slug)
    chosen = {**DEFAULT_COLORS, **colors(request.args)}
    css = (f":root{{--embed-accent:#{chosen['accent']};--embed-background:#{chosen['background']};"
           f"--embed-text:#{chosen['text']}}}\n")
    response = Response(css, mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


@bp.route("/share")
def embed_code(slug: str):
    """The snippets to show this agenda on another site, with a choice of language and colors."""
    convening = _readable(slug)
    release = services.latest_release(convening)
    lang = request.args.get("language") or g.get("lang_code")
    if lang not in current_app.config["LANGUAGES"]:
        lang = g.get("lang_code")
    chosen = colors(request.args)
    if release is None:
        abort(404)
    src = url_for("agenda.embed", slug=slug, lang_code=lang, _external=True, **chosen)
    with force_locale(lang):  # the snippet names the agenda in the language it shows
        title = _("Agenda: %(title)s", title=translated_plain(convening.title, lang))
    return render_template("agenda/embed_code.html", convening=convening, release=release, src=src, lang=lang,
                           frame_title=title,
                           chosen={**DEFAULT_COLORS, **chosen},
                           script=url_for("static", filename="agenda-embed.js", _external=True),
                           page=url_for("agenda.index", slug=slug, lang_code=lang, _external=True))
