"""Checks on what the user gave, before and around the stages (issue 8).

* the same file given twice, or two files with the same text;
* source and rendering swapped (language identification on a sample of each);
* an output path that cannot be written, checked before the long work starts
  (and never one of the input files);
* a wall-clock limit (``--max-seconds``) and clean Ctrl-C / SIGTERM handling:
  the CLI turns them into one line and exit codes 2, 130 and 143.

``Interrupted`` and ``TimeLimit`` derive from BaseException on purpose: library
code that catches ``Exception`` (the language identifier, tokenizers) must not
swallow them.
"""

from __future__ import annotations

import gc
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .data import Document
from .errors import InputError, OutputError

SAMPLE_CHARS = 4000
MIN_SAMPLE_LETTERS = 200
MIN_PROB = 0.8


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


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return Path(a).resolve() == Path(b).resolve()


def check_distinct(source_path: str, target_path: str) -> None:
    if same_file(source_path, target_path):
        raise InputError(
            f"{target_path}: the same file is given as source and rendering",
            "give the source first, then its rendering",
        )


def check_pair(source: Document, target: Document, src_lang: str, tgt_lang: str) -> list[str]:
    """Refuse identical or swapped inputs; return warnings about odd languages."""
    if source.text.strip() == target.text.strip():
        raise InputError(
            f"{target.path}: has the same text as the source {source.path}",
            "give the rendering (the translation), not a copy of the source",
        )
    if not src_lang or not tgt_lang or _base(src_lang) == _base(tgt_lang):
        return []
    s_lang, s_prob = detect(source)
    t_lang, t_prob = detect(target)
    src, tgt = _base(src_lang), _base(tgt_lang)
    if s_lang == tgt and t_lang == src and min(s_prob, t_prob) >= MIN_PROB:
        raise InputError(
            f"{source.path} and {target.path}: source and rendering look swapped "
            f"(the source reads as {s_lang}, the rendering as {t_lang})",
            "give the source first, or pass --swap",
        )
    warnings = []
    if s_lang and s_lang != src and s_prob >= MIN_PROB:
        warnings.append(f"{source.path}: the source reads as {s_lang}, not {src} (check --src-lang)")
    if t_lang and t_lang != tgt and t_prob >= MIN_PROB:
        warnings.append(f"{target.path}: the rendering reads as {t_lang}, not {tgt} (check --tgt-lang)")
    return warnings


def detect(doc: Document) -> tuple[str, float]:
    """Language of a sample of lines spread over the document; ("", 0) if too short."""
    from .langid import identify

    sample = language_sample(doc.text)
    if sum(ch.isalpha() for ch in sample) < MIN_SAMPLE_LETTERS:
        return "", 0.0
    return identify(sample)


def language_sample(text: str, max_chars: int = SAMPLE_CHARS) -> str:
    """Up to ``max_chars`` of the longest-looking lines from evenly spaced places."""
    lines = [ln for ln in text[: 50 * max_chars].split("\n") if len(ln.strip()) >= 40]
    if len(text) > 50 * max_chars:  # also look at the middle and the end of big files
        for start in (len(text) // 2, len(text) - 10 * max_chars):
            lines += [ln for ln in text[max(0, start) : start + 10 * max_chars].split("\n")[1:-1] if len(ln.strip()) >= 40]
    if not lines:
        return " ".join(text[:max_chars].split())
    step = max(1, len(lines) // 20)
    picked, size = [], 0
    for ln in lines[::step]:
        picked.append(" ".join(ln.split())[:400])
        size += len(picked[-1])
        if size >= max_chars:
            break
    return " ".join(picked)


def _base(code: str) -> str:
    return code.lower().replace("_", "-").split("-")[0]


def check_output_path(path: str | os.PathLike[str], inputs: list[str | os.PathLike[str] | None] = ()) -> None:
    """Fail before any work when ``path`` cannot be written (one line, exit 2)."""
    p = Path(path)
    for inp in inputs:
        if inp is not None and Path(inp).exists() and p.exists() and same_file(p, inp):
            raise OutputError(f"{p}: is one of the input files", "choose another output path")
    if p.is_dir():
        raise OutputError(f"{p}: is a directory", "give a file path for the output")
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.exists():
        raise OutputError(f"{p}: folder {parent} does not exist", "create it first or choose another path")
    if not parent.is_dir():
        raise OutputError(f"{p}: {parent} is not a folder", "choose another output path")
    if not os.access(parent, os.W_OK | os.X_OK) or (p.exists() and not os.access(p, os.W_OK)):
        raise OutputError(f"{p}: permission denied", "choose a writable path")


@contextmanager
def signals_and_limit(max_seconds: float = 0) -> Iterator[None]:
    """Turn SIGINT/SIGTERM into :class:`Interrupted` and an elapsed ``max_seconds``
    into :class:`TimeLimit` inside the block (main thread only; otherwise no-op)."""
    import threading

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
