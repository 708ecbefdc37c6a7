"""Progress on stderr for the long stages of a review (issue 15, item 3).

Translation and forced decoding count sentences / pairs; alignment and flagging are
single vectorised or forked calls with no loop to count, so they show a running
stage line with the elapsed time. Everything goes to stderr and only when stderr is
a terminal: stdout stays clean for ``--json -`` and for pipes, and a CI log gets no
bar at all. Bars are transient (they vanish when the stage ends).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn, \
    TimeRemainingColumn


def console() -> Console:
    """The console progress goes to (stderr); tests replace this to fake a terminal."""
    return Console(stderr=True)


def counted_bar(label: str, enabled: bool, total: int, min_total: int = 32) -> Progress | None:
    """A counting bar with an ETA, or None (disabled, short job, or stderr not a terminal)."""
    if not enabled or total < min_total:
        return None
    con = console()
    if not con.is_terminal:
        return None
    return Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    console=con, transient=True)


@contextlib.contextmanager
def stage(label: str, enabled: bool, total: int | None = None) -> Iterator[Callable[[int], None]]:
    """Show one stage while its block runs; yields ``advance(n)`` (a no-op without a bar).

    With ``total`` the bar counts (and shows an ETA); without, it is a spinner with
    the elapsed time, for stages that are one call."""
    con = console() if enabled else None
    if con is None or not con.is_terminal:
        yield lambda n: None
        return
    if total is None:
        bar = Progress(SpinnerColumn(), TextColumn(label), TimeElapsedColumn(), console=con, transient=True)
    else:
        bar = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                       console=con, transient=True)
    task = bar.add_task("", total=total)
    bar.start()
    try:
        yield lambda n: bar.update(task, advance=n)
    finally:
        bar.stop()
