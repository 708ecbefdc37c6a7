"""`translate align SRC TGT`: the alignment alone, as TSV or JSON.

For users who only need sentence pairs (TM building, corpus work): reads and
segments both files, aligns them (paragraphs, then sentences) and writes one row
per link with its type (1:1, 2:1, 1:0 omission, 0:1 addition, ...), confidence,
segment / paragraph / sentence indices, 1-based line numbers in the original
files, and the texts. Nothing is dropped: every segment of both files is in
exactly one row. The work is :func:`translate.pipeline.align_files`, the formats
:mod:`translate.alignment.report`.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from ..alignment.aligner import AlignOptions
from ..alignment.report import to_dict, to_tsv
from ..atomic import atomic_write_text
from .common import cli_errors, model_option, opt_path, src_lang_option, tgt_lang_option
from ..pipeline import align_files


class AlignFormat(str, Enum):
    tsv = "tsv"
    json = "json"


def command(
    source: Path = typer.Argument(..., help="Source text (Vietnamese by default)."),
    target: Path = typer.Argument(..., help="Its translation (Dutch by default)."),
    fmt: AlignFormat = typer.Option(AlignFormat.tsv, "--format", "-f", help="Output format."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
    against: Optional[Path] = typer.Option(None, "--against", help="A translation of the source into the target language; its similarity to the candidate targets becomes a cost (Bleualign idea)."),
    model: Optional[str] = model_option("Re-translate the source with this model for the similarity cost (skipped when unavailable)."),
    src_lang: str = src_lang_option(),
    tgt_lang: str = tgt_lang_option(),
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
    opt = AlignOptions(
        use_length=not no_length, use_anchors=not no_anchors, use_similarity=not no_similarity,
        use_boilerplate=not no_boilerplate, use_paragraphs=not no_paragraphs, max_bead=max_bead,
        src_lang=src_lang, tgt_lang=tgt_lang,
    )
    if ratio is not None:
        opt.ratio = ratio
    with cli_errors("align"):
        src, tgt, alignment, notes = align_files(str(source), str(target), opt, opt_path(against), model)
        data = to_dict(src, tgt, alignment, notes, opt)
        text = to_tsv(data) if fmt is AlignFormat.tsv else json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        for note in notes:
            typer.echo(f"note: {note}", err=True)
        if output is None or str(output) == "-":
            sys.stdout.write(text)
        else:
            atomic_write_text(output, text)
            s = data["summary"]
            kinds = ", ".join(f"{v} {k}" for k, v in s["types"].items())
            typer.echo(f"{s['links']} links ({kinds}); {len(s['omissions'])} omissions, "
                       f"{len(s['additions'])} additions -> {output}")
