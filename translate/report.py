"""Stage 7 — report: terminal table and the versioned JSON report.

``to_dict`` is the single source of the JSON schema (``SCHEMA_VERSION``); every
other writer (terminal, exports) reads the same ReviewResult.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from . import __version__
from .data import Flag, ReviewResult, Segmentation, Severity
from .errors import OutputError

SCHEMA_VERSION = "1.0"
SCHEMA_ID = "translate-review"

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _segments(seg: Segmentation | None) -> list[dict]:
    if seg is None:
        return []
    doc = seg.document
    out = []
    for s in seg.segments:
        line, col = doc.line_col(s.start)
        out.append(
            {
                "index": s.index,
                "paragraph": s.paragraph,
                "sentence": s.sentence,
                "start": s.start,
                "end": s.end,
                "line": line,
                "column": col,
                "text": s.text,
            }
        )
    return out


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


def to_dict(result: ReviewResult) -> dict:
    src, tgt = result.source, result.target
    links = []
    for k, link in enumerate(result.alignment.links):
        score = result.scores[k] if k < len(result.scores) else None
        links.append(
            {
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
                "flags": [i for i, f in enumerate(result.flags) if f.link == k],
            }
        )
    ds = result.doc_scores
    return {
        "schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "tool_version": __version__,
        "meta": result.meta,
        "skipped": result.skipped,
        "summary": summary(result),
        "doc_scores": None
        if ds is None
        else {"bleu": round(ds.bleu, 2), "chrf": round(ds.chrf, 2), "chrfpp": round(ds.chrfpp, 2), "segments": ds.segments, "signatures": ds.signatures},
        "segments": {"src": _segments(src), "tgt": _segments(tgt)},
        "paragraph_links": [{"src": list(p.src), "tgt": list(p.tgt), "type": p.type, "confidence": p.confidence} for p in result.alignment.paragraph_links],
        "links": links,
        "flags": [flag_dict(f, result) for f in result.flags],
    }


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write via a temporary file in the same folder, then rename (no partial files)."""
    p = Path(path)
    if p.is_dir():
        raise OutputError(f"{p}: is a directory", "give a file path for the output")
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.exists():
        raise OutputError(f"{p}: folder {parent} does not exist", "create it first or choose another path")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise OutputError(f"{p}: cannot write ({exc.strerror or exc})", "choose a writable path") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, p)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise OutputError(f"{p}: cannot write ({exc.strerror or exc})", "choose a writable path") from None


def write_json(result: ReviewResult, path: str | os.PathLike[str]) -> None:
    atomic_write_text(path, json.dumps(to_dict(result), ensure_ascii=False, indent=2) + "\n")


def render_terminal(result: ReviewResult, console: Console, only_flagged: bool = False) -> None:
    """Side-by-side table of aligned pairs with their flags, then a summary line."""
    src, tgt = result.source, result.target
    table = Table(show_lines=True, expand=True, title=None)
    table.add_column("#", justify="right", no_wrap=True, ratio=1)
    table.add_column("type", no_wrap=True, ratio=1)
    if src is not None:
        table.add_column("source", ratio=8)
    table.add_column("rendering", ratio=8)
    table.add_column("chrF", justify="right", no_wrap=True, ratio=1)
    table.add_column("flags", ratio=6)
    for k, link in enumerate(result.alignment.links):
        flags = [f for f in result.flags_for(k) if not f.waived]
        if only_flagged and not flags:
            continue
        score = result.scores[k] if k < len(result.scores) else None
        flag_text = Text()
        for f in flags:
            if flag_text:
                flag_text.append("\n")
            flag_text.append(f"{f.severity.value} {f.code}: ", style=_STYLE[f.severity])
            flag_text.append(f.message)
        row = [str(k), link.type]
        if src is not None:
            row.append(" ".join(src.segments[i].text for i in link.src) or "\u2014")
        row.append(" ".join(tgt.segments[i].text for i in link.tgt) or "\u2014")
        row.append(f"{score.chrf:.1f}" if score else "")
        row.append(flag_text)
        table.add_row(*row)
    console.print(table)
    for line in result.meta.get("warnings", []) or []:
        console.print(f"warning: {line}", style="yellow", markup=False, highlight=False, soft_wrap=True)
    for line in result.skipped:
        console.print(f"note: {line}", markup=False, highlight=False, soft_wrap=True)
    console.print(summary_line(result), markup=False, highlight=False, soft_wrap=True)


def summary_line(result: ReviewResult) -> str:
    s = summary(result)
    parts = [
        f"{s['links']} aligned pairs",
        f"{s['flagged_links']} flagged",
        f"{s['flags']['error']} errors",
        f"{s['flags']['warning']} warnings",
    ]
    ds = result.doc_scores
    if ds is not None:
        parts.append(f"BLEU {ds.bleu:.1f}, chrF {ds.chrf:.1f} ({ds.signatures['chrf']})")
    return "summary: " + ", ".join(parts)
