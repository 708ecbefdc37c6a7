"""Stage 7 — report: terminal table and the versioned JSON report.

``to_dict`` is the single source of the JSON schema (``SCHEMA_VERSION``); every
other writer (terminal, exports) reads the same ReviewResult.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..version import __version__
from ..data import Flag, ReviewResult, Segmentation, Severity
from ..atomic import atomic_open
from ..errors import ConfigError
from ..runtime import gc_paused

SCHEMA_VERSION = "1.2"  # 1.1: optional "risk" on each link; 1.2: optional meta.other_systems
SCHEMA_ID = "translate-review"
SCHEMA_FILE = Path(__file__).parents[1] / "schema" / "review.schema.json"
"""JSON Schema (draft 2020-12) of :func:`to_dict`; tests validate every report against it."""

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _iter_segments(seg: Segmentation | None) -> Iterator[dict]:
    if seg is None:
        return
    doc = seg.document
    for s in seg.segments:
        line, col = doc.line_col(s.start)
        yield {
            "index": s.index,
            "paragraph": s.paragraph,
            "sentence": s.sentence,
            "start": s.start,
            "end": s.end,
            "line": line,
            "column": col,
            "text": s.text,
        }


def flag_dict(f: Flag, result: ReviewResult) -> dict:
    ev = []
    for e in f.evidence:
        seg = result.source if e.side == "src" else result.target
        line, col = seg.document.line_col(e.start) if seg is not None else (0, 0)
        ev.append({"side": e.side, "start": e.start, "end": e.end, "line": line, "column": col, "text": e.text, "note": e.note})
    return {
        "code": f.code,
        "severity": f.severity.value,
        "message": f.message,
        "link": f.link,
        "score": f.score,
        "waived": f.waived,
        "key": f.key,
        "evidence": ev,
    }


def summary(result: ReviewResult) -> dict:
    counts = {s.value: 0 for s in Severity}
    for f in result.flags:
        if not f.waived:
            counts[f.severity.value] += 1
    worst = result.worst_severity()
    flagged_links = len({f.link for f in result.flags if not f.waived and f.link >= 0})
    return {
        "links": len(result.alignment.links),
        "flagged_links": flagged_links,
        "flags": counts,
        "worst": worst.value if worst else None,
        "src_segments": len(result.source.segments) if result.source else 0,
        "tgt_segments": len(result.target.segments),
    }


def flag_indices_by_link(result: ReviewResult) -> dict[int, list[int]]:
    """Indices into ``result.flags`` grouped by link, in one pass (large corpora)."""
    out: dict[int, list[int]] = {}
    for i, f in enumerate(result.flags):
        out.setdefault(f.link, []).append(i)
    return out


def _iter_links(result: ReviewResult) -> Iterator[dict]:
    src, tgt = result.source, result.target
    flag_ids = flag_indices_by_link(result)
    for k, link in enumerate(result.alignment.links):
        score = result.scores[k] if k < len(result.scores) else None
        yield {
            "index": k,
            "type": link.type,
            "src": list(link.src),
            "tgt": list(link.tgt),
            "cost": link.cost,
            "confidence": link.confidence,
            "src_text": " ".join(src.segments[i].text for i in link.src) if src else "",
            "tgt_text": " ".join(tgt.segments[i].text for i in link.tgt),
            "reference": score.reference if score else (result.translation.for_segments(link.src) if result.translation and link.src else None),
            "scores": None if score is None else {"bleu": round(score.bleu, 2), "chrf": round(score.chrf, 2), "chrfpp": round(score.chrfpp, 2)},
            "flags": flag_ids.get(k, []),
            "risk": _risk_dict(result, k),
        }


def _risk_dict(result: ReviewResult, k: int) -> dict | None:
    risk = result.risks[k] if k < len(result.risks) else None
    if risk is None:
        return None
    return {"score": risk.score,
            "evidence": [{"signal": e.signal, "weight": round(e.weight, 3), "reason": e.reason} for e in risk.evidence]}


def link_order(result: ReviewResult, sort: str = "document") -> list[int]:
    """Link indices in document order, or with ``sort="risk"`` the riskiest first (an omission
    or addition has a risk from its flags; a link without one, by its worst flag)."""
    n = len(result.alignment.links)
    if sort == "document":
        return list(range(n))
    if sort != "risk":
        raise ValueError(f"unknown sort order {sort!r}")
    worst = {}
    for f in result.flags:
        if f.link >= 0 and not f.waived:
            worst[f.link] = max(worst.get(f.link, 0), f.severity.rank)

    def key(k: int):
        r = result.risks[k] if k < len(result.risks) else None
        score = r.score if r is not None else (0.5 + 0.1 * worst[k] if k in worst else 0.0)
        return (-score, k)

    return sorted(range(n), key=key)


def _sections(result: ReviewResult) -> Iterator[tuple[str, object]]:
    """The report's top-level keys in order; the big arrays as generators, so a
    writer can stream them (see :func:`iter_json`)."""
    ds = result.doc_scores
    yield "schema", SCHEMA_ID
    yield "schema_version", SCHEMA_VERSION
    yield "tool_version", __version__
    yield "meta", result.meta
    yield "skipped", result.skipped
    yield "summary", summary(result)
    yield "doc_scores", (None if ds is None else {"bleu": round(ds.bleu, 2), "chrf": round(ds.chrf, 2), "chrfpp": round(ds.chrfpp, 2),
                                                  "segments": ds.segments, "signatures": ds.signatures})
    yield "segments", {"src": _iter_segments(result.source), "tgt": _iter_segments(result.target)}
    yield "paragraph_links", ({"src": list(p.src), "tgt": list(p.tgt), "type": p.type, "confidence": p.confidence}
                              for p in result.alignment.paragraph_links)
    yield "links", _iter_links(result)
    yield "flags", (flag_dict(f, result) for f in result.flags)


def to_dict(result: ReviewResult) -> dict:
    """The whole report as one dict (what :func:`write_json` writes)."""
    def build(v):
        if isinstance(v, dict):
            return {k: build(x) for k, x in v.items()}
        return list(v) if isinstance(v, Iterator) else v

    return {key: build(value) for key, value in _sections(result)}


def iter_json(result: ReviewResult) -> Iterator[str]:
    """The JSON report in chunks: small values indented, every element of the big
    arrays (segments, links, flags) on its own line.

    Each element goes through the C encoder (``json.dumps`` without ``indent``):
    ``json.dump(..., indent=2)`` of the whole dict takes the pure-Python encoder
    and built every element first, the slowest and largest stage on 50,000
    paragraphs (eval/stress.py). Parsed, the output equals :func:`to_dict`.
    """
    def small(v, pad: str) -> str:
        return json.dumps(v, ensure_ascii=False, indent=2).replace("\n", "\n" + pad)

    def array(items: Iterator, pad: str) -> Iterator[str]:
        first = True
        for item in items:
            yield ("[\n" if first else ",\n") + pad + "  " + json.dumps(item, ensure_ascii=False)
            first = False
        yield "[]" if first else "\n" + pad + "]"

    def value(v, pad: str) -> Iterator[str]:
        if isinstance(v, Iterator):
            yield from array(v, pad)
        elif isinstance(v, dict) and any(isinstance(x, Iterator) for x in v.values()):
            yield "{"
            for i, (k, x) in enumerate(v.items()):
                yield ("\n" if i == 0 else ",\n") + pad + "  " + json.dumps(k) + ": "
                yield from value(x, pad + "  ")
            yield "\n" + pad + "}"
        else:
            yield small(v, pad)

    yield "{"
    for i, (key, v) in enumerate(_sections(result)):
        yield ("\n" if i == 0 else ",\n") + "  " + json.dumps(key) + ": "
        yield from value(v, "  ")
    yield "\n}\n"


@dataclass(frozen=True)
class Gate:
    """A quality gate on the document score (``--fail-under-chrf X`` / ``--fail-under-bleu X``)."""

    metric: str
    threshold: float
    value: float

    @property
    def passed(self) -> bool:
        return self.value >= self.threshold

    @property
    def name(self) -> str:
        return f"document {self.metric} >= {self.threshold:g}"

    @property
    def message(self) -> str:
        verdict = "passes" if self.passed else "is under"
        return f"document {self.metric} {self.value:.2f} {verdict} the gate {self.threshold:g}"


def quality_gates(result: ReviewResult, chrf: float | None = None, bleu: float | None = None) -> list[Gate]:
    """The gates asked for, measured on the document scores. Raises ConfigError when a
    gate is asked for and the review has no document score (no re-translation ran)."""
    asked = [(m, t) for m, t in (("chrF", chrf), ("BLEU", bleu)) if t is not None]
    if not asked:
        return []
    ds = result.doc_scores
    if ds is None:
        names = " and ".join(f"--fail-under-{m.lower()}" for m, _ in asked)
        raise ConfigError(f"{names} needs a document score, and this review has none (no re-translation ran)",
                          "give --against FILE or a model (--model), or drop the gate")
    return [Gate(m, t, ds.chrf if m == "chrF" else ds.bleu) for m, t in asked]


def write_json(result: ReviewResult, path: str | os.PathLike[str]) -> None:
    # streamed into the (atomic) file: the whole report as one string (or one dict)
    # was hundreds of MiB on 50,000 paragraphs (eval/stress.py)
    with gc_paused(), atomic_open(path) as fh:
        for chunk in iter_json(result):
            fh.write(chunk)


_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """Input text as inert terminal text: control characters (ESC sequences could
    recolour the terminal, set its title or hide text) become ``\\xNN`` and bidi
    overrides become ``<U+202E>``."""
    return _UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"<U+{ord(m.group()):04X}>", text)


NARROW_WIDTH = 100
"""Below this console width the terminal report stacks each pair instead of a table."""


def _side_text(seg: Segmentation | None, indices: tuple[int, ...]) -> str:
    if seg is None:
        return ""
    return terminal_safe(" ".join(seg.segments[i].text for i in indices))


def _split_notes(flags: list[Flag]) -> tuple[list[Flag], list[Flag]]:
    """(warnings and errors, worst first; info notes) of one pair."""
    main = sorted((f for f in flags if f.severity is not Severity.INFO), key=lambda f: -f.severity.rank)
    return main, [f for f in flags if f.severity is Severity.INFO]


def _notes_text(notes: list[Flag]) -> Text:
    """A pair's info notes on one line, collapsed to their count and codes (issue 17)."""
    text = Text(overflow="fold")
    text.append(f"{plural(len(notes), 'note')}: ", style=_STYLE[Severity.INFO])
    text.append(", ".join(dict.fromkeys(f.code for f in notes)), style="dim")
    return text


def render_terminal(result: ReviewResult, console: Console, only_flagged: bool = False, layout: str = "auto",
                    sort: str = "document", warnings: bool = True, notes: str = "collapsed") -> None:
    """Aligned pairs with their flags, then notes and a summary line.

    Under each pair its warnings and errors come first, worst first; its info notes
    follow, grouped on one line with their count and codes (``notes="collapsed"``, with
    a hint at the end how to read them) or each in full (``notes="full"``).

    ``layout`` is "table" (side by side), "stacked" (one block per pair, for
    narrow terminals) or "auto" (stacked below ``NARROW_WIDTH`` columns). All input
    text is passed as :class:`rich.text.Text`, never as markup, so brackets in a
    rendering are shown as they are. Rich drops colour codes by itself when the
    output is not a terminal.
    """
    if layout == "auto":
        layout = "stacked" if console.width < NARROW_WIDTH else "table"
    rows = []
    by_link = flag_indices_by_link(result)
    for k in link_order(result, sort):
        link = result.alignment.links[k]
        flags = [result.flags[i] for i in by_link.get(k, []) if not result.flags[i].waived]
        if only_flagged and not flags:
            continue
        rows.append((k, link, flags, result.scores[k] if k < len(result.scores) else None))
    full = notes == "full"
    if layout == "stacked":
        _render_stacked(result, console, rows, full)
    else:
        _render_table(result, console, rows, full)
    collapsed = 0 if full else sum(1 for *_, flags, _ in rows for f in flags if f.severity is Severity.INFO)
    if collapsed:
        console.print(Text(f"{plural(collapsed, 'info note')} collapsed to a count and codes under each pair; --notes full shows them",
                           style="dim"), soft_wrap=True)
    doc_flags = [f for f in result.flags if f.link < 0 and not f.waived]
    for f in doc_flags:
        line = Text()
        line.append(f"{f.severity.value} {f.code}: ", style=_STYLE[f.severity])
        line.append(terminal_safe(f.message))
        console.print(line)
    for line in (result.meta.get("warnings", []) or []) if warnings else []:
        console.print(terminal_safe(f"warning: {line}"), style="yellow", markup=False, highlight=False, soft_wrap=True)
    for line in result.skipped:
        console.print(terminal_safe(f"note: {line}"), markup=False, highlight=False, soft_wrap=True)
    console.print(summary_line(result), markup=False, highlight=False, soft_wrap=True)


def _flag_text(flags: list[Flag], full: bool = False) -> Text:
    main, notes = _split_notes(flags)
    text = Text(overflow="fold")
    for f in main + (notes if full else []):
        if text:
            text.append("\n")
        text.append(f"{f.severity.value} {f.code}: ", style=_STYLE[f.severity])
        text.append(terminal_safe(f.message))
    if notes and not full:
        if text:
            text.append("\n")
        text.append_text(_notes_text(notes))
    return text


def _render_table(result: ReviewResult, console: Console, rows, full: bool = False) -> None:
    src, tgt = result.source, result.target
    table = Table(show_lines=True, expand=True, title=None)
    width = len(str(max(len(result.alignment.links) - 1, 0)))
    table.add_column("#", justify="right", no_wrap=True, min_width=width)
    table.add_column("type", no_wrap=True, min_width=4)
    if src is not None:
        table.add_column("source", ratio=8)
    table.add_column("rendering", ratio=8)
    table.add_column("chrF", justify="right", no_wrap=True, min_width=5)
    table.add_column("flags", ratio=6)
    for k, link, flags, score in rows:
        row: list[Text | str] = [str(k), link.type]
        if src is not None:
            row.append(Text(_side_text(src, link.src), overflow="fold") if link.src else Text("\u2014 (not in the source)", style="dim"))
        row.append(Text(_side_text(tgt, link.tgt), overflow="fold") if link.tgt else Text("\u2014 (missing in the rendering)", style="dim"))
        row.append(f"{score.chrf:.1f}" if score else "")
        row.append(_flag_text(flags, full))
        table.add_row(*row)
    console.print(table)


def _render_stacked(result: ReviewResult, console: Console, rows, full: bool = False) -> None:
    """One block per pair: a header line, the source and rendering, the flags.

    Labels sit in a narrow first column so wrapped text stays aligned at 80 columns.
    """
    src, tgt = result.source, result.target
    src_label = str(result.meta.get("src_lang") or "src")[:5]
    tgt_label = str(result.meta.get("tgt_lang") or "tgt")[:5]
    for n, (k, link, flags, score) in enumerate(rows):
        worst = max((f.severity for f in flags), key=lambda s: s.rank, default=None)
        head = Text()
        head.append(f"#{k} ", style="bold")
        head.append(link.type)
        if score is not None:
            head.append(f"  chrF {score.chrf:.1f}  BLEU {score.bleu:.1f}")
        if worst is not None:
            head.append(f"  [{worst.value}]", style=_STYLE[worst])
        if n:
            console.print()
        console.print(head)
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, min_width=7)
        grid.add_column(ratio=1)
        if src is not None:
            grid.add_row(
                Text(f"  {src_label}", style="dim"),
                Text(_side_text(src, link.src), overflow="fold") if link.src else Text("\u2014 (not in the source)", style="dim"),
            )
        grid.add_row(
            Text(f"  {tgt_label}", style="dim"),
            Text(_side_text(tgt, link.tgt), overflow="fold") if link.tgt else Text("\u2014 (missing in the rendering)", style="dim"),
        )
        main, notes = _split_notes(flags)
        for f in main + (notes if full else []):
            label = {Severity.ERROR: "ERROR", Severity.WARNING: "WARN", Severity.INFO: "info"}[f.severity]
            body = Text(overflow="fold")
            body.append(f"{f.code}: ", style=_STYLE[f.severity])
            body.append(terminal_safe(f.message))
            grid.add_row(Text(f"  {label}", style=_STYLE[f.severity]), body)
        if notes and not full:
            grid.add_row(Text("  info", style=_STYLE[Severity.INFO]), _notes_text(notes))
        console.print(grid)


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 error``, ``2 errors`` (``many`` for irregular plurals)."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def summary_line(result: ReviewResult) -> str:
    s = summary(result)
    parts = [
        # without a source nothing was aligned: each unit is one rendering segment
        plural(s['links'], "aligned pair") if result.source is not None else plural(s['links'], "segment"),
        f"{s['flagged_links']} flagged",
        plural(s['flags']['error'], "error"),
        plural(s['flags']['warning'], "warning"),
    ]
    ds = result.doc_scores
    if ds is not None:
        parts.append(f"BLEU {ds.bleu:.1f}, chrF {ds.chrf:.1f} ({ds.signatures['chrf']})")
    return "summary: " + ", ".join(parts)
