"""`translate compare`: parse the options, call :func:`translate.compare.inputs.compare_files`,
print. The inputs and the comparison are read and run in :mod:`translate.compare.inputs`
(numbers from :mod:`translate.compare.core`), the report written and printed by
:mod:`translate.compare.report`. Registered in cli.py.
"""

from __future__ import annotations

import json
import shlex
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from .common import (beam_option, cli_errors, json_option, model_option, opt_path, quiet_option, src_lang_option,
                         target_token_option, tgt_lang_option)
from ..compare.inputs import compare_files
from ..compare.report import render_terminal


class RankBy(str, Enum):
    bleu = "BLEU"
    chrf = "chrF"
    chrfpp = "chrF++"
    ter = "TER"


def compare_command(
    systems: list[Path] = typer.Argument(..., help="System outputs: line-aligned text files (or whole documents with --documents)."),
    source: Optional[Path] = typer.Option(None, "--source", "-s", help="Source text (needed for --documents and reference-free comparison)."),
    ref: Optional[list[Path]] = typer.Option(None, "--ref", "-r", help="Reference translation; repeat for several references."),
    name: Optional[list[str]] = typer.Option(None, "--name", "-n", help="Name of each system, in order (default: file names)."),
    baseline: Optional[str] = typer.Option(None, "--baseline", "-b", help="Baseline for significance: a system name or 1-based index (default: the first)."),
    docids: Optional[Path] = typer.Option(None, "--docids", help="Document id of each line (one per line, first tab field), for per-document scores."),
    documents: bool = typer.Option(False, "--documents", help="Inputs are whole documents: segment them and align each to the source first."),
    pseudo_ref: Optional[Path] = typer.Option(None, "--pseudo-ref", help="Reference-free: a machine translation of the source to compare against."),
    model: Optional[str] = model_option("Reference-free: model for the pseudo-reference (default: the OPUS-MT vi->en->nl pivot); also used for likelihood."),
    target_token: Optional[str] = target_token_option(),
    beam: int = beam_option("Beam size for the pseudo-reference."),
    src_lang: str = src_lang_option(),
    tgt_lang: str = tgt_lang_option(),
    freq_file: Optional[Path] = typer.Option(None, "--freq-file", help="Text whose word counts define the frequency buckets (default: the reference itself)."),
    paired_bs: Optional[int] = typer.Option(None, "--paired-bs", min=0, help="Paired bootstrap resamples (sacrebleu --paired-bs-n; default 1000 with 2+ systems; 0 = off)."),
    paired_ar: Optional[int] = typer.Option(None, "--paired-ar", min=0, help="Approximate randomization trials (sacrebleu --paired-ar-n; default 10000 with 2+ systems; 0 = off)."),
    seed: int = typer.Option(12345, "--seed", min=1, help="Random seed of the paired tests (sacrebleu's SACREBLEU_SEED)."),
    rank_by: RankBy = typer.Option(RankBy.chrf, "--rank-by", help="Metric that ranks the systems."),
    top: int = typer.Option(5, "--top", min=0, help="How many most-disputed segments to print."),
    nfc: bool = typer.Option(False, "--nfc", help="Normalize all texts to Unicode NFC before scoring."),
    json_path: Optional[Path] = json_option(),
    html_path: Optional[Path] = typer.Option(None, "--html", help="Write a self-contained HTML page here."),
    quiet: bool = quiet_option("Print only the corpus score table."),
) -> None:
    """Compare translation systems: corpus BLEU/chrF/chrF++/TER, paired significance,
    buckets by length and word frequency, per-segment and per-document scores.

    Without --ref it compares them with a MarianMT re-translation of the source (or --pseudo-ref): reference-free, and said so in every output.
    """
    with cli_errors("compare"):
        report = compare_files(
            [str(p) for p in systems], source=opt_path(source), refs=[str(p) for p in ref or []], names=list(name or []),
            baseline=baseline, docids=opt_path(docids), documents=documents, pseudo_ref=opt_path(pseudo_ref),
            model=model, target_token=target_token, beam=beam, src_lang=src_lang, tgt_lang=tgt_lang,
            freq_file=opt_path(freq_file), paired_bs=paired_bs, paired_ar=paired_ar, seed=seed, rank_by=rank_by.value,
            nfc=nfc, json_path=opt_path(json_path), html_path=opt_path(html_path), command=_command_line(),
        )
    if opt_path(json_path) == "-":
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    else:
        render_terminal(report, Console(highlight=False), top=top, quiet=quiet)
    raise typer.Exit(0)


def _command_line() -> str:
    return "translate " + " ".join(shlex.quote(a) for a in sys.argv[1:])
