"""Stage 6 — check and flag: findings a translator must look at.

As in OpusFilter, measuring and deciding are separate: every :class:`Check`
measures (``measure`` yields findings with a score and evidence spans) and
decides (``decide`` maps a finding to a severity with the thresholds of
:class:`FlagConfig`, loaded from TOML by :mod:`translate.checks.config`). The checks live
in :mod:`translate.checks`; this module runs them in order, drops flags another
flag explains (a page-chrome line is not also "wrong language"), and gives every
flag a content key for waivers (:mod:`translate.checks.waivers`).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import sys
from collections.abc import Iterable, Sequence

from .registry import default_checks, resolve_checks
from . import ALL_CHECKS, Check, Context, ScoredWord, TokenScores
from .config import FlagConfig
from ..data import Alignment, Flag, PairScore, Segmentation, Severity, Translation
from ..runtime import gc_paused

DEFAULT_CHECKS: tuple[type[Check], ...] = ALL_CHECKS

__all__ = ["Check", "DEFAULT_CHECKS", "FlagConfig", "ScoredWord", "TokenScores", "all_checks", "flag", "flag_key"]


def all_checks() -> list[Check]:
    """Every registered check: the project's own (``DEFAULT_CHECKS``) and plug-ins."""
    return default_checks()


def flag(
    source: Segmentation | None,
    target: Segmentation,
    alignment: Alignment,
    translation: Translation | None,
    scores: list[PairScore | None],
    config: FlagConfig | None = None,
    token_scores: Sequence[TokenScores | None] | None = None,
    checks: Iterable[Check | type[Check] | str] | None = None,
) -> list[Flag]:
    """Run every enabled check that has what it needs; return the flags in link order.

    ``token_scores``: optional per-link word log-probabilities from forced decoding
    (offsets into the link's rendering text); enables ``implausible-words``.
    ``checks``: the checks to run (instances, Check subclasses or codes); default: every
    registered check, plug-ins included (:mod:`translate.checks.registry`).
    """
    run = default_checks() if checks is None else resolve_checks(checks)
    with gc_paused():
        return _flag(source, target, alignment, translation, scores, config or FlagConfig(), token_scores, run)


def _flag(source: Segmentation | None, target: Segmentation, alignment: Alignment, translation: Translation | None,
          scores: list[PairScore | None], cfg: FlagConfig,
          token_scores: Sequence[TokenScores | None] | None, run: list[Check]) -> list[Flag]:
    ctx = Context(source, target, alignment, translation, scores, cfg, token_scores)
    checks = [c for c in run if c.code not in cfg.disabled and c.applicable(ctx)]
    flags = [f for found in _run_checks(checks, ctx) for f in found]
    _omission_near_broken(ctx, flags)
    for f in flags:
        f.key = flag_key(ctx, f)
    flags.sort(key=lambda f: (f.link if f.link >= 0 else 1 << 30, -f.severity.rank, f.code))
    return flags


BROKEN_NEAR = 2
"""How near (in links) a pair whose rendering is broken must be for an omission alternative to become a note."""

_BROKEN_CODES = frozenset({"wrong-language", "copied-source", "page-chrome"})


def _broken(f: Flag) -> bool:
    """A flag that says the pair's rendering does not render its source at all: another language, the
    source copied, page chrome; or a generation loop (a repetition error)."""
    return f.link >= 0 and f.severity >= Severity.WARNING and (
        f.code in _BROKEN_CODES or (f.code == "repetition" and f.severity >= Severity.ERROR))


def _omission_near_broken(ctx: Context, flags: list[Flag]) -> None:
    """An omission warning on a sentence the alignment could cheaply leave out, within BROKEN_NEAR links
    of a pair whose rendering is broken (_broken), becomes info, in place. A broken rendering matches
    its source in nothing, so the alignment costs around it are flat: leaving out a neighbouring
    sentence costs little although nothing is missing, and the broken pair carries its own flag
    (eval/flags.py: 9 of 71 clean-line omission warnings, seeds 0-1, none of a real drop). Kept as
    they are: 1:0 links (the alignment's own omission), a merged pair (more source than rendering
    sentences: its rendering is short for what it holds) and a sentence whose own pair is broken."""
    if "omission" in ctx.config.severity:  # a severity the user set holds
        return
    links = ctx.alignment.links
    broken = {f.link for f in flags if _broken(f)}
    if not broken:
        return
    for f in flags:
        if f.code != "omission" or f.severity != Severity.WARNING or f.link < 0 or f.link in broken:
            continue
        link = links[f.link]
        if link.is_omission or not link.tgt or len(link.src) > len(link.tgt):
            continue
        near = [k for k in broken if 0 < abs(k - f.link) <= BROKEN_NEAR]
        if near:
            codes = sorted({g.code for g in flags if g.link in near and _broken(g)})
            f.severity = Severity.INFO
            f.message += (f" (a note: a pair {'' if len(near) == 1 else 'or more '}nearby has a broken rendering "
                          f"({', '.join(codes)}), which makes leaving out a neighbouring sentence cheap)")


# --------------------------------------------------------------------- two processes

PARALLEL_MIN_LINKS = 20_000
"""From this many links on, the checks that read only the rendering run in a forked
second process while this one runs the others (the flag stage is the longest
model-free stage on long documents; eval/stress.py). Below it a fork costs more
than it saves."""

FORKED_CHECKS = frozenset({"wrong-language", "repetition", "byte-token", "empty", "unbalanced"})
"""The rendering-only checks (about half the stage's time): they share nothing
with the others but the context, which a fork inherits without copying."""

_FORKED: tuple = ()


def workers() -> int:
    """Processes for the flag stage: ``TRANSLATE_WORKERS`` (1 = never fork), else
    up to 2 on a machine with 2 or more CPUs."""
    env = os.environ.get("TRANSLATE_WORKERS", "").strip()
    if env.isdigit() and int(env) >= 1:
        return int(env)
    return min(2, os.cpu_count() or 1)


def _can_fork() -> bool:
    # never fork once a model runtime is loaded: torch and CTranslate2 keep
    # thread pools that a forked child would inherit mid-state
    return "fork" in multiprocessing.get_all_start_methods() and not ({"torch", "ctranslate2"} & sys.modules.keys())


def _run_checks(checks: list[Check], ctx: Context) -> list[list[Flag]]:
    """Each check's flags, in the order of ``checks`` (so the result does not
    depend on how many processes ran them)."""
    away = [k for k, c in enumerate(checks) if c.code in FORKED_CHECKS]
    if (len(ctx.alignment.links) < PARALLEL_MIN_LINKS or not away or len(away) == len(checks)
            or workers() < 2 or not _can_fork()):
        return [list(c.run(ctx)) for c in checks]
    global _FORKED
    mp = multiprocessing.get_context("fork")
    recv, send = mp.Pipe(duplex=False)
    _FORKED = ([checks[k] for k in away], ctx, send)
    child = mp.Process(target=_child_main, daemon=True)
    child.start()
    _FORKED = ()
    send.close()
    got = None
    try:
        here = {k: list(c.run(ctx)) for k, c in enumerate(checks) if k not in away}
        try:
            status, payload = recv.recv()
            got = payload if status == "ok" else None
        except (EOFError, OSError):  # the child died (killed, out of memory)
            got = None
    finally:
        recv.close()
        if child.is_alive() and got is None:
            child.kill()
        child.join()
    if got is None:
        # whatever went wrong there, run them here: same flags, or the same error
        got = [list(checks[k].run(ctx)) for k in away]
    here.update(zip(away, got))
    return [here[k] for k in range(len(checks))]


def _child_main() -> None:
    # Ctrl-C and kill end the child at once; the parent reports them
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    checks, ctx, send = _FORKED
    try:
        out = ("ok", [list(c.run(ctx)) for c in checks])
    except BaseException as exc:  # noqa: BLE001 - the parent reruns the checks and raises it there
        out = ("error", repr(exc))
    send.send(out)
    send.close()


def flag_key(ctx: Context, f: Flag) -> str:
    """Content hash of what a flag is about: its code, the link's source and
    rendering text (whitespace-normalized). A waiver keyed by it holds while the
    text stays the same, whatever the position of the pair in the document."""
    if f.link >= 0:
        src, tgt = ctx.src_text(f.link), ctx.tgt_text(f.link)
    else:
        src = " ".join(e.text for e in f.evidence if e.side == "src")
        tgt = " ".join(e.text for e in f.evidence if e.side == "tgt")
    payload = "\x1f".join([f.code, " ".join(src.split()), " ".join(tgt.split())])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20]
