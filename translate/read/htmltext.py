"""HTML given instead of plain text: detect it and extract the text with lxml.

Users paste or save web pages. ``looks_like_html`` decides conservatively (a
doctype or ``<html>`` at the start, or many real HTML tags making up a noticeable
part of the text: a Dutch sentence that mentions ``<p>`` once stays text).
``html_to_text`` keeps the paragraph structure the segmenter expects: every block
element (p, div, li, h1-h6, td, ...) becomes its own paragraph, separated by a
blank line; ``<br>`` becomes a line break; ``<pre>`` keeps its lines; script,
style, head, template, svg and comments are dropped; entities are decoded by
lxml. The walk is iterative, so deeply nested pages cannot exhaust the stack.
"""

from __future__ import annotations

import re

from ..errors import InputError

_START = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)
_TAG = re.compile(
    r"</?(?:p|div|br|span|a|li|ul|ol|h[1-6]|table|tr|td|th|tbody|thead|body|head|meta|link|script|style|"
    r"section|article|header|footer|nav|main|aside|img|strong|em|b|i|u|blockquote|pre|code|figure|"
    r"figcaption|form|input|button|label|select|option|iframe|title|noscript)\b[^<>]{0,2000}>",
    re.I,
)

BLOCK = frozenset(
    """address article aside blockquote body caption center dd details dialog div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu nav
    ol option p pre section summary table tbody td tfoot th thead title tr ul""".split()
)
DROP = frozenset("script style head template svg math noscript iframe object embed canvas select button".split())
_WS = re.compile(r"[ \t\n\r\f]+")  # HTML white space; a no-break space is text


def looks_like_html(text: str) -> bool:
    head = text[:4096]
    if _START.match(head):
        return True
    sample = text[:200_000]
    tags = _TAG.findall(sample)
    if len(tags) < 5:
        return False
    markup = sum(len(t) for t in tags)
    return markup >= 0.05 * len(sample.strip()) and sample.lstrip().startswith("<")


def html_to_text(html: str, name: str = "<input>") -> tuple[str, int]:
    """Text of an HTML page with one paragraph per block; returns (text, paragraphs)."""
    import lxml.etree as etree
    import lxml.html

    # lxml refuses str input that carries an encoding declaration; the text is decoded already
    html = re.sub(r"\A\s*<\?xml[^>]*>", "", html)
    try:
        parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True)
        root = lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise InputError(f"{name}: looks like HTML but cannot be parsed ({exc})", "save the page as plain text") from None

    paragraphs: list[str] = []
    current: list[str] = []
    pre_depth = 0

    def flush() -> None:
        if not current:
            return
        raw = "".join(current)
        current.clear()
        lines = []
        for line in raw.split("\n"):
            line = line.rstrip() if pre_depth else _WS.sub(" ", line).strip()
            if line.strip():
                lines.append(line)
        if lines:
            paragraphs.append("\n".join(lines))

    def add(text: str | None) -> None:
        if text:
            current.append(text if pre_depth else text.replace("\n", " "))

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in DROP or not tag:
                walker.skip_subtree()
                continue
            if tag in BLOCK:
                flush()
            if tag == "pre":
                pre_depth += 1
            if tag == "br":
                current.append("\n")
            add(el.text)
        else:
            if tag == "pre":
                flush()
                pre_depth = max(0, pre_depth - 1)
            elif tag in BLOCK:
                flush()
            add(el.tail)
    flush()
    text = "\n\n".join(paragraphs) + ("\n" if paragraphs else "")
    # libxml2 gives up silently on pathological nesting: never drop the user's text quietly
    expected = _letters(_DROPPED.sub(" ", _ANY_TAG.sub(" ", _DROPPED.sub(" ", html))))
    got = _letters(text)
    if got < 0.5 * expected:
        raise InputError(
            f"{name}: HTML could not be read reliably (only {got} of {expected} letters extracted; "
            "nested too deeply or malformed)",
            "save the page as plain text",
        )
    return text, len(paragraphs)


_DROPPED = re.compile(r"<(script|style|template|svg|math|noscript)\b.*?</\1\s*>|<!--.*?-->|<head\b.*?</head\s*>", re.I | re.S)
_ANY_TAG = re.compile(r"<[^<>]*>")


def _letters(text: str) -> int:
    import html as _html

    return sum(1 for ch in _html.unescape(text) if ch.isalpha())
