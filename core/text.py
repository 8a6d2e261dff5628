"""Text from outside (API names, link values, error texts) shown through Markdown, as text."""

from __future__ import annotations

import re

# The marks that make Markdown structure (emphasis, code, links and images, HTML, headings, tables,
# strikethrough, maths) or Streamlit directives (":red[...]", ":material/icon:").
_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$:])")


def md(text: object) -> str:
    """Escape `text` so Streamlit's Markdown shows it literally: no links, HTML, styling or icons."""
    return _SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")
