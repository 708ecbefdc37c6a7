"""Thin command line: parse options, call the pipeline, print, exit.

Exit codes: 0 clean (or flags below ``--fail-on``), 1 flags at or above
``--fail-on``, 2 usage or input error (one line on stderr, never a traceback).
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from typer.core import TyperGroup

try:  # Typer >= 0.25 vendors Click and raises its own copies of Click's exceptions
    from typer._click import exceptions as _cx
except ImportError:  # pragma: no cover - older Typer on top of Click
    from click import exceptions as _cx

from . import __version__
from .data import Severity
from .errors import TranslateError
from .waivers import load_decisions

class _OneLineErrors(TyperGroup):
    """Bad usage (an unknown option, ``--fail-on bogus``) prints one ``error:`` line and
    exits 2, like every other input error, instead of Typer's multi-line box."""

    def main(self, *args, standalone_mode: bool = True, **kwargs):
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            rv = super().main(*args, standalone_mode=False, **kwargs)
        except _cx.NoArgsIsHelpError as exc:
            exc.show()  # the help text, as asked for by a bare command
            sys.exit(exc.exit_code)
        except _cx.ClickException as exc:
            where = exc.ctx.command_path if getattr(exc, "ctx", None) is not None else "translate"
            text = " ".join(exc.format_message().split()).replace("Value error, ", "").rstrip(".")
            _err_console().print(f"error: {text} (see {where} --help)", markup=False)
            sys.exit(exc.exit_code)
        except typer.Abort:
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)


app = typer.Typer(
    cls=_OneLineErrors,
    name="translate",
    help="Review machine translations: segment, align, re-translate (MarianMT), score (sacrebleu) and flag.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _no_flag_placeholder() -> None:
    """Typer 0.29's help shows a ``<bool>`` type column for on/off flags, which take no
    value; show nothing there (flags only: options with a value keep their placeholder)."""
    from typer.core import TyperOption

    shown = TyperOption.display_type_rich
    if getattr(shown, "_translate_patched", False):
        return

    def display_type_rich(self, ctx):
        return None if self.is_flag else shown(self, ctx)

    display_type_rich._translate_patched = True  # type: ignore[attr-defined]
    TyperOption.display_type_rich = display_type_rich  # type: ignore[method-assign]


_no_flag_placeholder()


class FailOn(str, Enum):
    never = "never"
    info = "info"
    warning = "warning"
    error = "error"


def _err_console() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def fail(exc: TranslateError) -> None:
    """Print a TranslateError as one line and exit with its code."""
    _err_console().print(f"error: {exc.one_line()}", markup=False)
    raise typer.Exit(exc.exit_code)


def interrupted(exc) -> None:
    """Ctrl-C or SIGTERM: one line, exit 130 (143 for SIGTERM), never a traceback."""
    _err_console().print(f"interrupted by {exc.name}: stopped before the end, no output written", markup=False)
    raise typer.Exit(exc.exit_code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"translate {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """translate: machine-translation review and alignment toolkit."""


@app.command()
def review(
    source: Optional[Path] = typer.Argument(None, help="Source text (Vietnamese by default). Omit it (give only the rendering) for the checks that need no source."),
    rendering: Optional[Path] = typer.Argument(None, help="The translation to review (Dutch by default)."),
    model: Optional[str] = typer.Option(
        None, "--model", "-m", help="Model for re-translation: hub name, local folder, or A+B pivot. Default: vi->en->nl OPUS-MT pivot."
    ),
    no_model: bool = typer.Option(False, "--no-model", help="Skip re-translation; run only model-free stages."),
    require_model: bool = typer.Option(
        False, "--require-model", envvar="TRANSLATE_REQUIRE_MODEL",
        help="Exit 2 when the re-translation model cannot be loaded, instead of a note and a model-free review (for CI).",
    ),
    against: Optional[list[Path]] = typer.Option(None, "--against", help="Use this translation of the source instead of running a model; repeat for several (their agreement weighs in the risk)."),
    sort: str = typer.Option("document", "--sort", help="Order of the pairs in the terminal and HTML: document, or risk (worst first)."),
    target_token: Optional[str] = typer.Option(None, "--target-token", help="Target-language token for multilingual models, e.g. '>>nld<<'."),
    src_lang: str = typer.Option("vi", "--src-lang", help="Source language code."),
    tgt_lang: str = typer.Option("nl", "--tgt-lang", help="Rendering language code."),
    beam: int = typer.Option(1, "--beam", min=1, max=16, help="Beam size for re-translation."),
    backend: str = typer.Option("auto", "--backend", help="Re-translation engine: transformers, ctranslate2 or auto (CTranslate2 when installed)."),
    cache: Optional[Path] = typer.Option(None, "--cache", help="Translation cache file (default: TRANSLATE_CACHE or the user cache dir)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not read or write the translation cache."),
    no_token_scores: bool = typer.Option(False, "--no-token-scores", help="Skip forced decoding of the rendering (word log-probs); with a warm cache the model is then never loaded."),
    max_length: int = typer.Option(256, "--max-length", min=1, help="Most output tokens per sentence."),
    batch_tokens: Optional[int] = typer.Option(None, "--batch-tokens", min=1, help="Token budget of one batch (default 2048)."),
    json_path: Optional[Path] = typer.Option(None, "--json", help="Write the JSON report here ('-' for stdout)."),
    fail_on: FailOn = typer.Option(FailOn.never, "--fail-on", help="Exit 1 when a flag of this severity or worse exists."),
    fail_under_chrf: Optional[float] = typer.Option(None, "--fail-under-chrf", help="Exit 1 when the document chrF is under this (needs a re-translation); a JUnit case of its own."),
    fail_under_bleu: Optional[float] = typer.Option(None, "--fail-under-bleu", help="Exit 1 when the document BLEU is under this (needs a re-translation); a JUnit case of its own."),
    only_flagged: bool = typer.Option(False, "--only-flagged", help="Show only flagged pairs in the terminal table."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only the summary line."),
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
    from .pipeline import ReviewOptions
    from .pipeline import review as run_review
    from .report import iter_json, quality_gates, render_terminal, summary_line, write_json

    from .export import Outputs, check_xliff_version, write_outputs

    outputs = Outputs(
        html=_opt_path(html_path), tmx=_opt_path(tmx_path), xliff=_opt_path(xliff_path), xliff_version=xliff_version,
        csv=_opt_path(csv_path), tsv=_opt_path(tsv_path), jsonl=_opt_path(jsonl_path), junit=_opt_path(junit_path), csv_raw=csv_raw,
    )
    try:
        check_xliff_version(xliff_version)
    except TranslateError as exc:
        fail(exc)
    if tm is not None and (source is not None or rendering is not None):
        fail(TranslateError("--tm replaces the SOURCE and RENDERING files", "give either --tm FILE or the two files"))
    if tm is None and source is None and rendering is None:
        fail(TranslateError("no input files", "usage: translate review SOURCE RENDERING, or translate review RENDERING"))
    if rendering is None:
        source, rendering = None, source
    if sort not in ("document", "risk"):
        fail(TranslateError(f"--sort {sort} is not an order", "use --sort document or --sort risk"))
    outputs.sort = sort
    options = ReviewOptions(
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        model=None if no_model else (model or None),
        against=(str(against[0]) if len(against) == 1 else [str(a) for a in against]) if against else None,
        target_token=target_token,
        beam=beam,
        engine=backend,
        cache=False if no_cache else (str(cache) if cache else None),
        max_length=max_length,
        batch_tokens=batch_tokens,
        progress=not quiet,
        token_scores=not no_token_scores,
        swap=swap,
        # an explicit --model that cannot be loaded is an error; only the default route falls back
        require_model=require_model or (model is not None and not no_model),
    )
    if require_model and no_model:
        fail(TranslateError("--require-model and --no-model contradict each other", "drop one of them"))
    try:
        from .config import apply_overrides, load_config

        options.flags = apply_overrides(load_config(config), set_, disable)
        options.waivers = str(waivers) if waivers else None
        outputs.decisions = load_decisions(waivers) if waivers else None  # XLIFF states
    except TranslateError as exc:
        fail(exc)
        return
    if options.model is None and not no_model:
        from .translate import DEFAULT_ROUTE

        options.model = DEFAULT_ROUTE
    if no_model:
        options.model = None
    from .guards import Interrupted, TimeLimit, check_output_path, signals_and_limit

    try:
        outs = [json_path if json_path is not None and str(json_path) != "-" else None]
        outs += [getattr(outputs, k, None) for k in ("html", "tmx", "xliff", "csv", "tsv", "jsonl", "junit")]
        for out in outs:
            if out is not None and str(out) != "-":
                check_output_path(out, [source, rendering, *(against or []), tm])
        with signals_and_limit(max_seconds):
            if tm is not None:
                from .pipeline import review_tm

                result = review_tm(str(tm), options)
            else:
                result = run_review(str(source) if source else None, str(rendering), options)
            gates = quality_gates(result, fail_under_chrf, fail_under_bleu)
            outputs.gates = gates
            outputs.junit_fail_on = None if fail_on is FailOn.never else Severity(fail_on.value)
            if json_path is not None and str(json_path) != "-":
                write_json(result, json_path)
            write_outputs(result, outputs)
    except TranslateError as exc:
        fail(exc)
        return
    except Interrupted as exc:
        interrupted(exc)
    except TimeLimit as exc:
        fail(TranslateError(f"review stopped after the {exc.seconds:g} s limit (--max-seconds)", "raise the limit or split the input"))
    if json_path is not None and str(json_path) == "-":
        sys.stdout.writelines(iter_json(result))
        for line in result.meta.get("warnings", []) or []:
            _err_console().print(f"warning: {line}", markup=False)
    else:
        out = sys.stdout if sys.stdout.isatty() else _RStripLines(sys.stdout)
        console = Console(highlight=False, file=out)
        # warnings go to stderr, one unwrapped line each, so scripts can grep them
        from .report import terminal_safe

        for line in result.meta.get("warnings", []) or []:
            _err_console().print(terminal_safe(f"warning: {line}"), markup=False)
        if quiet:
            for line in result.skipped:
                console.print(f"note: {line}", markup=False, soft_wrap=True)
            console.print(summary_line(result), markup=False, soft_wrap=True)
        else:
            render_terminal(result, console, only_flagged=only_flagged, sort=sort, warnings=False)
        if out is not sys.stdout:
            out.flush()
    for gate in gates:
        if not gate.passed:
            _err_console().print(f"gate: {gate.message}", markup=False)
    code = exit_code(result, fail_on)
    raise typer.Exit(max(code, 1 if any(not g.passed for g in gates) else 0))


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


def _opt_path(p: Optional[Path]) -> Optional[str]:
    return None if p is None else str(p)


# `translate compare`: the command body lives in compare_cmd.py (issue 7).
from .compare_cmd import compare_command as _compare_command  # noqa: E402

app.command("compare")(_compare_command)

# `translate checks` / `translate waive`: bodies in flag_cli.py (issue 5).
from .flag_cli import checks_command, waive_command  # noqa: E402

app.command("checks")(checks_command)
app.command("waive")(waive_command)

# `translate align SRC TGT`: the command body lives in align_cmd.py
from . import align_cmd as _align_cmd  # noqa: E402

app.command("align")(_align_cmd.command)

# `translate review-corpus`: the command body lives in corpus_cmd.py (issue 16).
from .corpus_cmd import corpus_command as _corpus_command  # noqa: E402

app.command("review-corpus")(_corpus_command)

# `translate models`: the command bodies live in models.py (issue 3).
from .models import build_app as _models_app  # noqa: E402

app.add_typer(_models_app(), name="models")


def exit_code(result, fail_on: FailOn) -> int:
    if fail_on is FailOn.never:
        return 0
    worst = result.worst_severity()
    if worst is None:
        return 0
    return 1 if worst >= Severity(fail_on.value) else 0


def main() -> None:
    import gc

    from .guards import Interrupted, signals_and_limit

    # a review allocates millions of small objects that live to the end; the default
    # thresholds (700, 10, 10) rescan them over and over (about 30% of segmentation
    # time on 50,000 paragraphs, eval/stress.py). Our data has no reference cycles.
    gc.set_threshold(50_000, 20, 10)

    try:
        # Click turns KeyboardInterrupt into "Aborted!" and exit 1; our handler raises
        # Interrupted (a BaseException Click does not catch) for every command.
        with signals_and_limit():
            app()
    except TranslateError as exc:  # raised outside a command body
        _err_console().print(f"error: {exc.one_line()}", markup=False)
        sys.exit(exc.exit_code)
    except (Interrupted, KeyboardInterrupt) as exc:
        name = getattr(exc, "name", "Ctrl-C")
        _err_console().print(f"interrupted by {name}: stopped before the end, no output written", markup=False)
        sys.exit(getattr(exc, "exit_code", 130))


if __name__ == "__main__":
    main()
