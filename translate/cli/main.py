"""Thin command line: parse options, call the pipeline, print, exit.

Exit codes: 0 clean (or flags below ``--fail-on``), 1 flags at or above
``--fail-on``, 2 usage or input error (one line on stderr, never a traceback).
"""

from __future__ import annotations

import sys

import typer
from typer.core import TyperGroup

try:  # Typer >= 0.25 vendors Click and raises its own copies of Click's exceptions
    from typer._click import exceptions as _cx
except ImportError:  # pragma: no cover - older Typer on top of Click
    from click import exceptions as _cx

from ..version import __version__
from .align import command as align_command
from .common import print_error, print_interrupted
from .compare import compare_command
from .corpus import corpus_command
from ..errors import TranslateError
from .checks import checks_command, waive_command
from .models import build_app as models_app
from .review import review_command
from ..runtime import Interrupted, signals_and_limit, tune_gc

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
            print_error(f"{text} (see {where} --help)")
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


def _version(value: bool) -> None:
    if value:
        typer.echo(f"translate {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """translate: machine-translation review and alignment toolkit."""


# one module per command: parse, call one library function, print (translate/*_cmd.py)
app.command("review")(review_command)
app.command("compare")(compare_command)
app.command("checks")(checks_command)
app.command("waive")(waive_command)
app.command("align")(align_command)
app.command("review-corpus")(corpus_command)
app.add_typer(models_app(), name="models")


def main() -> None:
    tune_gc()
    try:
        # Click turns KeyboardInterrupt into "Aborted!" and exit 1; our handler raises
        # Interrupted (a BaseException Click does not catch) for every command.
        with signals_and_limit():
            app()
    except TranslateError as exc:  # raised outside a command body
        print_error(exc.one_line())
        sys.exit(exc.exit_code)
    except (Interrupted, KeyboardInterrupt) as exc:
        print_interrupted(exc)
        sys.exit(getattr(exc, "exit_code", 130))


if __name__ == "__main__":
    main()
