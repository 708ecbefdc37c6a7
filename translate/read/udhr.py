"""Reader for Unicode UDHR XML (github.com/eric-muller/udhr): one paragraph per line.

The XML has a title, an optional note, a preamble and 30 articles, each with a
title and paragraphs (some inside ordered-list items). :func:`read_udhr` returns
them in document order with the section they belong to, so a test or an
evaluation can check that article N aligns with article N; :func:`udhr_text`
joins them into the plain text `translate` reads (one paragraph per line, blank
lines between, as pasted web text looks). Uses the standard library's XML parser.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ..errors import InputError

NS = "{http://efele.net/udhr}"


@dataclass(frozen=True)
class UdhrParagraph:
    section: str
    """"title", "note", "preamble" or "article N"."""
    kind: str
    """"title" (a heading) or "para"."""
    text: str


def read_udhr(path: str | os.PathLike[str]) -> list[UdhrParagraph]:
    try:
        root = ET.parse(path).getroot()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file", "check the path") from None
    except ET.ParseError as exc:
        raise InputError(f"{path}: not valid UDHR XML ({exc})", "give a file from the Unicode UDHR project") from None
    out: list[UdhrParagraph] = []

    def text_of(el) -> str:
        return " ".join("".join(el.itertext()).split())

    for child in root:
        tag = child.tag.replace(NS, "")
        if tag == "title":
            out.append(UdhrParagraph("title", "title", text_of(child)))
            continue
        section = {"note": "note", "preamble": "preamble"}.get(tag)
        if tag == "article":
            section = f"article {child.get('number', '?')}"
        if section is None:
            continue
        for el in child.iter():
            etag = el.tag.replace(NS, "")
            if etag in ("title", "para") and text_of(el):
                out.append(UdhrParagraph(section, "title" if etag == "title" else "para", text_of(el)))
    if not out:
        raise InputError(f"{path}: no UDHR paragraphs found", "give a file from the Unicode UDHR project")
    return out


def udhr_text(paragraphs: list[UdhrParagraph]) -> str:
    """Plain text: one paragraph per line, a blank line between paragraphs."""
    return "\n\n".join(p.text for p in paragraphs) + "\n"
