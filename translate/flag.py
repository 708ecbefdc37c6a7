"""Stage 6 — check and flag: findings a translator must look at.

As in OpusFilter, measuring and deciding are separate: every :class:`Check`
measures (``measure`` yields findings with a score and evidence spans) and
decides (``decide`` maps a finding to a severity with the thresholds of
:class:`FlagConfig`, loaded from TOML by :mod:`translate.config`). The checks live
in :mod:`translate.checks`; this module runs them in order, drops flags another
flag explains (a page-chrome line is not also "wrong language"), and gives every
flag a content key for waivers (:mod:`translate.waivers`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from .checks import ALL_CHECKS, Check, Context, ScoredWord, TokenScores
from .config import FlagConfig
from .data import Alignment, Flag, PairScore, Segmentation, Translation
from .guards import gc_paused

DEFAULT_CHECKS: tuple[type[Check], ...] = ALL_CHECKS

__all__ = ["Check", "DEFAULT_CHECKS", "FlagConfig", "ScoredWord", "TokenScores", "all_checks", "flag", "flag_key"]


def all_checks() -> list[Check]:
    return [cls() for cls in DEFAULT_CHECKS]


def flag(
    source: Segmentation | None,
    target: Segmentation,
    alignment: Alignment,
    translation: Translation | None,
    scores: list[PairScore | None],
    config: FlagConfig | None = None,
    token_scores: Sequence[TokenScores | None] | None = None,
) -> list[Flag]:
    """Run every enabled check that has what it needs; return the flags in link order.

    ``token_scores``: optional per-link word log-probabilities from forced decoding
    (offsets into the link's rendering text); enables ``implausible-words``.
    """
    with gc_paused():
        return _flag(source, target, alignment, translation, scores, config or FlagConfig(), token_scores)


def _flag(source, target, alignment, translation, scores, cfg: FlagConfig, token_scores) -> list[Flag]:
    ctx = Context(source, target, alignment, translation, scores, cfg, token_scores)
    flags: list[Flag] = []
    for check in all_checks():
        if check.code in cfg.disabled or not check.applicable(ctx):
            continue
        flags.extend(check.run(ctx))
    for f in flags:
        f.key = flag_key(ctx, f)
    flags.sort(key=lambda f: (f.link if f.link >= 0 else 1 << 30, -f.severity.rank, f.code))
    return flags


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
