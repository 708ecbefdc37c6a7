"""Exports of the aligned review for CAT tools and data pipelines.

    TMX 1.4b     aligned pairs as <tu>, flags as <note> (readable in CAT tools) and
                 machine data as <prop type="x-translate-...">
    XLIFF 1.2    one <trans-unit> per pair; flagged units get
                 <target state="needs-review-translation"> and one <note> per flag
    XLIFF 2.1    one <unit> per pair; flagged segments get state="translated"
                 subState="translate:needs-review", flags as <note>, machine data in
                 the Metadata module (<mda:metadata>)
    CSV / TSV    one row per pair (csv module; TSV is the excel-tab dialect)
    JSONL        one JSON object per pair, streamed

Every aligned pair is exported, omissions (1:0) and additions (0:1) included, with
the missing side empty — nothing is dropped. XML is written with lxml's incremental
``etree.xmlfile`` so a large corpus is streamed unit by unit, never held as one
tree. All files are written atomically (temporary file, then rename).

Flag notes read ``[severity] code: message`` in every XML format, so a person sees
them in a CAT tool and :mod:`translate.read.importers` reads them back as flags.
"""

from __future__ import annotations

import csv
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone

from lxml import etree

from ..version import __version__
from ..data import Flag, ReviewResult, Severity
from ..errors import ConfigError
from ..read.importers import MDA_NS, XLIFF2_NS, XLIFF12_NS, XML_NS
from ..atomic import atomic_open

PROP_PREFIX = "x-translate-"
SUBSTATE_REVIEW = "translate:needs-review"

# CAT tools expect a regional locale for Dutch; others pass through unchanged.
_LOCALES = {"nl": "nl-NL"}

# XML 1.0 forbids most C0 controls; pasted web text sometimes has them.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


_PRIORITY = {Severity.ERROR: 1, Severity.WARNING: 2, Severity.INFO: 5}


def locale(code: str) -> str:
    """Language tag written into TMX/XLIFF (``nl`` -> ``nl-NL``; ``vi`` stays)."""
    return _LOCALES.get(code.lower(), code) if code else code


@dataclass
class PairRecord:
    """One aligned pair as every export writes it."""

    index: int
    type: str
    src: list[int]
    tgt: list[int]
    source: str
    rendering: str
    reference: str | None
    bleu: float | None
    chrf: float | None
    chrfpp: float | None
    confidence: float
    flags: list[Flag] = field(default_factory=list)
    decision: str | None = None
    """The translator's decision on the pair's flags (from a decisions/waivers file):
    ``to-do`` if any flag is to do, else ``open`` if any is undecided, else ``fixed`` if any
    was fixed, else ``false-alarm``; None without decisions or flags."""

    @property
    def worst(self) -> Severity | None:
        return max((f.severity for f in self.flags), key=lambda s: s.rank, default=None)

    def to_json(self) -> dict:
        return {
            "index": self.index,
            "type": self.type,
            "src": self.src,
            "tgt": self.tgt,
            "source": self.source,
            "rendering": self.rendering,
            "reference": self.reference,
            "scores": None if self.chrf is None else {"bleu": self.bleu, "chrf": self.chrf, "chrfpp": self.chrfpp},
            "confidence": self.confidence,
            "severity": self.worst.value if self.worst else None,
            "flags": [flag_json(f) for f in self.flags],
        }


def flag_json(f: Flag) -> dict:
    return {
        "code": f.code,
        "severity": f.severity.value,
        "message": f.message,
        "score": f.score,
        "evidence": [{"side": e.side, "start": e.start, "end": e.end, "text": e.text, "note": e.note} for e in f.evidence],
    }


def note_text(f: Flag) -> str:
    return f"[{f.severity.value}] {f.code}: {f.message}"


def pair_decision(flags: list[Flag], decisions: dict[tuple[str, str], str]) -> str | None:
    """One decision for a pair from those on its flags (waived flags included)."""
    if not flags:
        return None
    got = [decisions.get((f.key or "", f.code), "false-alarm" if f.waived else "open") for f in flags]
    for d in ("to-do", "open", "fixed"):
        if d in got:
            return d
    return "false-alarm"


def pairs(result: ReviewResult, decisions: dict[tuple[str, str], str] | None = None) -> Iterator[PairRecord]:
    """Every aligned pair in document order, with its active (not waived) flags, and with
    ``decisions`` (key, code) -> decision, the pair's decision."""
    src, tgt = result.source, result.target
    by_link: dict[int, list[Flag]] = {}
    all_by_link: dict[int, list[Flag]] = {}
    for f in result.flags:
        all_by_link.setdefault(f.link, []).append(f)
        if not f.waived:
            by_link.setdefault(f.link, []).append(f)
    for k, link in enumerate(result.alignment.links):
        score = result.scores[k] if k < len(result.scores) else None
        reference = score.reference if score else None
        if reference is None and result.translation is not None and link.src:
            reference = result.translation.for_segments(link.src) or None
        yield PairRecord(
            index=k,
            type=link.type,
            src=list(link.src),
            tgt=list(link.tgt),
            source=" ".join(src.segments[i].text for i in link.src) if src else "",
            rendering=" ".join(tgt.segments[i].text for i in link.tgt),
            reference=reference,
            bleu=round(score.bleu, 2) if score else None,
            chrf=round(score.chrf, 2) if score else None,
            chrfpp=round(score.chrfpp, 2) if score else None,
            confidence=link.confidence,
            flags=by_link.get(k, []),
            decision=pair_decision(all_by_link.get(k, []), decisions) if decisions is not None else None,
        )


def document_flags(result: ReviewResult) -> list[Flag]:
    return [f for f in result.flags if f.link < 0 and not f.waived]


def _langs(result: ReviewResult) -> tuple[str, str]:
    return str(result.meta.get("src_lang") or "vi"), str(result.meta.get("tgt_lang") or "nl")


def _xml_text(text: str) -> str:
    """Text safe for XML 1.0: forbidden control characters become U+FFFD."""
    return _XML_INVALID.sub("\ufffd", text)


def _fmt(x: float | None) -> str:
    return "" if x is None else f"{x:.2f}"


# --------------------------------------------------------------------------- TMX


def tmx_header(result: ReviewResult) -> etree._Element:
    src_lang = locale(_langs(result)[0])
    header = etree.Element(
        "header",
        creationtool="translate",
        creationtoolversion=__version__,
        segtype="sentence",
        attrib={"o-tmf": "translate-review", "adminlang": "en", "srclang": src_lang, "datatype": "plaintext"},
        creationdate=datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ"),
    )
    for key, value in (("source-file", result.meta.get("source")), ("target-file", result.meta.get("target")),
                       ("system", result.meta.get("system"))):
        if value:
            _sub(header, "prop", _xml_text(str(value)), type=PROP_PREFIX + key)
    for f in document_flags(result):
        _sub(header, "note", _xml_text(note_text(f)))
    return header


def tmx_unit(rec: PairRecord, src_lang: str, tgt_lang: str) -> etree._Element:
    """One <tu>: notes and props first, then the two <tuv> (TMX 1.4b content model)."""
    tu = etree.Element("tu", tuid=str(rec.index + 1), srclang=src_lang)
    for f in rec.flags:
        _sub(tu, "note", _xml_text(note_text(f)))
    props = [("link", str(rec.index)), ("link-type", rec.type),
             ("src-segments", " ".join(map(str, rec.src))), ("tgt-segments", " ".join(map(str, rec.tgt)))]
    if rec.worst:
        props.append(("severity", rec.worst.value))
    if rec.chrf is not None:
        props += [("chrf", _fmt(rec.chrf)), ("bleu", _fmt(rec.bleu)), ("chrfpp", _fmt(rec.chrfpp))]
    if rec.reference:
        props.append(("reference", _xml_text(rec.reference)))
    for key, value in props:
        _sub(tu, "prop", value, type=PROP_PREFIX + key)
    for lang, text in ((src_lang, rec.source), (tgt_lang, rec.rendering)):
        tuv = etree.SubElement(tu, "tuv", {f"{{{XML_NS}}}lang": lang})
        _sub(tuv, "seg", _xml_text(text))
    return tu


def write_tmx(result: ReviewResult, path: str | os.PathLike[str]) -> None:
    """TMX 1.4b: one <tu> per aligned pair; flags as <note>, data as <prop>. Streamed."""
    src_lang, tgt_lang = (locale(x) for x in _langs(result))
    with atomic_open(path, "wb") as fh, etree.xmlfile(fh, encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element("tmx", version="1.4"):
            xf.write(tmx_header(result))
            xf.write("\n")
            with xf.element("body"):
                for rec in pairs(result):
                    xf.write(tmx_unit(rec, src_lang, tgt_lang))
                    xf.write("\n")


def _sub(parent, tag: str, text: str, **attrib) -> etree._Element:
    el = etree.SubElement(parent, tag, **attrib)
    el.text = text
    return el


# ------------------------------------------------------------------------ XLIFF


XLIFF_VERSIONS = ("1.2", "2.0", "2.1")
"""The XLIFF versions write_xliff can write: the one list the CLI and the library both check."""


def check_xliff_version(version: str) -> None:
    """Raise ConfigError unless ``version`` is one of :data:`XLIFF_VERSIONS`."""
    if version not in XLIFF_VERSIONS:
        raise ConfigError(f"XLIFF version {version} is not supported", "use --xliff-version " + ", ".join(XLIFF_VERSIONS))


# The translator's decisions (HTML review page, waivers) as XLIFF states. 1.2: a false alarm
# is signed off, a fixed unit is translated (to be reviewed again), a unit to do needs
# translation, an undecided flag keeps needs-review-translation. 2.x has four states only:
# the decision goes in subState.
XLIFF12_DECISION_STATE = {"false-alarm": "signed-off", "fixed": "translated", "to-do": "needs-translation",
                          "open": "needs-review-translation"}
XLIFF2_DECISION_STATE = {"false-alarm": ("reviewed", "translate:false-alarm"), "fixed": ("translated", "translate:fixed"),
                         "to-do": ("translated", "translate:to-do")}


def write_xliff(result: ReviewResult, path: str | os.PathLike[str], version: str = "1.2",
                decisions: dict[tuple[str, str], str] | None = None) -> None:
    """``decisions`` ((flag key, code) -> decision, :func:`translate.checks.waivers.load_decisions`)
    set each flagged unit's state from what the translator decided."""
    check_xliff_version(version)
    if version == "1.2":
        _write_xliff12(result, path, decisions)
    else:
        _write_xliff2(result, path, version, decisions)


def _original(result: ReviewResult) -> str:
    return os.path.basename(str(result.meta.get("target") or "rendering.txt"))


def _write_xliff12(result: ReviewResult, path, decisions=None) -> None:
    src_lang, tgt_lang = (locale(x) for x in _langs(result))
    X = f"{{{XLIFF12_NS}}}"
    with atomic_open(path, "wb") as fh, etree.xmlfile(fh, encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element(X + "xliff", version="1.2", nsmap={None: XLIFF12_NS}):
            with xf.element(X + "file", {"original": _original(result), "source-language": src_lang,
                                          "target-language": tgt_lang, "datatype": "plaintext",
                                          "tool-id": "translate"}):
                header = etree.Element(X + "header", nsmap={None: XLIFF12_NS})
                etree.SubElement(header, X + "tool", {"tool-id": "translate", "tool-name": "translate",
                                                      "tool-version": __version__})
                for f in document_flags(result):
                    n = _sub(header, X + "note", _xml_text(note_text(f)))
                    n.set("from", "translate")
                    n.set("priority", str(_PRIORITY[f.severity]))
                xf.write(header)
                xf.write("\n")
                with xf.element(X + "body"):
                    for rec in pairs(result, decisions):
                        tu = etree.Element(X + "trans-unit", nsmap={None: XLIFF12_NS},
                                           id=f"p{rec.index + 1}", resname=f"pair-{rec.index}")
                        if not rec.source:
                            tu.set("translate", "no")  # an addition: nothing in the source to translate
                        _sub(tu, X + "source", _xml_text(rec.source))
                        target = _sub(tu, X + "target", _xml_text(rec.rendering))
                        if rec.decision is not None:
                            target.set("state", XLIFF12_DECISION_STATE[rec.decision])
                        elif rec.flags:
                            target.set("state", "needs-review-translation")
                        elif rec.rendering:
                            target.set("state", "translated")
                        else:
                            target.set("state", "needs-translation")
                        group = etree.SubElement(tu, X + "context-group", name="translate", purpose="information")
                        ctx = [("x-link", str(rec.index)), ("x-link-type", rec.type),
                               ("x-src-segments", " ".join(map(str, rec.src))),
                               ("x-tgt-segments", " ".join(map(str, rec.tgt)))]
                        if rec.chrf is not None:
                            ctx += [("x-chrf", _fmt(rec.chrf)), ("x-bleu", _fmt(rec.bleu)), ("x-chrfpp", _fmt(rec.chrfpp))]
                        if rec.reference:
                            ctx.append(("x-reference", _xml_text(rec.reference)))
                        for ctype, value in ctx:
                            _sub(group, X + "context", value, **{"context-type": ctype})
                        for f in rec.flags:
                            n = _sub(tu, X + "note", _xml_text(note_text(f)))
                            n.set("from", "translate")
                            n.set("priority", str(_PRIORITY[f.severity]))
                            n.set("annotates", "target" if any(e.side == "tgt" for e in f.evidence) or not rec.source else "source")
                        xf.write(tu)
                        xf.write("\n")


def _cp_text(parent, tag: str, text: str) -> etree._Element:
    """Element whose text may hold characters XML forbids: those become <cp hex="..."/>
    (XLIFF 2 core), so the exact text survives the round trip."""
    el = etree.SubElement(parent, tag)
    last = el
    pos = 0
    for m in _XML_INVALID.finditer(text):
        chunk = text[pos:m.start()]
        if last is el:
            el.text = (el.text or "") + chunk
        else:
            last.tail = (last.tail or "") + chunk
        last = etree.SubElement(el, f"{{{XLIFF2_NS}}}cp", hex=f"{ord(m.group()):04X}")
        pos = m.end()
    chunk = text[pos:]
    if last is el:
        el.text = (el.text or "") + chunk
    else:
        last.tail = chunk
    return el


def _write_xliff2(result: ReviewResult, path, version: str, decisions=None) -> None:
    src_lang, tgt_lang = (locale(x) for x in _langs(result))
    X = f"{{{XLIFF2_NS}}}"
    M = f"{{{MDA_NS}}}"
    nsmap = {None: XLIFF2_NS, "mda": MDA_NS}
    with atomic_open(path, "wb") as fh, etree.xmlfile(fh, encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element(X + "xliff", version=version, srcLang=src_lang, trgLang=tgt_lang, nsmap=nsmap):
            with xf.element(X + "file", id="f1", original=_original(result)):
                doc_flags = document_flags(result)
                meta = etree.Element(M + "metadata", nsmap=nsmap)
                group = etree.SubElement(meta, M + "metaGroup", category="translate")
                for key, value in (("tool", f"translate {__version__}"), ("system", result.meta.get("system")),
                                   ("source-file", result.meta.get("source")), ("target-file", result.meta.get("target"))):
                    if value:
                        _sub(group, M + "meta", _xml_text(str(value)), type=key)
                xf.write(meta)
                xf.write("\n")
                if doc_flags:
                    notes = etree.Element(X + "notes", nsmap=nsmap)
                    for i, f in enumerate(doc_flags):
                        _sub(notes, X + "note", _xml_text(note_text(f)), id=f"d{i + 1}",
                             category=f"translate:{f.code}", priority=str(_PRIORITY[f.severity]))
                    xf.write(notes)
                    xf.write("\n")
                for rec in pairs(result, decisions):
                    unit = etree.Element(X + "unit", nsmap=nsmap, id=f"u{rec.index + 1}", name=f"pair-{rec.index}")
                    if not rec.source:
                        unit.set("translate", "no")
                    meta = etree.SubElement(unit, M + "metadata")
                    group = etree.SubElement(meta, M + "metaGroup", category="translate")
                    data = [("link", str(rec.index)), ("link-type", rec.type),
                            ("src-segments", " ".join(map(str, rec.src))), ("tgt-segments", " ".join(map(str, rec.tgt)))]
                    if rec.worst:
                        data.append(("severity", rec.worst.value))
                    if rec.chrf is not None:
                        data += [("chrf", _fmt(rec.chrf)), ("bleu", _fmt(rec.bleu)), ("chrfpp", _fmt(rec.chrfpp))]
                    if rec.reference:
                        data.append(("reference", _xml_text(rec.reference)))
                    for key, value in data:
                        _sub(group, M + "meta", value, type=key)
                    if rec.flags:
                        notes = etree.SubElement(unit, X + "notes")
                        for i, f in enumerate(rec.flags):
                            n = _sub(notes, X + "note", _xml_text(note_text(f)), id=f"n{i + 1}",
                                     category=f"translate:{f.code}", priority=str(_PRIORITY[f.severity]))
                            n.set("appliesTo", "target" if rec.rendering else "source")
                    seg = etree.SubElement(unit, X + "segment", id=f"s{rec.index + 1}")
                    # subState needs an explicit state; an empty target (omission) stays "initial".
                    seg.set("state", "translated" if rec.rendering else "initial")
                    if rec.decision in XLIFF2_DECISION_STATE and rec.rendering:
                        state, sub = XLIFF2_DECISION_STATE[rec.decision]
                        seg.set("state", state)
                        seg.set("subState", sub)
                    elif rec.flags:
                        seg.set("subState", SUBSTATE_REVIEW)
                    _cp_text(seg, X + "source", rec.source)
                    _cp_text(seg, X + "target", rec.rendering)
                    xf.write(unit)
                    xf.write("\n")


# ------------------------------------------------------------------ CSV / JSONL

CSV_COLUMNS = ["index", "type", "src_segments", "tgt_segments", "source", "rendering", "reference",
               "bleu", "chrf", "chrfpp", "severity", "flags", "messages"]


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: str, raw: bool = False) -> str:
    """A text cell for CSV/TSV: web text starting with ``= + - @``, a tab or a CR gets a
    leading apostrophe (the OWASP rule), so a spreadsheet shows it instead of running it.
    ``raw`` keeps the text as it is, for round trips into tools that are not spreadsheets."""
    if not raw and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def write_csv(result: ReviewResult, path: str | os.PathLike[str], delimiter: str = ",", raw: bool = False) -> None:
    """One row per pair. TSV (``delimiter='\\t'``) uses the same quoting rules as
    CSV (the csv module's excel-tab dialect), so a tab or newline inside a
    sentence stays inside its field. Text cells are neutralised against formula
    injection unless ``raw`` (``--csv-raw``)."""
    with atomic_open(path) as fh:
        writer = csv.writer(fh, dialect="excel-tab" if delimiter == "\t" else "excel", lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for rec in pairs(result):
            writer.writerow([
                rec.index, rec.type, " ".join(map(str, rec.src)), " ".join(map(str, rec.tgt)),
                csv_cell(rec.source, raw), csv_cell(rec.rendering, raw), csv_cell(rec.reference or "", raw),
                _fmt(rec.bleu), _fmt(rec.chrf), _fmt(rec.chrfpp),
                rec.worst.value if rec.worst else "",
                ";".join(f.code for f in rec.flags),
                csv_cell(" | ".join(note_text(f) for f in rec.flags), raw),
            ])


def write_tsv(result: ReviewResult, path: str | os.PathLike[str], raw: bool = False) -> None:
    write_csv(result, path, delimiter="\t", raw=raw)


def write_jsonl(result: ReviewResult, path: str | os.PathLike[str]) -> None:
    """One JSON object per aligned pair, written as it is produced."""
    with atomic_open(path) as fh:
        for rec in pairs(result):
            fh.write(json.dumps(rec.to_json(), ensure_ascii=False))
            fh.write("\n")
