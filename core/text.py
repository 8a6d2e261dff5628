"""Text from outside (API names, link values, error texts) made inert for each renderer.

Markdown (`md`): every mark that makes structure, links, HTML, styling or
Streamlit directives is escaped. Escapes do not stop GFM's autolinks (Streamlit
finds bare URLs, `www.` names and e-mail addresses in the text after escapes
are resolved), so an invisible word joiner (U+2060) is put inside `://`, after
`www`, before `@` and after a colon that starts a word (emoji shortcodes are
found the same way): the text reads the same and links nothing.
Plotly (`plot_text`): it renders a subset of HTML (links, styles, line breaks)
in every text property, so "&", "<" and ">" become entities, shown as text.
CSV formula quoting is in `core.exports`.
"""

from __future__ import annotations

import re

# The marks that make Markdown structure (emphasis, code, links and images, HTML, headings, tables,
# strikethrough, maths) or Streamlit directives (":red[...]", ":material/icon:").
_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$:])")
_JOINER = "\u2060"
# Also after a colon that starts a word: emoji shortcodes (":warning:", ":material_warning:") are found after
# escapes are resolved, as autolinks are.
_AUTOLINKS = re.compile(r"(?i)(?<=:)(?=//)|(?<=\bwww)(?=\.)|(?=@)|(?<=:)(?=[\w+-])")


def md(text: object) -> str:
    """Escape `text` so Streamlit's Markdown shows it literally: no links, HTML, styling or icons."""
    unlinked = _AUTOLINKS.sub(_JOINER, str(text))
    return _SPECIAL.sub(r"\\\1", unlinked).replace("\n", " ")


def plot_text(text: object) -> str:
    """Escape `text` for any Plotly text property (names, ticks, hover, titles, legends)."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
