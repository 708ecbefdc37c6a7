"""The process around the stages: signals, the wall-clock limit, garbage collection
and memory given back to the system (split out of guards.py, issue 13).

* a wall-clock limit (``--max-seconds``) and clean Ctrl-C / SIGTERM handling:
  the CLI turns them into one line and exit codes 2, 130 and 143;
* the cyclic garbage collector tuned for the CLI (:func:`tune_gc`) and paused in the
  model-free stages (:func:`gc_paused`); freed heap memory returned (:func:`release_freed_memory`).

``Interrupted`` and ``TimeLimit`` derive from BaseException on purpose: library
code that catches ``Exception`` (the language identifier, tokenizers) must not
swallow them.
"""

from __future__ import annotations

import gc
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Interrupted(BaseException):
    """Ctrl-C (SIGINT) or SIGTERM arrived; ``exit_code`` is 130 or 143."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
        self.exit_code = 128 + signum
        self.name = "Ctrl-C" if signum == signal.SIGINT else signal.Signals(signum).name


class TimeLimit(BaseException):
    """The ``--max-seconds`` limit was reached."""

    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.seconds = seconds


@contextmanager
def signals_and_limit(max_seconds: float = 0) -> Iterator[None]:
    """Turn SIGINT/SIGTERM into :class:`Interrupted` and an elapsed ``max_seconds``
    into :class:`TimeLimit` inside the block (main thread only; otherwise no-op)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_signal(signum, frame):  # noqa: ARG001
        raise Interrupted(signum)

    def on_alarm(signum, frame):  # noqa: ARG001
        raise TimeLimit(max_seconds)

    old = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    old_alarm = None
    if max_seconds and max_seconds > 0:
        old_alarm = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, max_seconds)
    try:
        yield
    finally:
        if old_alarm is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old_alarm)
        for s, h in old.items():
            signal.signal(s, h)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a model-free stage.

    The stages build hundreds of thousands of small objects that form no cycles
    (segments, links, flags, report dicts); the collector rescanned all the live
    ones over and over meanwhile, a tenth or more of each stage on long documents
    (eval/stress.py). Reference counting still frees everything; the collector is
    switched back on afterwards if it was on."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def release_freed_memory() -> None:
    """Give the heap memory a stage has freed back to the system (glibc only).

    The aligner frees a few hundred MiB of band arrays on long documents; glibc
    keeps much of it mapped (its mmap threshold grows after big frees, so later
    arrays come from the heap and fragment it), and the flag stage, and the
    process it forks, would then start from that high-water mark. A no-op where
    there is no glibc."""
    try:
        import ctypes

        libc = ctypes.CDLL(None)
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)


def tune_gc() -> None:
    """GC thresholds for a whole CLI run. A review allocates millions of small objects
    that live to the end; the default thresholds (700, 10, 10) rescan them over and over
    (about 30% of segmentation time on 50,000 paragraphs, eval/stress.py). Our data has
    no reference cycles."""
    gc.set_threshold(50_000, 20, 10)
