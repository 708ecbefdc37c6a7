"""`translate align SRC TGT`: the alignment alone, as TSV or JSON.

For users who only need sentence pairs (TM building, corpus work): reads and
segments both files, aligns them (paragraphs, then sentences) and writes one row
per link with its type (1:1, 2:1, 1:0 omission, 0:1 addition, ...), confidence,
segment / paragraph / sentence indices, 1-based line numbers in the original
files, and the texts. Nothing is dropped: every segment of both files is in
exactly one row.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from .mt_registry import load_backend
from .mt_stage import against_translation, translate_segments

SCHEMA_ID = "translate.align"
SCHEMA_VERSION = 1


class AlignFormat(str, Enum):
    tsv = "tsv"
    json = "json"


TSV_COLUMNS = [
    "link", "type", "confidence", "cost",
    "src_segments", "tgt_segments", "src_paragraphs", "tgt_paragraphs",
    "src_sentences", "tgt_sentences", "src_lines", "tgt_lines", "src_text", "tgt_text",
]


def run(source_path: str, target_path: str, options=None, against: str | None = None, model: str | None = None,
        target_token: str | None = None):
    """Read, segment and align; return (source, target, alignment, notes)."""
    from .align import AlignOptions, align
    from .errors import InputError, ModelUnavailable
    from .read import read_document
    from .segment import segment_document

    opt = options or AlignOptions()
    if Path(source_path).resolve() == Path(target_path).resolve():
        raise InputError(f"{target_path}: the same file is given as source and target", "give the source first, then its translation")
    notes: list[str] = []
    src_doc = read_document(source_path, opt.src_lang)
    tgt_doc = read_document(target_path, opt.tgt_lang)
    notes += src_doc.warnings + tgt_doc.warnings
    source = segment_document(src_doc, "src", opt.src_lang)
    target = segment_document(tgt_doc, "tgt", opt.tgt_lang)
    translation = None
    if opt.use_similarity and against:
        ag_doc = read_document(against, opt.tgt_lang)
        notes += ag_doc.warnings
        ag = segment_document(ag_doc, "tgt", opt.tgt_lang)
        translation = against_translation(source, ag, Path(against).name, opt)
    elif opt.use_similarity and model:
        try:
            translation = translate_segments(source, load_backend(model, target_token=target_token))
        except ModelUnavailable as exc:
            notes.append(f"similarity skipped: {exc.one_line()}")
    return source, target, align(source, target, translation, opt), notes


def _side(seg, indices) -> dict:
    segs = [seg.segments[i] for i in indices]
    doc = seg.document
    return {
        "segments": list(indices),
        "paragraphs": sorted({s.paragraph for s in segs}),
        "sentences": [[s.paragraph, s.sentence] for s in segs],
        "lines": sorted({doc.line_col(s.start)[0] for s in segs} | {doc.line_col(max(s.start, s.end - 1))[0] for s in segs}),
        "spans": [[doc.original_offset(s.start), doc.original_offset(s.end)] for s in segs],
        "text": " ".join(s.text for s in segs),
    }


def to_dict(source, target, alignment, notes=(), options=None) -> dict:
    links = []
    counts: dict[str, int] = {}
    for k, link in enumerate(alignment.links):
        counts[link.type] = counts.get(link.type, 0) + 1
        links.append({"link": k, "type": link.type, "confidence": link.confidence, "cost": link.cost,
                      "src": _side(source, link.src), "tgt": _side(target, link.tgt)})
    return {
        "schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "source": source.document.path,
        "target": target.document.path,
        "method": alignment.method,
        "options": None if options is None else {k: v for k, v in vars(options).items()},
        "notes": list(notes),
        "summary": {
            "links": len(alignment.links),
            "types": dict(sorted(counts.items())),
            "omissions": [lk.src for lk in alignment.links if lk.is_omission],
            "additions": [lk.tgt for lk in alignment.links if lk.is_addition],
            "src_segments": len(source.segments),
            "tgt_segments": len(target.segments),
        },
        "paragraph_links": [{"src": list(p.src), "tgt": list(p.tgt), "type": p.type, "confidence": p.confidence}
                            for p in alignment.paragraph_links],
        "links": links,
    }


def to_tsv(data: dict) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(TSV_COLUMNS)

    def ints(xs) -> str:
        return ",".join(str(x) for x in xs)

    for row in data["links"]:
        s, t = row["src"], row["tgt"]
        w.writerow([
            row["link"], row["type"], f"{row['confidence']:.4f}", f"{row['cost']:.4f}",
            ints(s["segments"]), ints(t["segments"]), ints(s["paragraphs"]), ints(t["paragraphs"]),
            ",".join(f"{p}.{q}" for p, q in s["sentences"]), ",".join(f"{p}.{q}" for p, q in t["sentences"]),
            ints(s["lines"]), ints(t["lines"]),
            " ".join(s["text"].split()), " ".join(t["text"].split()),
        ])
    return buf.getvalue()


def command(
    source: Path = typer.Argument(..., help="Source text (Vietnamese by default)."),
    target: Path = typer.Argument(..., help="Its translation (Dutch by default)."),
    fmt: AlignFormat = typer.Option(AlignFormat.tsv, "--format", "-f", help="Output format."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
    against: Optional[Path] = typer.Option(None, "--against", help="A translation of the source into the target language; its similarity to the candidate targets becomes a cost (Bleualign idea)."),
    model: Optional[str] = typer.Option(None, "--model", "-m", help="Re-translate the source with this model for the similarity cost (skipped when unavailable)."),
    src_lang: str = typer.Option("vi", "--src-lang", help="Source language code."),
    tgt_lang: str = typer.Option("nl", "--tgt-lang", help="Target language code."),
    no_length: bool = typer.Option(False, "--no-length", help="Switch off the Gale-Church length cost."),
    no_anchors: bool = typer.Option(False, "--no-anchors", help="Switch off anchors (numbers, dates, codes, names, punctuation)."),
    no_similarity: bool = typer.Option(False, "--no-similarity", help="Switch off the similarity cost (--against / --model)."),
    no_boilerplate: bool = typer.Option(False, "--no-boilerplate", help="Switch off the page-chrome cost."),
    no_paragraphs: bool = typer.Option(False, "--no-paragraphs", help="Align sentences directly, without the paragraph level."),
    ratio: Optional[float] = typer.Option(None, "--ratio", min=0.05, max=20.0, help="Target/source length ratio (default: measured vi->nl on NTREX)."),
    max_bead: int = typer.Option(3, "--max-bead", min=1, max=3, help="Most segments on one side of a link."),
) -> None:
    """Align SOURCE and TARGET (paragraphs, then sentences) and write the links as TSV or JSON.

    Every segment of both files appears in exactly one link; omissions are 1:0
    links and additions (page chrome, inserted text) are 0:1 links. Exit 2 on
    unreadable input.
    """
    from .align import AlignOptions
    from .cli import fail
    from .errors import TranslateError

    opt = AlignOptions(
        use_length=not no_length, use_anchors=not no_anchors, use_similarity=not no_similarity,
        use_boilerplate=not no_boilerplate, use_paragraphs=not no_paragraphs, max_bead=max_bead,
        src_lang=src_lang, tgt_lang=tgt_lang,
    )
    if ratio is not None:
        opt.ratio = ratio
    try:
        src, tgt, alignment, notes = run(str(source), str(target), opt, str(against) if against else None, model)
        data = to_dict(src, tgt, alignment, notes, opt)
        text = to_tsv(data) if fmt is AlignFormat.tsv else json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        for note in notes:
            typer.echo(f"note: {note}", err=True)
        if output is None or str(output) == "-":
            sys.stdout.write(text)
        else:
            from .report import atomic_write_text

            atomic_write_text(output, text)
            s = data["summary"]
            kinds = ", ".join(f"{v} {k}" for k, v in s["types"].items())
            typer.echo(f"{s['links']} links ({kinds}); {len(s['omissions'])} omissions, "
                       f"{len(s['additions'])} additions -> {output}")
    except TranslateError as exc:
        fail(exc)
