"""Checks on what the user gave, before and around the stages (issue 8).

* the same file given twice, or two files with the same text;
* source and rendering swapped (language identification on a sample of each);
* an output path that cannot be written, checked before the long work starts
  (and never one of the input files).

Signals, the time limit and garbage-collector tuning are in :mod:`translate.runtime`.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..data import Document
from ..errors import InputError, OutputError
from ..text.langid import identify

SAMPLE_CHARS = 4000
MIN_SAMPLE_LETTERS = 200
MIN_PROB = 0.8


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
