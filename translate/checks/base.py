"""What every check shares: the context it reads, the finding it measures, the flag it raises.

A check *measures*: ``measure(ctx)`` yields :class:`Finding` objects, each with a
score and the evidence spans. A check *decides* separately: ``decide(finding,
config)`` turns a finding into a severity (or None: not raised) using only the
thresholds in :class:`~translate.checks.config.FlagConfig`. ``run`` joins the two, so
the eval harness can look at raw scores and thresholds can move without touching
the measuring code.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..data import Alignment, Evidence, Flag, PairScore, Segment, Segmentation, Severity, Translation
from ..mt.forced import TokenScores, WordScore
from .config import FlagConfig


TEXT_CACHE = int(os.environ.get("TRANSLATE_TEXT_CACHE", "16384"))
"""Entries of each check's cache of verdicts on texts (pure functions of the texts
and thresholds): long documents repeat sentences; bounded so memory stays small
when they do not. ``TRANSLATE_TEXT_CACHE=0`` switches the caches off, which
``eval/stress.py --no-text-cache`` uses to time the checks as if no text repeated."""


@dataclass(frozen=True)
class ScoredWord:
    """A scored word made by hand (tests, other scorers): the fields of
    :class:`translate.mt.forced.WordScore` that the checks read."""

    start: int
    """Offset into the link's rendering text (its segments joined by one space)."""
    end: int
    logprob: float
    """Sum of the log-probabilities of the word's subword tokens under the model."""


LinkWordScores = TokenScores | Sequence[WordScore | ScoredWord | tuple[int, int, float]]
"""Per link: words of the rendering with their log-probability. A backend's forced
decoding (``Backend.score_tokens``) gives a :class:`translate.mt.forced.TokenScores`, the one
definition of a scored rendering, which iterates as its words; a plain sequence of
(start, end, logprob) words does too. Offsets are into ``Context.tgt_text(link)``."""


@dataclass
class Finding:
    """A measurement: where, how much, and what to tell the translator."""

    link: int
    score: float
    message: str
    evidence: list[Evidence]
    data: dict[str, Any] = field(default_factory=dict)
    """Further measures the decision may use (e.g. z-score, run length)."""


@dataclass
class Context:
    source: Segmentation | None
    target: Segmentation
    alignment: Alignment
    translation: Translation | None
    scores: list[PairScore | None]
    config: FlagConfig
    token_scores: Sequence[LinkWordScores | None] | None = None
    """One entry per link (None where not scored); None when no model scored tokens."""
    cache: dict[str, Any] = field(default_factory=dict)

    # -- texts -------------------------------------------------------------
    def src_segments(self, k: int) -> list[Segment]:
        if self.source is None:
            return []
        return [self.source.segments[i] for i in self.alignment.links[k].src]

    def tgt_segments(self, k: int) -> list[Segment]:
        return [self.target.segments[i] for i in self.alignment.links[k].tgt]

    def src_text(self, k: int) -> str:
        return self._texts("src_texts", k)

    def tgt_text(self, k: int) -> str:
        return self._texts("tgt_texts", k)

    def _texts(self, name: str, k: int) -> str:
        """A link's side joined by one space; kept (most checks read every link's texts)."""
        texts = self.cache.get(name)
        if texts is None:
            texts = self.cache[name] = {}
        text = texts.get(k)
        if text is None:
            segs = self.src_segments(k) if name == "src_texts" else self.tgt_segments(k)
            text = texts[k] = " ".join(s.text for s in segs)
        return text

    # -- evidence ----------------------------------------------------------
    def tgt_evidence(self, k: int, note: str = "") -> list[Evidence]:
        return [Evidence("tgt", s.start, s.end, s.text, note) for s in self.tgt_segments(k)]

    def src_evidence(self, k: int, note: str = "") -> list[Evidence]:
        return [Evidence("src", s.start, s.end, s.text, note) for s in self.src_segments(k)]

    def link_span(self, k: int, start: int, end: int, side: str = "tgt", note: str = "") -> list[Evidence]:
        """Evidence for ``[start, end)`` of the joined link text, mapped to document offsets
        (split where the span crosses a segment boundary)."""
        segs = self.tgt_segments(k) if side == "tgt" else self.src_segments(k)
        doc = (self.target if side == "tgt" else self.source).document  # type: ignore[union-attr]
        out: list[Evidence] = []
        pos = 0
        for s in segs:
            lo, hi = max(start, pos), min(end, pos + len(s.text))
            if lo < hi:
                a, b = s.start + lo - pos, s.start + hi - pos
                out.append(Evidence(side, a, b, doc.text[a:b], note))  # type: ignore[arg-type]
            pos += len(s.text) + 1
        return out

    def pairs(self):
        """(index, link) of every link with both a source and a rendering side."""
        return ((k, link) for k, link in enumerate(self.alignment.links) if link.src and link.tgt)

    def link_of_tgt(self) -> dict[int, int]:
        cached = self.cache.get("link_of_tgt")
        if cached is None:
            cached = {i: k for k, link in enumerate(self.alignment.links) for i in link.tgt}
            self.cache["link_of_tgt"] = cached
        return cached


def seg_evidence(seg: Segment, start: int = 0, end: int | None = None, note: str = "") -> Evidence:
    """Evidence for ``seg.text[start:end]`` with document offsets."""
    end = len(seg.text) if end is None else end
    return Evidence(seg.side, seg.start + start, seg.start + end, seg.text[start:end], note)


class Check:
    """Base class: set ``code``, ``severity``, ``description`` and write ``measure``."""

    code: str = ""
    severity: Severity = Severity.WARNING
    description: str = ""
    needs_source: bool = False
    needs_translation: bool = False
    needs_token_scores: bool = False

    def measure(self, ctx: Context) -> Iterator[Finding]:
        raise NotImplementedError

    def decide(self, finding: Finding, cfg: FlagConfig) -> Severity | None:
        """Severity of a finding, or None when it stays below every threshold."""
        return self.severity

    def applicable(self, ctx: Context) -> bool:
        if self.needs_source and ctx.source is None:
            return False
        if self.needs_translation and ctx.translation is None and not any(s is not None for s in ctx.scores):
            return False
        if self.needs_token_scores and not ctx.token_scores:
            return False
        return True

    def run(self, ctx: Context) -> Iterator[Flag]:
        override = ctx.config.severity.get(self.code)
        for finding in self.measure(ctx):
            sev = self.decide(finding, ctx.config)
            if sev is None:
                continue
            if override:
                sev = Severity(override)
            yield Flag(self.code, sev, finding.message, finding.link, finding.evidence, score=finding.score)


def clip(text: str, n: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "\u2026"


def robust_z(values: Sequence[float]) -> tuple[float, float]:
    """(median, scale) with scale = 1.4826 * MAD (a robust standard deviation; never 0)."""
    import statistics

    if not values:
        return 0.0, 1.0
    med = statistics.median(values)
    mad = statistics.median([abs(v - med) for v in values]) * 1.4826
    if mad <= 1e-9:
        # more than half the values equal: fall back to the mean absolute deviation
        mad = (sum(abs(v - med) for v in values) / len(values)) * 1.2533 or 1.0
    return med, mad
