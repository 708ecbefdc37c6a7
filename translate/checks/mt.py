"""Checks against a re-translation of the source (a model's, or ``--against``).

* ``low-chrf``: sentence chrF (and BLEU) of the rendering against the re-translation,
  judged absolutely and relative to the document (robust z-score over
  median/MAD), so one weak model does not flag every sentence;
* ``unsupported-span``: the words of the rendering with no support in the
  re-translation (character 3-gram coverage), as spans;
* ``implausible-words``: with per-word log-probabilities from forced decoding
  (when a model is present), the words the model finds implausible.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import re
from collections.abc import Iterator, Sequence

from ..data import Evidence, Severity
from .base import Check, Context, Finding, clip, robust_z

if TYPE_CHECKING:  # annotations only: config imports the checks for their codes
    from ..config import FlagConfig

_TOKEN = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)
# Short function words carry little evidence either way: they neither start nor break a run.
_NEUTRAL_MAX_LEN = 3


def _grams(word: str, n: int = 3) -> set[str]:
    w = f" {word.lower()} "
    return {w[i : i + n] for i in range(max(1, len(w) - n + 1))}


def coverage_runs(hypothesis: str, reference: str, min_coverage: float) -> tuple[list[tuple[int, int, int]], int]:
    """Runs of words of ``hypothesis`` with no support in ``reference``.

    A word is supported when at least ``min_coverage`` of its character 3-grams
    (with word-boundary padding, so inflections and compounds still match) occur in
    the reference. Returns ([(start, end, n_unsupported_words)], content words).
    """
    ref_grams: set[str] = set()
    for w in _TOKEN.findall(reference):
        ref_grams |= _grams(w)
    runs: list[tuple[int, int, int]] = []
    cur: list[tuple[int, int]] = []
    content = 0
    for m in _TOKEN.finditer(hypothesis):
        word = m.group(0)
        if len(word) <= _NEUTRAL_MAX_LEN and not word.isdigit():
            continue
        content += 1
        grams = _grams(word)
        cov = len(grams & ref_grams) / len(grams)
        if cov < min_coverage:
            cur.append((m.start(), m.end()))
        elif cur:
            runs.append((cur[0][0], cur[-1][1], len(cur)))
            cur = []
    if cur:
        runs.append((cur[0][0], cur[-1][1], len(cur)))
    return runs, content


def _runs(ctx: Context, k: int) -> tuple[list[tuple[int, int, int]], int]:
    key = f"runs:{k}"
    if key not in ctx.cache:
        score = ctx.scores[k]
        ctx.cache[key] = coverage_runs(ctx.tgt_text(k), score.reference if score else "", ctx.config.ngram_coverage_min)
    return ctx.cache[key]


class ChrfCheck(Check):
    code = "low-chrf"
    severity = Severity.WARNING
    needs_translation = True
    description = "Rendering disagrees with the re-translation: sentence chrF/BLEU low in absolute terms or a robust outlier of the document."

    def measure(self, ctx: Context) -> Iterator[Finding]:
        cfg = ctx.config
        scored = [(k, s) for k, s in enumerate(ctx.scores) if s is not None]
        if not scored:
            return
        use_z = len(scored) >= cfg.min_scored_for_z
        c_med, c_sd = robust_z([s.chrf for _, s in scored])
        b_med, b_sd = robust_z([s.bleu for _, s in scored])
        for k, s in scored:
            cz = (s.chrf - c_med) / c_sd if use_z else 0.0
            bz = (s.bleu - b_med) / b_sd if use_z else 0.0
            runs, _ = _runs(ctx, k)
            ev = [e for a, b, _ in runs for e in ctx.link_span(k, a, b, "tgt", "no support in the re-translation")]
            if not ev:
                ev = ctx.tgt_evidence(k)
            yield Finding(
                k, s.chrf,
                f"rendering disagrees with the re-translation (chrF {s.chrf:.1f}, BLEU {s.bleu:.1f}; document median chrF {c_med:.1f}); "
                f"re-translation: \u201c{clip(s.reference)}\u201d",
                ev, {"chrf_z": cz, "bleu_z": bz, "bleu": s.bleu, "use_z": use_z},
            )

    def decide(self, finding: Finding, cfg: FlagConfig) -> Severity | None:
        d = finding.data
        if finding.score < cfg.chrf_error:
            return Severity.ERROR
        if finding.score < cfg.chrf_warning and d["use_z"] and d["chrf_z"] <= cfg.robust_z:
            return Severity.WARNING
        if d["bleu"] < cfg.bleu_warning and d["use_z"] and d["bleu_z"] <= cfg.robust_z and finding.score < cfg.chrf_warning + 10:
            return Severity.WARNING
        return None


class UnsupportedSpanCheck(Check):
    code = "unsupported-span"
    severity = Severity.WARNING
    needs_translation = True
    description = "A run of rendering words with no support in the re-translation (character 3-gram coverage): a suspect span."

    def measure(self, ctx: Context) -> Iterator[Finding]:
        for k, s in enumerate(ctx.scores):
            if s is None:
                continue
            runs, content = _runs(ctx, k)
            if not runs:
                continue
            longest = max(r[2] for r in runs)
            ev = [e for a, b, n in runs if n == longest or n >= ctx.config.unsupported_min_words
                  for e in ctx.link_span(k, a, b, "tgt", f"{n} words with no support in the re-translation")]
            words = " \u2026 ".join(e.text for e in ev)
            yield Finding(k, float(longest), f"words with no counterpart in the re-translation: \u201c{clip(words, 60)}\u201d",
                          ev, {"share": longest / max(1, content), "chrf": s.chrf})

    def decide(self, finding: Finding, cfg: FlagConfig) -> Severity | None:
        n, d = finding.score, finding.data
        if n < cfg.unsupported_min_words:
            return None
        if d["share"] >= cfg.unsupported_max_share or n >= 2 * cfg.unsupported_min_words:
            return Severity.WARNING
        return None  # shorter runs are paraphrase as often as not; low-chrf carries them as its evidence


def _word_triplet(w) -> tuple[int, int, float]:
    if isinstance(w, tuple):
        return int(w[0]), int(w[1]), float(w[2])
    return int(w.start), int(w.end), float(w.logprob)


class ImplausibleWordsCheck(Check):
    code = "implausible-words"
    severity = Severity.WARNING
    needs_token_scores = True
    description = "Words of the rendering the model finds implausible given the source (per-word log-probability from forced decoding)."

    def measure(self, ctx: Context) -> Iterator[Finding]:
        cfg = ctx.config
        per_link: Sequence = ctx.token_scores or []
        all_lp = [_word_triplet(w)[2] for ws in per_link if ws for w in ws]
        if not all_lp:
            return
        med, sd = robust_z(all_lp)
        for k, ws in enumerate(per_link):
            if not ws or k >= len(ctx.alignment.links):
                continue
            text = ctx.tgt_text(k)
            bad: list[tuple[int, int, float]] = []
            for w in ws:
                a, b, lp = _word_triplet(w)
                if not (0 <= a < b <= len(text)):
                    continue  # offsets from another text: ignore rather than point at the wrong characters
                if lp <= cfg.token_logprob_max or (len(all_lp) >= 10 and (lp - med) / sd <= cfg.token_z):
                    bad.append((a, b, lp))
            if not bad:
                continue
            spans: list[list] = []
            for a, b, lp in sorted(bad):
                if spans and text[spans[-1][1] : a].strip() == "":
                    spans[-1][1], spans[-1][2] = b, min(spans[-1][2], lp)
                else:
                    spans.append([a, b, lp])
            ev: list[Evidence] = []
            for a, b, lp in spans:
                ev += ctx.link_span(k, a, b, "tgt", f"log-probability {lp:.1f}")
            worst = min(lp for _, _, lp in bad)
            yield Finding(k, worst, f"the model finds these words implausible for this source: "
                          f"{clip(', '.join(chr(8220) + e.text + chr(8221) for e in ev), 70)} (lowest log-probability {worst:.1f}; document median {med:.1f})",
                          ev)
