"""Article text cannot load anything from outside: Markdown guards for every page.

Images are dropped, links keep only http(s) targets, raw HTML is never rendered (Streamlit's
Markdown escapes it); the page calls `safe_markdown` on every article text it shows.
"""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt

_BRACKETED = r"\[((?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*)\]"
_TITLE = r"""(?:\s+(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)))?"""
_DESTINATION = r"\(\s*(<[^<>\n]*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*)" + _TITLE + r"\s*\)"
_IMAGE = re.compile(r"!" + _BRACKETED + rf"(?:{_DESTINATION}|\[[^\[\]]*\])?")
_LINK = re.compile(r"(?<![\\!])" + _BRACKETED + _DESTINATION)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^<>\s]*)>")
_DEFINITION = re.compile(r"^ {0,3}\[(?:[^\]\\]|\\.)+\]:[ \t]*\n?[ \t]*(<[^>\n]*>|\S+).*$", re.M)
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_PARSER.validateLink = lambda url: True  # type: ignore[method-assign]  # see every link
SAFE_SCHEMES = {"http", "https"}


def safe_link(url: str) -> bool:
    """Whether a link target stays safe: http(s), or in the app (a path, a query or `#anchor`)."""
    # Browsers drop tabs, newlines and controls inside URLs and read a backslash as a slash.
    target = "".join(ch for ch in html.unescape(url) if ch.isprintable() and not ch.isspace())
    target = target.strip("<>").replace("\\", "/")
    if scheme := _SCHEME.match(target):
        return scheme.group(1).casefold() in SAFE_SCHEMES
    return not target.startswith("//")  # `//host/...` is another site


def _drop_images(text: str) -> str:
    for _ in range(5):  # an image inside an image's alt text comes out on the next pass
        text, count = _IMAGE.subn(lambda m: m.group(1), text)
        if not count:
            break
    return text


def _unsafe(markdown: str) -> bool:
    """True when a CommonMark parse still finds an image or an unsafe link."""
    for block in _PARSER.parse(markdown):
        for token in block.children or []:
            if token.type == "image":
                return True
            if token.type == "link_open" and not safe_link(str(token.attrs.get("href", ""))):
                return True
    return False


def safe_markdown(markdown: str | None) -> str:
    """Article Markdown that cannot load anything: images become their alt text, and a link
    to anything but http(s) or a page of this app becomes its plain text.

    Rewritten with patterns, then checked with a real parse; if the parse still finds an image
    or an unsafe link, every bracket is escaped so the text shows, with no link at all.
    """
    text = _drop_images(markdown or "")
    text = _LINK.sub(lambda m: m.group(0) if safe_link(m.group(2)) else m.group(1), text)
    text = _AUTOLINK.sub(
        lambda m: m.group(0) if safe_link(m.group(1)) else rf"\<{m.group(1)}\>", text
    )
    text = _DEFINITION.sub(lambda m: m.group(0) if safe_link(m.group(1)) else "", text)
    if _unsafe(text):
        text = re.sub(r"([\\\[\]!<>()])", r"\\\1", markdown or "")
    return text
