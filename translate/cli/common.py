"""What every command of the CLI shares: the one error exit and the shared options.

Every command body runs inside :func:`cli_errors`: a :class:`TranslateError` becomes one
``error: <message> (<hint>)`` line on stderr and its exit code (2), Ctrl-C / SIGTERM one
``interrupted by ...`` line and 130 / 143, the ``--max-seconds`` limit an ``error:`` line
and 2. Usage errors found by Click print through :func:`print_error` too, so every error
reads the same. No command imports anything back from cli.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Any, NoReturn, Optional

import typer
from rich.console import Console

from ..data import Severity
from ..errors import TranslateError
from ..runtime import Interrupted, TimeLimit, signals_and_limit


def err_console() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def print_error(text: str) -> None:
    """The one way an error is printed: one ``error:`` line on stderr."""
    err_console().print(f"error: {text}", markup=False)


def print_interrupted(exc: Interrupted | KeyboardInterrupt) -> None:
    name = getattr(exc, "name", "Ctrl-C")
    err_console().print(f"interrupted by {name}: stopped before the end, no output written", markup=False)


def fail(exc: TranslateError) -> NoReturn:
    """Print a TranslateError as one line and exit with its code."""
    print_error(exc.one_line())
    raise typer.Exit(exc.exit_code)


@contextmanager
def cli_errors(command: str = "", max_seconds: float = 0) -> Iterator[None]:
    """The one error exit of a command body (see the module docstring); with
    ``max_seconds`` the block also runs under that wall-clock limit."""
    try:
        with signals_and_limit(max_seconds):
            yield
    except TranslateError as exc:
        fail(exc)
    except Interrupted as exc:
        print_interrupted(exc)
        raise typer.Exit(exc.exit_code) from None
    except TimeLimit as exc:
        fail(TranslateError(f"{command or 'the command'} stopped after the {exc.seconds:g} s limit (--max-seconds)",
                            "raise the limit or split the input"))


class Notes(str, Enum):
    """How the terminal shows a pair's info notes."""

    collapsed = "collapsed"
    full = "full"


class FailOn(str, Enum):
    never = "never"
    info = "info"
    warning = "warning"
    error = "error"

    @property
    def severity(self) -> Severity | None:
        return None if self is FailOn.never else Severity(self.value)


def flag_exit_code(worst: Severity | None, fail_on: FailOn) -> int:
    """1 when the worst flag reaches ``--fail-on``, else 0."""
    return 1 if fail_on.severity is not None and worst is not None and worst >= fail_on.severity else 0


def opt_path(p: Optional[Path]) -> Optional[str]:
    return None if p is None else str(p)


# ---------------------------------------------------------------- shared options
# One definition per option that several commands take; a command may word the help
# for its own case.

def src_lang_option() -> Any:
    return typer.Option("vi", "--src-lang", help="Source language code.")


def tgt_lang_option(help: str = "Target language code.") -> Any:
    return typer.Option("nl", "--tgt-lang", help=help)


def model_option(help: str) -> Any:
    return typer.Option(None, "--model", "-m", help=help)


def target_token_option(help: str = "Target-language token for multilingual models, e.g. '>>nld<<'.") -> Any:
    return typer.Option(None, "--target-token", help=help)


def beam_option(help: str = "Beam size for re-translation.") -> Any:
    return typer.Option(1, "--beam", min=1, max=16, help=help)


def backend_option(help: str) -> Any:
    return typer.Option("auto", "--backend", help=help)


def cache_option(help: str) -> Any:
    return typer.Option(None, "--cache", help=help)


def no_cache_option() -> Any:
    return typer.Option(False, "--no-cache", help="Do not read or write the translation cache.")


def no_token_scores_option(help: str) -> Any:
    return typer.Option(False, "--no-token-scores", help=help)


def max_length_option() -> Any:
    return typer.Option(256, "--max-length", min=1, help="Most output tokens per sentence.")


def batch_tokens_option(help: str) -> Any:
    return typer.Option(None, "--batch-tokens", min=1, help=help)


def json_option(help: str = "Write the JSON report here ('-' for stdout).") -> Any:
    return typer.Option(None, "--json", help=help)


def quiet_option(help: str) -> Any:
    return typer.Option(False, "--quiet", "-q", help=help)
