"""Readers for existing translation memories: TMX, XLIFF 1.2 / 2.x, two-column TSV.

An existing memory is already aligned, so ``translate review --tm FILE`` skips the
aligner: every translation unit becomes one 1:1 link (1:0 when the rendering is
empty, 0:1 when the source is), and the rest of the pipeline (re-translation,
scores, checks, reports) runs as usual.

XML is parsed with lxml, securely: no entity expansion, no DTD loading, no network
(``resolve_entities=False, load_dtd=False, no_network=True``), streamed with
``iterparse`` so a large memory is never held as one tree. Inline markup is reduced
to its text: TMX ``<bpt>/<ept>/<ph>/<it>/<ut>`` and XLIFF ``<ph>/<bpt>/<ept>/<it>``
hold native codes (dropped, their tail kept); ``<hi>``, ``<g>``, ``<mrk>``, ``<pc>``
hold text (kept); XLIFF 2 ``<cp hex>`` is the character it encodes.

Notes of the form ``[severity] code: message`` (what :mod:`translate.report.export` writes)
are read back as flags; other notes are kept as plain notes.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..data import Alignment, Document, Link, Paragraph, Segment, Segmentation, Side
from ..errors import InputError
from .document import normalize, read_document

# The formats' namespaces and the shape of a flag note, shared with the writers in
# translate/report/export.py (which import them from here: a writer stage may import a
# reader, not the other way round).
XML_NS = "http://www.w3.org/XML/1998/namespace"
XLIFF12_NS = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF2_NS = "urn:oasis:names:tc:xliff:document:2.0"
MDA_NS = "urn:oasis:names:tc:xliff:metadata:2.0"
NOTE_RE = re.compile(r"^\[(info|warning|error)\] ([A-Za-z0-9_.:-]+): (.*)$", re.S)
"""Shape of a flag note in TMX/XLIFF exports (read back by the importers)."""

TM_SUFFIXES = {".tmx": "tmx", ".xlf": "xliff", ".xliff": "xliff", ".xlif": "xliff", ".sdlxliff": "xliff",
               ".tsv": "tsv", ".tab": "tsv", ".txt": "tsv"}

_TMX_CODES = {"bpt", "ept", "it", "ph", "ut"}
_X12_CODES = {"bpt", "ept", "it", "ph", "x", "bx", "ex"}
_X2_EMPTY = {"ph", "sc", "ec", "sm", "em"}


@dataclass
class TMFlag:
    severity: str
    code: str
    message: str


@dataclass
class TMUnit:
    id: str
    source: str
    target: str
    flags: list[TMFlag] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    props: dict[str, str] = field(default_factory=dict)


@dataclass
class TranslationMemory:
    path: str
    format: str
    """tmx, xliff-1.2, xliff-2.0, xliff-2.1 or tsv."""
    src_lang: str
    tgt_lang: str
    units: list[TMUnit]
    warnings: list[str] = field(default_factory=list)

    def to_review_input(self) -> tuple[Segmentation, Segmentation, Alignment]:
        """Source and target segmentations (one segment per non-empty side of a
        unit, each its own paragraph) and an alignment of one link per unit."""
        src_texts = [u.source for u in self.units]
        tgt_texts = [u.target for u in self.units]
        source, src_map = _segmentation(src_texts, "src", self.src_lang, self.path)
        target, tgt_map = _segmentation(tgt_texts, "tgt", self.tgt_lang, self.path)
        links: list[Link] = []
        for k in range(len(self.units)):
            s, t = src_map[k], tgt_map[k]
            if s is None and t is None:
                continue
            links.append(Link(() if s is None else (s,), () if t is None else (t,)))
        target.document.warnings.extend(self.warnings)
        return source, target, Alignment(links=links, paragraph_links=list(links), method=f"tm:{self.format}")


def _segmentation(texts: list[str], side: Side, lang: str, path: str) -> tuple[Segmentation, list[int | None]]:
    parts: list[str] = []
    segments: list[Segment] = []
    paragraphs: list[Paragraph] = []
    index_of: list[int | None] = []
    pos = 0
    for text in texts:
        text = normalize(text)[0].strip()
        if not text:
            index_of.append(None)
            continue
        if parts:
            parts.append("\n\n")
            pos += 2
        i = len(segments)
        segments.append(Segment(side, i, i, 0, pos, pos + len(text), text))
        paragraphs.append(Paragraph(side, i, pos, pos + len(text), (i,), text))
        parts.append(text)
        pos += len(text)
        index_of.append(i)
    doc = Document(text="".join(parts), path=path, lang=lang)
    return Segmentation(doc, side, paragraphs, segments), index_of


# ---------------------------------------------------------------- entry point


def tm_format(path: str | os.PathLike[str]) -> str:
    """tmx, xliff or tsv, from the suffix, else from the first bytes."""
    p = Path(path)
    fmt = TM_SUFFIXES.get(p.suffix.lower())
    if fmt and fmt != "tsv":
        return fmt
    head = _head(p)
    if head.startswith("<"):
        low = head.lower()
        if "<tmx" in low:
            return "tmx"
        if "<xliff" in low:
            return "xliff"
        raise InputError(f"{path}: XML but neither TMX nor XLIFF", "give a .tmx, .xlf or two-column .tsv file")
    return "tsv"


def _head(p: Path) -> str:
    try:
        raw = p.read_bytes()[:4096]
    except OSError:
        return ""
    for enc in ("utf-8-sig", "utf-16"):
        try:
            return raw.decode(enc, errors="ignore").lstrip("\ufeff \t\r\n")
        except UnicodeError:
            continue
    return ""


def read_tm(path: str | os.PathLike[str], src_lang: str = "vi", tgt_lang: str = "nl") -> TranslationMemory:
    """Read a TMX, XLIFF or two-column TSV file; raise InputError with a one-line reason."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{path}: no such file", "check the path")
    if p.is_dir():
        raise InputError(f"{path}: is a directory", "give a .tmx, .xlf or .tsv file")
    fmt = tm_format(p)
    if fmt == "tmx":
        tm = read_tmx(p, src_lang, tgt_lang)
    elif fmt == "xliff":
        tm = read_xliff(p, src_lang, tgt_lang)
    else:
        tm = read_tsv(p, src_lang, tgt_lang)
    if not any(u.source or u.target for u in tm.units):
        raise InputError(f"{path}: no translation units with text", "check that the file holds aligned pairs")
    return tm


def _parse_events(path: Path, tags: tuple[str, ...]):
    """Secure streaming parse; yields (event, element) for the given tags."""
    try:
        yield from etree.iterparse(
            str(path), events=("end",), tag=tags, resolve_entities=False, load_dtd=False,
            no_network=True, huge_tree=False, remove_comments=True, remove_pis=True,
        )
    except etree.XMLSyntaxError as exc:
        line = getattr(exc, "lineno", None) or (exc.position[0] if getattr(exc, "position", None) else "?")
        msg = str(exc.msg if hasattr(exc, "msg") else exc).split(" (")[0]
        raise InputError(f"{path}: not well-formed XML at line {line}: {msg}", "repair or re-export the file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})", "check the file") from None


def _release(el) -> None:
    """Free a handled element and the (already cleared) siblings before it."""
    el.clear(keep_tail=True)
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]


def _primary(tag: str | None) -> str:
    return (tag or "").replace("_", "-").split("-")[0].lower()


def _note(unit: TMUnit, text: str) -> None:
    text = (text or "").strip()
    if not text:
        return
    m = NOTE_RE.match(text)
    if m:
        unit.flags.append(TMFlag(m.group(1), m.group(2), m.group(3)))
    else:
        unit.notes.append(text)


def _local(tag) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _text(el, codes: set[str], cp: bool = False) -> str:
    """Text of a segment element with inline codes removed (tails kept)."""
    out = [el.text or ""]
    for child in el:
        name = _local(child.tag)
        if cp and name == "cp":
            try:
                out.append(chr(int(child.get("hex", ""), 16)))
            except (ValueError, OverflowError):
                out.append("\ufffd")
        elif name in codes or not isinstance(child.tag, str):
            pass
        else:
            out.append(_text(child, codes, cp))
        out.append(child.tail or "")
    return "".join(out)


# ----------------------------------------------------------------------- TMX


def read_tmx(path: str | os.PathLike[str], src_lang: str = "vi", tgt_lang: str = "nl") -> TranslationMemory:
    p = Path(path)
    units: list[TMUnit] = []
    header_src = ""
    seen_langs: set[str] = set()
    no_pair = 0
    duplicate = 0
    found_root = False
    want_src, want_tgt = _primary(src_lang), _primary(tgt_lang)
    for _, el in _parse_events(p, ("tmx", "header", "tu")):
        name = el.tag
        if name == "tmx":
            found_root = True
            continue
        if name == "header":
            header_src = el.get("srclang", "")
            continue
        unit = TMUnit(id=el.get("tuid") or str(len(units) + 1), source="", target="")
        for child in el:
            tag = _local(child.tag)
            if tag == "note":
                _note(unit, child.text or "")
            elif tag == "prop":
                unit.props[child.get("type", "")] = child.text or ""
        have_src = have_tgt = False
        for tuv in el.iterchildren("tuv"):
            lang = tuv.get(f"{{{XML_NS}}}lang") or tuv.get("lang") or ""
            seen_langs.add(lang)
            seg = tuv.find("seg")
            text = _text(seg, _TMX_CODES).strip() if seg is not None else ""
            if _primary(lang) == want_src:
                if have_src:
                    duplicate += 1
                    continue
                unit.source, have_src = text, True
            elif _primary(lang) == want_tgt:
                if have_tgt:
                    duplicate += 1
                    continue
                unit.target, have_tgt = text, True
        _release(el)
        if not have_src and not have_tgt:
            no_pair += 1
            continue
        units.append(unit)
    if not found_root:
        raise InputError(f"{path}: no <tmx> root element", "give a TMX 1.4 file")
    if not units:
        langs = ", ".join(sorted(x for x in seen_langs if x)) or "none"
        raise InputError(f"{path}: no {src_lang} or {tgt_lang} text in the TMX (languages: {langs})",
                         "pass --src-lang/--tgt-lang matching the file")
    warnings = []
    if no_pair:
        warnings.append(f"{p.name}: {no_pair} translation units have neither {src_lang} nor {tgt_lang} text; not reviewed")
    if duplicate:
        warnings.append(f"{p.name}: {duplicate} extra variants in the same language ignored (first one used)")
    if header_src and header_src != "*all*" and _primary(header_src) not in (want_src, want_tgt):
        warnings.append(f"{p.name}: header srclang is {header_src}; reviewing {src_lang} -> {tgt_lang}")
    return TranslationMemory(str(path), "tmx", src_lang, tgt_lang, units, warnings)


# --------------------------------------------------------------------- XLIFF


def read_xliff(path: str | os.PathLike[str], src_lang: str = "vi", tgt_lang: str = "nl") -> TranslationMemory:
    p = Path(path)
    X1, X2 = f"{{{XLIFF12_NS}}}", f"{{{XLIFF2_NS}}}"
    units: list[TMUnit] = []
    version = ""
    file_langs: list[tuple[str, str]] = []
    tags = (X1 + "file", X1 + "trans-unit", X2 + "unit", X1 + "xliff", X2 + "xliff", "xliff")
    for _, el in _parse_events(p, tags):
        q = etree.QName(el.tag)
        if q.localname == "xliff":
            version = el.get("version", "")
            if q.namespace == XLIFF2_NS:
                file_langs.append((el.get("srcLang", ""), el.get("trgLang", "")))
            elif q.namespace != XLIFF12_NS:
                raise InputError(f"{path}: XLIFF {version or ''} without the 1.2 or 2.x namespace is not supported",
                                 "export XLIFF 1.2 or 2.x from your CAT tool")
            continue
        if q.localname == "file":
            file_langs.append((el.get("source-language", ""), el.get("target-language", "")))
            continue
        if q.namespace == XLIFF12_NS:
            unit = TMUnit(id=el.get("id") or str(len(units) + 1), source="", target="")
            src = el.find(X1 + "source")
            tgt = el.find(X1 + "target")
            unit.source = _text(src, _X12_CODES).strip() if src is not None else ""
            unit.target = _text(tgt, _X12_CODES).strip() if tgt is not None else ""
            if tgt is not None and tgt.get("state"):
                unit.props["state"] = tgt.get("state")
            for note in el.iterchildren(X1 + "note"):
                _note(unit, note.text or "")
            for ctx in el.iter(X1 + "context"):
                unit.props[ctx.get("context-type", "")] = ctx.text or ""
            units.append(unit)
            _release(el)
        else:
            base = el.get("id") or str(len(units) + 1)
            notes = [n.text or "" for n in el.iter(X2 + "note")]
            props = {m.get("type", ""): m.text or "" for m in el.iter(f"{{{MDA_NS}}}meta")}
            segs = list(el.iterchildren(X2 + "segment"))
            for i, seg in enumerate(segs):
                unit = TMUnit(id=base if len(segs) == 1 else f"{base}:{seg.get('id') or i + 1}", source="", target="")
                src = seg.find(X2 + "source")
                tgt = seg.find(X2 + "target")
                unit.source = _text(src, _X2_EMPTY, cp=True).strip() if src is not None else ""
                unit.target = _text(tgt, _X2_EMPTY, cp=True).strip() if tgt is not None else ""
                unit.props.update(props)
                if seg.get("state"):
                    unit.props["state"] = seg.get("state")
                if i == 0:  # unit-level notes belong to the unit; attach them once
                    for n in notes:
                        _note(unit, n)
                units.append(unit)
            _release(el)
    if not version:
        raise InputError(f"{path}: no <xliff> root element", "give an XLIFF 1.2 or 2.x file")
    warnings = []
    for s, t in file_langs:
        if s and _primary(s) != _primary(src_lang):
            warnings.append(f"{p.name}: source language is {s}; reviewing as {src_lang}")
        if t and _primary(t) != _primary(tgt_lang):
            warnings.append(f"{p.name}: target language is {t}; reviewing as {tgt_lang}")
    fmt = "xliff-1.2" if version.startswith("1") else f"xliff-{version}"
    return TranslationMemory(str(path), fmt, src_lang, tgt_lang, units, sorted(set(warnings)))


# ----------------------------------------------------------------------- TSV


def read_tsv(path: str | os.PathLike[str], src_lang: str = "vi", tgt_lang: str = "nl") -> TranslationMemory:
    """Two columns per line, ``source<TAB>rendering`` (plain TSV, no quoting).

    A file written by ``--tsv`` (header with ``source`` and ``rendering`` columns)
    is read with the csv module instead, its flags included.
    """
    doc = read_document(path, tgt_lang)
    text = doc.text
    first = text.split("\n", 1)[0].split("\t")
    header = [h.strip().lower() for h in first]
    units: list[TMUnit] = []
    if "source" in header and ("rendering" in header or "target" in header):
        s_col = header.index("source")
        t_col = header.index("rendering") if "rendering" in header else header.index("target")
        m_col = header.index("messages") if "messages" in header else None
        rows = csv.reader(io.StringIO(text), dialect="excel-tab")
        next(rows)
        for n, row in enumerate(rows, start=2):
            if not row or not any(c.strip() for c in row):
                continue
            if len(row) <= max(s_col, t_col):
                raise InputError(f"{path}: row {n} has {len(row)} columns, expected at least {max(s_col, t_col) + 1}",
                                 "check the tabs in that row")
            unit = TMUnit(id=str(n), source=row[s_col].strip(), target=row[t_col].strip())
            if m_col is not None and m_col < len(row) and row[m_col]:
                for part in row[m_col].split(" | "):
                    _note(unit, part)
            units.append(unit)
    else:
        for n, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            cols = line.split("\t")
            if len(cols) != 2:
                raise InputError(f"{path}: line {n} has {len(cols)} tab-separated columns, expected 2",
                                 "write one 'source<TAB>rendering' pair per line")
            units.append(TMUnit(id=str(n), source=cols[0].strip(), target=cols[1].strip()))
        if units and [_primary(units[0].source), _primary(units[0].target)] == [_primary(src_lang), _primary(tgt_lang)]:
            units.pop(0)  # a header line naming the languages ("vi<TAB>nl")
    return TranslationMemory(str(path), "tsv", src_lang, tgt_lang, units, list(doc.warnings))
