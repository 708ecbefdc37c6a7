"""Stage 6 — check and flag: findings a translator must look at.

As in OpusFilter, measuring and deciding are separate: every :class:`Check`
returns :class:`Finding` objects with a ``score`` (``measure``), and
``FlagConfig`` thresholds decide which become :class:`Flag` s. All thresholds live
in :class:`FlagConfig`.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from dataclasses import dataclass, field

from . import anchors
from .data import Alignment, Evidence, Flag, PairScore, Segmentation, Severity, Translation
from .langid import identify


@dataclass
class FlagConfig:
    chrf_error: float = 20.0
    """Flag an error when sentence chrF against the re-translation is below this."""
    chrf_warning: float = 35.0
    robust_z: float = -2.5
    """Flag a warning when chrF is this many robust standard deviations below the document median."""
    langid_min_chars: int = 20
    langid_min_prob: float = 0.6
    src_lang: str = "vi"
    tgt_lang: str = "nl"
    disabled: set[str] = field(default_factory=set)


@dataclass
class Context:
    source: Segmentation | None
    target: Segmentation
    alignment: Alignment
    translation: Translation | None
    scores: list[PairScore | None]
    config: FlagConfig

    def src_text(self, link_index: int) -> str:
        if self.source is None:
            return ""
        return " ".join(self.source.segments[i].text for i in self.alignment.links[link_index].src)

    def tgt_text(self, link_index: int) -> str:
        return " ".join(self.target.segments[i].text for i in self.alignment.links[link_index].tgt)

    def tgt_evidence(self, link_index: int, note: str = "") -> list[Evidence]:
        segs = [self.target.segments[i] for i in self.alignment.links[link_index].tgt]
        return [Evidence("tgt", s.start, s.end, s.text, note) for s in segs]

    def src_evidence(self, link_index: int, note: str = "") -> list[Evidence]:
        if self.source is None:
            return []
        segs = [self.source.segments[i] for i in self.alignment.links[link_index].src]
        return [Evidence("src", s.start, s.end, s.text, note) for s in segs]


class Check:
    code: str = ""
    severity: Severity = Severity.WARNING
    needs_source: bool = False
    needs_translation: bool = False

    def run(self, ctx: Context) -> Iterator[Flag]:
        raise NotImplementedError


class OmissionCheck(Check):
    code = "omission"
    severity = Severity.ERROR
    needs_source = True

    def run(self, ctx: Context) -> Iterator[Flag]:
        for k, link in enumerate(ctx.alignment.links):
            if link.is_omission:
                text = ctx.src_text(k)
                yield Flag(
                    self.code,
                    self.severity,
                    f"source sentence has no counterpart in the rendering: \u201c{_clip(text)}\u201d",
                    k,
                    ctx.src_evidence(k, "missing in the rendering"),
                )


class AdditionCheck(Check):
    code = "addition"
    severity = Severity.WARNING
    needs_source = True

    def run(self, ctx: Context) -> Iterator[Flag]:
        for k, link in enumerate(ctx.alignment.links):
            if link.is_addition:
                text = ctx.tgt_text(k)
                yield Flag(
                    self.code,
                    self.severity,
                    f"rendering has text with no counterpart in the source: \u201c{_clip(text)}\u201d",
                    k,
                    ctx.tgt_evidence(k, "not in the source"),
                )


class NumberCheck(Check):
    code = "number-mismatch"
    severity = Severity.ERROR
    needs_source = True

    def run(self, ctx: Context) -> Iterator[Flag]:
        cfg = ctx.config
        for k, link in enumerate(ctx.alignment.links):
            if not (link.src and link.tgt):
                continue
            src = anchors.number_values(ctx.src_text(k), cfg.src_lang) + anchors.dates(ctx.src_text(k))
            tgt = anchors.number_values(ctx.tgt_text(k), cfg.tgt_lang) + anchors.dates(ctx.tgt_text(k))
            missing = src - tgt
            extra = tgt - src
            if not missing and not extra:
                continue
            parts = []
            if missing:
                parts.append("in the source but not the rendering: " + ", ".join(sorted(missing)))
            if extra:
                parts.append("in the rendering but not the source: " + ", ".join(sorted(extra)))
            yield Flag(
                self.code,
                self.severity,
                "numbers differ (" + "; ".join(parts) + ")",
                k,
                ctx.tgt_evidence(k) + ctx.src_evidence(k),
                score=float(sum(missing.values()) + sum(extra.values())),
            )


class LanguageCheck(Check):
    code = "wrong-language"
    severity = Severity.ERROR

    def run(self, ctx: Context) -> Iterator[Flag]:
        cfg = ctx.config
        for k, link in enumerate(ctx.alignment.links):
            for i in link.tgt:
                seg = ctx.target.segments[i]
                letters = sum(ch.isalpha() for ch in seg.text)
                if letters < cfg.langid_min_chars:
                    continue
                lang, prob = identify(seg.text)
                if lang and lang != cfg.tgt_lang and prob >= cfg.langid_min_prob:
                    what = "left in the source language" if lang == cfg.src_lang else f"in another language ({lang})"
                    yield Flag(
                        self.code,
                        self.severity,
                        f"sentence is {what}, not {cfg.tgt_lang} (p={prob:.2f})",
                        k,
                        [Evidence("tgt", seg.start, seg.end, seg.text, f"language {lang}")],
                        score=prob,
                    )


class ChrfCheck(Check):
    code = "low-chrf"
    severity = Severity.WARNING
    needs_translation = True

    def run(self, ctx: Context) -> Iterator[Flag]:
        cfg = ctx.config
        values = [s.chrf for s in ctx.scores if s is not None]
        if not values:
            return
        med = statistics.median(values)
        mad = statistics.median([abs(v - med) for v in values]) * 1.4826 or 1.0
        for k, score in enumerate(ctx.scores):
            if score is None:
                continue
            z = (score.chrf - med) / mad
            if score.chrf < cfg.chrf_error:
                sev, why = Severity.ERROR, f"below {cfg.chrf_error:g}"
            elif score.chrf < cfg.chrf_warning and z <= cfg.robust_z:
                sev, why = Severity.WARNING, f"{-z:.1f} robust SD below the document median {med:.1f}"
            else:
                continue
            yield Flag(
                self.code,
                sev,
                f"rendering disagrees with the re-translation (chrF {score.chrf:.1f}, {why}); "
                f"re-translation: \u201c{_clip(score.reference)}\u201d",
                k,
                ctx.tgt_evidence(k),
                score=score.chrf,
            )


DEFAULT_CHECKS: tuple[type[Check], ...] = (OmissionCheck, AdditionCheck, NumberCheck, LanguageCheck, ChrfCheck)


def flag(
    source: Segmentation | None,
    target: Segmentation,
    alignment: Alignment,
    translation: Translation | None,
    scores: list[PairScore | None],
    config: FlagConfig | None = None,
) -> list[Flag]:
    cfg = config or FlagConfig()
    ctx = Context(source, target, alignment, translation, scores, cfg)
    flags: list[Flag] = []
    for check_cls in DEFAULT_CHECKS:
        check = check_cls()
        if check.code in cfg.disabled:
            continue
        if check.needs_source and source is None:
            continue
        if check.needs_translation and translation is None:
            continue
        flags.extend(check.run(ctx))
    flags.sort(key=lambda f: (f.link, -f.severity.rank, f.code))
    return flags


def _clip(text: str, n: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "\u2026"
