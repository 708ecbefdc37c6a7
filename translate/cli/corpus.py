"""`translate review-corpus INPUT --out DIR`: the command body (the work is in corpus.py)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer

from .common import (backend_option, batch_tokens_option, beam_option, cache_option, cli_errors, max_length_option,
                         model_option, no_cache_option, no_token_scores_option, quiet_option, src_lang_option,
                         target_token_option, tgt_lang_option)
from ..checks.configfile import apply_overrides, load_config
from ..corpus.run import CorpusSettings, discover, review_corpus
from ..data import Severity
from ..errors import ConfigError


def corpus_command(
    input_path: Path = typer.Argument(..., help="Folder of NAME.vi.txt + NAME.nl.txt [+ NAME.against.nl.txt], or a TSV manifest (id, source, rendering[, against])."),
    out: Path = typer.Option(..., "--out", "-o", help="Output folder (reports, summary.jsonl, scores.json, ranked.tsv, index.html)."),
    model: Optional[str] = model_option("Model for re-translation of documents without an against file."),
    src_lang: str = src_lang_option(),
    tgt_lang: str = tgt_lang_option("Rendering language code."),
    target_token: Optional[str] = target_token_option("Target-language token for multilingual models."),
    beam: int = beam_option(),
    backend: str = backend_option("Re-translation engine: auto, transformers, ctranslate2, or a plug-in engine (translate models engines lists them)."),
    cache: Optional[Path] = cache_option("Translation cache file, shared by all workers (default: TRANSLATE_CACHE or the user cache dir)."),
    no_cache: bool = no_cache_option(),
    no_token_scores: bool = no_token_scores_option("Skip forced decoding of the renderings."),
    max_length: int = max_length_option(),
    batch_tokens: Optional[int] = batch_tokens_option("Token budget of one batch."),
    html: bool = typer.Option(False, "--html", help="Also write each document's HTML review page (linked from index.html)."),
    workers: int = typer.Option(0, "--workers", "-j", min=0, help="Worker processes (0: the number of cores)."),
    config: Optional[Path] = typer.Option(None, "--config", help="TOML file of flag thresholds and enabled checks."),
    waivers: Optional[Path] = typer.Option(None, "--waivers", help="Waivers file applied to every document."),
    disable: Optional[list[str]] = typer.Option(None, "--disable", help="Check code to skip; repeatable."),
    set_: Optional[list[str]] = typer.Option(None, "--set", help="Override a threshold, NAME=VALUE; repeatable."),
    fail_on: str = typer.Option("never", "--fail-on", help="Exit 1 when any document has a flag of this severity or worse (never, info, warning, error); a document that could not be reviewed counts as error."),
    ray_address: Optional[str] = typer.Option(None, "--ray", envvar="RAY_ADDRESS", help="Run on this Ray cluster (e.g. 127.0.0.1:6379 or auto); needs translate[ray]."),
    quiet: bool = quiet_option("No progress bar."),
) -> None:
    """Review many document pairs: one report per document plus corpus summary, scores, ranking and index.

    Resumable: a rerun skips documents whose inputs and settings are unchanged.
    """
    with cli_errors("review-corpus"):
        if fail_on not in ("never", "info", "warning", "error"):
            raise ConfigError(f"--fail-on {fail_on} is not supported", "use never, info, warning or error")
        settings = CorpusSettings(
            src_lang=src_lang, tgt_lang=tgt_lang, model=model, target_token=target_token, beam=beam, engine=backend,
            cache=False if no_cache else (str(cache) if cache else None), max_length=max_length,
            batch_tokens=batch_tokens, token_scores=not no_token_scores, config=str(config) if config else None,
            disable=list(disable or []), set_=list(set_ or []), waivers=str(waivers) if waivers else None, html=html,
        )
        apply_overrides(load_config(settings.config), settings.set_ or None, settings.disable or None)  # bad config: exit 2 now
        docs = discover(input_path, src_lang, tgt_lang)
        if out.exists() and not out.is_dir():
            raise ConfigError(f"{out}: exists and is not a folder", "give a folder for --out")
        n = workers or os.cpu_count() or 1
        runner = None
        if ray_address:
            from ..corpus.on_ray import make_runner  # lazy on purpose: Ray is optional (translate[ray]), needed only with --ray

            runner = make_runner(ray_address, workers or 10**6)
        with _progress(not quiet and sys.stderr.isatty()) as bar:
            result = review_corpus(docs, out, settings, workers=n, progress=bar, runner=runner)
    typer.echo(
        f"{len(result.records)} documents ({result.reviewed} reviewed, {result.skipped} unchanged), "
        f"{result.errors} errors, flags: " + ", ".join(f"{k} {v}" for k, v in result.scores["flags"].items())
        + f"; {result.seconds:.1f} s; {out}/index.html"
    )
    worst = result.worst()
    code = 0
    if fail_on != "never" and worst is not None and worst >= Severity(fail_on):
        code = 1
    raise typer.Exit(code)


class _progress:
    """One rich progress bar over documents with an ETA, on stderr (terminal only)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar = None
        self.task = None

    def __enter__(self):
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(TextColumn("documents"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                                console=Console(stderr=True), transient=True)
            self.bar.__enter__()
        return self

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            return
        if self.task is None:
            self.task = self.bar.add_task("documents", total=total)
        self.bar.update(self.task, completed=done)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)
