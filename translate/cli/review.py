"""`translate review`: parse the options, call :func:`translate.pipeline.review_files`, print.

Exit codes: 0 clean (or flags below ``--fail-on``), 1 flags at or above ``--fail-on``
or a failed ``--fail-under-*`` gate, 2 usage or input error (one line on stderr, never
a traceback). Registered in cli.py.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from .common import (FailOn, Notes, backend_option, batch_tokens_option, beam_option, cache_option, cli_errors, err_console,
                         flag_exit_code, json_option, max_length_option, model_option, no_cache_option,
                         no_token_scores_option, opt_path, quiet_option, src_lang_option, target_token_option,
                         tgt_lang_option)
from ..checks.configfile import apply_overrides, load_config
from ..data import ReviewResult
from ..errors import ConfigError
from ..checks.waivers import load_decisions
from ..report.writers import Outputs, check_outputs, check_xliff_version, output_paths
from ..pipeline import DEFAULT_ROUTE, ReviewOptions, review_files
from ..report.core import Gate, iter_json, render_terminal, summary_line, terminal_safe


def review_command(
    source: Optional[Path] = typer.Argument(None, help="Source text (Vietnamese by default). Omit it (give only the rendering) for the checks that need no source."),
    rendering: Optional[Path] = typer.Argument(None, help="The translation to review (Dutch by default)."),
    model: Optional[list[str]] = model_option(
        "Model for re-translation: hub name, local folder, or A+B pivot. Default: vi->en->nl OPUS-MT pivot. "
        "Repeat for several routes (e.g. direct and pivot): the first is scored, all weigh in the risk."
    ),
    no_model: bool = typer.Option(False, "--no-model", help="Skip re-translation; run only model-free stages."),
    require_model: bool = typer.Option(
        False, "--require-model", envvar="TRANSLATE_REQUIRE_MODEL",
        help="Exit 2 when the re-translation model cannot be loaded, instead of a note and a model-free review (for CI).",
    ),
    against: Optional[list[Path]] = typer.Option(None, "--against", help="Use this translation of the source instead of running a model; repeat for several (their agreement weighs in the risk)."),
    sort: str = typer.Option("document", "--sort", help="Order of the pairs in the terminal and HTML: document, or risk (worst first)."),
    target_token: Optional[str] = target_token_option(),
    src_lang: str = src_lang_option(),
    tgt_lang: str = tgt_lang_option("Rendering language code."),
    beam: int = beam_option(),
    backend: str = backend_option("Re-translation engine: transformers, ctranslate2 or auto (CTranslate2 when installed)."),
    cache: Optional[Path] = cache_option("Translation cache file (default: TRANSLATE_CACHE or the user cache dir)."),
    no_cache: bool = no_cache_option(),
    no_token_scores: bool = no_token_scores_option("Skip forced decoding of the rendering (word log-probs); with a warm cache the model is then never loaded."),
    max_length: int = max_length_option(),
    batch_tokens: Optional[int] = batch_tokens_option("Token budget of one batch (default 2048)."),
    json_path: Optional[Path] = json_option(),
    fail_on: FailOn = typer.Option(FailOn.never, "--fail-on", help="Exit 1 when a flag of this severity or worse exists."),
    fail_under_chrf: Optional[float] = typer.Option(None, "--fail-under-chrf", help="Exit 1 when the document chrF is under this (needs a re-translation); a JUnit case of its own."),
    fail_under_bleu: Optional[float] = typer.Option(None, "--fail-under-bleu", help="Exit 1 when the document BLEU is under this (needs a re-translation); a JUnit case of its own."),
    only_flagged: bool = typer.Option(False, "--only-flagged", help="Show only flagged pairs in the terminal table."),
    notes: Notes = typer.Option(Notes.collapsed, "--notes", help="Info notes in the terminal: collapsed (one line per pair: count and codes) or full."),
    quiet: bool = quiet_option("Print only the summary line."),
    tm: Optional[Path] = typer.Option(None, "--tm", help="Review an existing translation memory (TMX, XLIFF or two-column TSV) without re-aligning."),
    html_path: Optional[Path] = typer.Option(None, "--html", help="Write a self-contained HTML review page here."),
    tmx_path: Optional[Path] = typer.Option(None, "--tmx", help="Export the aligned pairs as TMX 1.4b."),
    xliff_path: Optional[Path] = typer.Option(None, "--xliff", help="Export the aligned pairs as XLIFF (flagged units marked for review)."),
    xliff_version: str = typer.Option("1.2", "--xliff-version", help="XLIFF version for --xliff: 1.2, 2.0 or 2.1."),
    csv_path: Optional[Path] = typer.Option(None, "--csv", help="Export one row per aligned pair as CSV."),
    csv_raw: bool = typer.Option(False, "--csv-raw", help="Write CSV/TSV cells as they are (round trips); by default a cell starting with = + - @ gets a leading apostrophe so spreadsheets do not run it."),
    tsv_path: Optional[Path] = typer.Option(None, "--tsv", help="Export one row per aligned pair as TSV."),
    jsonl_path: Optional[Path] = typer.Option(None, "--jsonl", help="Export one JSON object per aligned pair (JSON Lines)."),
    junit_path: Optional[Path] = typer.Option(None, "--junit", help="Write JUnit XML (one test case per flagged pair) for CI."),
    write: Optional[list[str]] = typer.Option(None, "--write", help="Write an output with any registered writer (plug-ins included), NAME=PATH, e.g. tmx=out.tmx; repeatable."),
    config: Optional[Path] = typer.Option(None, "--config", help="TOML file of flag thresholds and enabled checks (translate checks --config-template)."),
    waivers: Optional[Path] = typer.Option(None, "--waivers", help="Waivers file (translate waive): matching flags are marked waived."),
    disable: Optional[list[str]] = typer.Option(None, "--disable", help="Check code to skip (see translate checks); repeatable."),
    set_: Optional[list[str]] = typer.Option(None, "--set", help="Override a threshold, NAME=VALUE (e.g. chrf_error=25); repeatable."),
    swap: bool = typer.Option(False, "--swap", help="The rendering was given first: swap the two files."),
    max_seconds: float = typer.Option(
        0, "--max-seconds", min=0, envvar="TRANSLATE_MAX_SECONDS", help="Stop with an error after this many seconds (0: no limit)."
    ),
) -> None:
    """Review a rendering against its source: align, re-translate, score and flag.

    With one file (the rendering only) it runs every check that needs no source.
    """
    with cli_errors("review", max_seconds):
        check_xliff_version(xliff_version)
        if tm is not None and (source is not None or rendering is not None):
            raise ConfigError("--tm replaces the SOURCE and RENDERING files", "give either --tm FILE or the two files")
        if tm is None and source is None and rendering is None:
            raise ConfigError("no input files", "usage: translate review SOURCE RENDERING, or translate review RENDERING")
        if rendering is None:
            source, rendering = None, source
        if sort not in ("document", "risk"):
            raise ConfigError(f"--sort {sort} is not an order", "use --sort document or --sort risk")
        if require_model and no_model:
            raise ConfigError("--require-model and --no-model contradict each other", "drop one of them")
        options = ReviewOptions(
            src_lang=src_lang, tgt_lang=tgt_lang, model=None if no_model else (model[0] if len(model) == 1 else list(model)) if model else DEFAULT_ROUTE,
            against=(str(against[0]) if len(against) == 1 else [str(a) for a in against]) if against else None,
            target_token=target_token, beam=beam, engine=backend, cache=False if no_cache else opt_path(cache),
            max_length=max_length, batch_tokens=batch_tokens, progress=not quiet,
            token_scores=not no_token_scores, swap=swap, waivers=opt_path(waivers),
            # an explicit --model that cannot be loaded is an error; only the default route falls back
            require_model=require_model or (bool(model) and not no_model),
            flags=apply_overrides(load_config(config), set_, disable),
        )
        named = {"html": html_path, "tmx": tmx_path, "xliff": xliff_path, "csv": csv_path, "tsv": tsv_path,
                 "jsonl": jsonl_path, "junit": junit_path}  # the writers with an option of their own
        outputs = Outputs(paths=output_paths(named, write), xliff_version=xliff_version, csv_raw=csv_raw, sort=sort,
                          junit_fail_on=fail_on.severity)
        check_outputs(outputs)  # unknown writer names: before any work
        outputs.decisions = load_decisions(str(waivers)) if waivers else None  # XLIFF states
        result, gates = review_files(opt_path(source), opt_path(rendering), options, tm_path=opt_path(tm),
                                     json_path=opt_path(json_path), outputs=outputs,
                                     fail_under_chrf=fail_under_chrf, fail_under_bleu=fail_under_bleu)
    print_review(result, gates, to_stdout_json=opt_path(json_path) == "-", quiet=quiet, only_flagged=only_flagged, sort=sort,
                 notes=notes.value)
    raise typer.Exit(max(flag_exit_code(result.worst_severity(), fail_on), 1 if any(not g.passed for g in gates) else 0))


def print_review(result: ReviewResult, gates: list[Gate], *, to_stdout_json: bool, quiet: bool, only_flagged: bool,
                 sort: str, notes: str = "collapsed") -> None:
    """The JSON report on stdout ('--json -'), or the terminal table (the summary line with
    --quiet); warnings and failed gates on stderr, one unwrapped line each, so scripts can grep them."""
    warnings = result.meta.get("warnings", []) or []
    if to_stdout_json:
        sys.stdout.writelines(iter_json(result))
        for line in warnings:
            err_console().print(f"warning: {line}", markup=False)
    else:
        out = sys.stdout if sys.stdout.isatty() else _RStripLines(sys.stdout)
        console = Console(highlight=False, file=out)
        for line in warnings:
            err_console().print(terminal_safe(f"warning: {line}"), markup=False)
        if quiet:
            for line in result.skipped:
                console.print(f"note: {line}", markup=False, soft_wrap=True)
            console.print(summary_line(result), markup=False, soft_wrap=True)
        else:
            render_terminal(result, console, only_flagged=only_flagged, sort=sort, warnings=False, notes=notes)
        if out is not sys.stdout:
            out.flush()
    for gate in gates:
        if not gate.passed:
            err_console().print(f"gate: {gate.message}", markup=False)


class _RStripLines:
    """A write-through file that drops the spaces Rich pads table and grid lines with,
    for piped output (a terminal shows them as nothing; a file or diff keeps them).
    Hand-written: Rich has no switch for it. Streams line by line."""

    def __init__(self, target) -> None:
        self.target = target
        self.pending = ""

    def write(self, text: str) -> int:
        lines = (self.pending + text).split("\n")
        self.pending = lines.pop()
        if lines:
            self.target.write("".join(line.rstrip(" ") + "\n" for line in lines))
        return len(text)

    def flush(self) -> None:
        if self.pending:
            self.target.write(self.pending.rstrip(" "))
            self.pending = ""
        self.target.flush()

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return self.target.fileno()
