"""Compare N translation systems: corpus scores, paired significance, buckets,
per-segment and per-document scores. Pure core: no file I/O, no printing.

Everything is computed with sacrebleu's own code so that numbers equal what the
``sacrebleu`` command prints for the same texts and options:

* corpus scores: ``BLEU()``, ``CHRF()``, ``CHRF(word_order=2)`` and ``TER()`` with
  their default settings (the defaults of the sacrebleu command line), signatures
  from ``metric.get_signature()``;
* significance: ``sacrebleu.significance.PairedTest`` (paired bootstrap resampling
  and approximate randomization), the class behind ``sacrebleu --paired-bs`` /
  ``--paired-ar``; its seed is read from ``SACREBLEU_SEED`` exactly like the
  command line, so :func:`paired_test` sets that variable for the duration of the
  call;
* sentence scores: ``BLEU(effective_order=True)`` and ``CHRF()`` ``sentence_score``.

What sacrebleu does not offer is written here by hand, after compare-mt
(Neubig et al. 2019): buckets by sentence length and word accuracy by word
frequency bucket (compare-mt's ``--compare_word_accuracies``, with clipped
bag-of-words matching per sentence instead of its n-gram context alignment), the
segments where systems disagree most, and per-document scores.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache

from ..errors import ConfigError, DataError

METRICS = ("BLEU", "chrF2", "chrF2++", "TER")
"""Metric keys, as sacrebleu names them (``score.name``)."""
LOWER_IS_BETTER = frozenset({"TER"})
LENGTH_CUTOFFS = (10, 20, 30, 40, 50, 60)
"""compare-mt's default sentence-length bucket cutoffs."""
FREQ_CUTOFFS = (1, 2, 3, 4, 5, 10, 100, 1000)
"""compare-mt's default word-frequency bucket cutoffs."""
TEST_KINDS = ("bs", "ar")


@dataclass
class MetricScore:
    name: str
    score: float
    signature: str
    verbose: str = ""


@dataclass
class PairedResult:
    """One system's result in a paired test against the baseline (sacrebleu's Result)."""

    score: float
    p_value: float | None
    mean: float | None
    ci: float | None


@dataclass
class PairedTestResult:
    kind: str
    """'bs' (paired bootstrap resampling) or 'ar' (approximate randomization)."""
    n: int
    seed: int
    baseline: str
    signatures: dict[str, str]
    results: dict[str, dict[str, PairedResult]]
    """system name -> metric name -> result (the baseline has p_value None)."""


@dataclass
class Bucket:
    label: str
    count: int
    """Segments (length buckets) or reference words (frequency buckets)."""
    scores: dict[str, dict[str, float | None]]
    """system -> measure -> value (e.g. chrF2/BLEU, or precision/recall/f1; None when undefined)."""
    extra: dict[str, int] = field(default_factory=dict)


@dataclass
class Inputs:
    """The texts being compared, one entry per segment (a line, or in document mode
    a group of source sentences that every system's alignment keeps together)."""

    systems: list[tuple[str, list[str]]]
    references: list[list[str]]
    source: list[str] | None = None
    docids: list[str] | None = None
    system_paths: list[str] = field(default_factory=list)
    reference_paths: list[str] = field(default_factory=list)
    source_path: str | None = None
    labels: list[str] = field(default_factory=list)
    """Where each segment comes from ('12' = line 12; 's3-4' = source sentences 3-4)."""
    reference_free: bool = False
    reference_desc: list[str] = field(default_factory=list)
    mode: str = "lines"
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Comparison:
    systems: list[str]
    baseline: str
    n_segments: int
    n_references: int
    reference_free: bool
    reference_desc: list[str]
    corpus: dict[str, dict[str, MetricScore]]
    """system -> metric -> score."""
    tests: list[PairedTestResult]
    segment_scores: dict[str, list[dict[str, float]]]
    """system -> per segment {'chrF2': x, 'BLEU': y}."""
    disagreement: list[int]
    """Segment indices, most disagreement first (spread of sentence chrF)."""
    spread: list[float]
    length_buckets: list[Bucket]
    length_basis: str
    freq_buckets: list[Bucket]
    freq_basis: str
    documents: list[Bucket] | None
    rank_by: str
    ranking: list[str]
    likelihood: dict[str, float] | None = None
    likelihood_note: str = ""
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- metrics


def make_metrics(references: Sequence[Sequence[str]] | None = None) -> dict[str, object]:
    """Fresh sacrebleu metric objects with the command line's default settings.

    With ``references`` the reference statistics are cached (as the sacrebleu
    command does); score with ``references=None`` afterwards.
    """
    from sacrebleu.metrics import BLEU, CHRF, TER

    refs = [list(r) for r in references] if references is not None else None
    return {
        "BLEU": BLEU(references=refs),
        "chrF2": CHRF(references=refs),
        "chrF2++": CHRF(word_order=2, references=refs),
        "TER": TER(references=refs),
    }


class Scorer:
    """sacrebleu metrics over one reference set, with each system's sufficient
    statistics extracted once and reused for the corpus score, the paired tests,
    the buckets and the sentence scores (TER and chrF statistics are the slow part;
    reusing them changes no number: sacrebleu aggregates the very same lists)."""

    def __init__(self, references: Sequence[Sequence[str]]) -> None:
        self.references = [list(r) for r in references]
        self.metrics = make_metrics(self.references)
        self._stats: dict[str, dict[tuple[str, ...], list]] = {k: {} for k in self.metrics}

    def stats(self, metric: str, hypotheses: Sequence[str]) -> list:
        key = tuple(hypotheses)
        cache = self._stats[metric]
        if key not in cache:
            cache[key] = self.metrics[metric]._extract_corpus_statistics(list(hypotheses), None)
        return cache[key]

    def corpus(self, hypotheses: Sequence[str]) -> dict[str, MetricScore]:
        """Corpus BLEU, chrF, chrF++ and TER with sacrebleu signatures."""
        out: dict[str, MetricScore] = {}
        for key, metric in self.metrics.items():
            score = metric._aggregate_and_compute(self.stats(key, hypotheses))
            # BLEU's n-gram precisions and brevity penalty, as the sacrebleu command prints them
            verbose = str(getattr(score, "_verbose", "") or "")
            out[key] = MetricScore(key, float(score.score), str(metric.get_signature()), verbose)
        return out

    def subset(self, metric: str, hypotheses: Sequence[str], idx: Sequence[int]) -> float:
        """Corpus score over the segments ``idx`` only."""
        stats = self.stats(metric, hypotheses)
        return float(self.metrics[metric]._aggregate_and_compute([stats[i] for i in idx]).score)

    def sentence(self, hypotheses: Sequence[str]) -> list[dict[str, float]]:
        """Sentence chrF and BLEU (effective order, sacrebleu's sentence-level BLEU)."""
        from sacrebleu.metrics import BLEU

        chrf = self.metrics["chrF2"]
        bleu = BLEU(effective_order=True)
        c_stats, b_stats = self.stats("chrF2", hypotheses), self.stats("BLEU", hypotheses)
        return [
            {
                "chrF2": float(chrf._aggregate_and_compute([c]).score),
                "BLEU": float(bleu._aggregate_and_compute([b]).score),
            }
            for c, b in zip(c_stats, b_stats)
        ]

    def cached_metrics(self) -> dict[str, object]:
        """Metric objects for sacrebleu's PairedTest that answer from the cache."""
        return {k: _CachedMetric(m, self._stats[k]) for k, m in self.metrics.items()}


class _CachedMetric:
    """Wraps a sacrebleu metric so PairedTest reuses already extracted statistics."""

    def __init__(self, metric: object, cache: dict[tuple[str, ...], list]) -> None:
        self._metric = metric
        self._cache = cache

    def _extract_corpus_statistics(self, hypotheses, references):
        if references is None:
            hit = self._cache.get(tuple(hypotheses))
            if hit is not None:
                return hit
        return self._metric._extract_corpus_statistics(hypotheses, references)

    def __getattr__(self, name: str):
        return getattr(self._metric, name)


def corpus_scores(hypotheses: Sequence[str], references: Sequence[Sequence[str]]) -> dict[str, MetricScore]:
    """Corpus BLEU, chrF, chrF++ and TER of one system, with sacrebleu signatures."""
    return Scorer(references).corpus(hypotheses)


@dataclass(frozen=True)
class SufficientStats:
    """One slice of a corpus (e.g. one document) summed into each metric's sufficient
    statistics, with the metric's signature.

    sacrebleu's corpus scores are a function of the *sum* of per-segment statistics
    (``_aggregate_and_compute`` sums them first), so slices scored apart, in other
    processes or other runs, add up to exactly the score of the whole corpus: this is
    how ``review-corpus`` scores documents in its workers and a resumed run re-scores
    nothing it has already done.
    """

    pairs: int
    sums: dict[str, list[float]]
    signatures: dict[str, str]

    def to_json(self) -> dict:
        return {"pairs": self.pairs, "sums": self.sums, "signatures": self.signatures}

    @classmethod
    def from_json(cls, data: dict) -> SufficientStats:
        return cls(int(data["pairs"]), {k: list(v) for k, v in data["sums"].items()}, dict(data["signatures"]))


def sufficient_stats(hypotheses: Sequence[str], references: Sequence[str]) -> SufficientStats:
    """Summed sacrebleu statistics of ``hypotheses`` against one reference each."""
    from sacrebleu.utils import sum_of_lists

    if not hypotheses:  # a model-free document: nothing to add (and no signature to take)
        return SufficientStats(0, {}, {})
    metrics = make_metrics()
    sums, sigs = {}, {}
    for key, metric in metrics.items():
        stats = metric._extract_corpus_statistics(list(hypotheses), [list(references)])
        sums[key] = [float(x) for x in sum_of_lists(stats)]
        sigs[key] = str(metric.get_signature())
    return SufficientStats(len(hypotheses), sums, sigs)


def scores_from_stats(parts: Sequence[SufficientStats]) -> dict[str, MetricScore] | None:
    """Corpus scores of the slices ``parts`` together (None when no slice has a pair)."""
    parts = [p for p in parts if p.pairs]
    if not parts:
        return None
    metrics = make_metrics()
    out: dict[str, MetricScore] = {}
    for key, metric in metrics.items():
        total = [sum(col) for col in zip(*(p.sums[key] for p in parts))]
        # BLEU and chrF count n-grams: integers, as sacrebleu's own sums are
        stats = [int(x) if float(x).is_integer() else x for x in total]
        score = metric._aggregate_and_compute([stats])
        out[key] = MetricScore(key, float(score.score), parts[0].signatures[key],
                               str(getattr(score, "_verbose", "") or ""))
    return out


@contextmanager
def _sacrebleu_seed(seed: int):
    """sacrebleu's PairedTest takes its seed from SACREBLEU_SEED (as the CLI does)."""
    old = os.environ.get("SACREBLEU_SEED")
    os.environ["SACREBLEU_SEED"] = str(seed)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("SACREBLEU_SEED", None)
        else:
            os.environ["SACREBLEU_SEED"] = old


def paired_test(
    systems: Sequence[tuple[str, Sequence[str]]],
    references: Sequence[Sequence[str]],
    baseline: str,
    kind: str,
    n: int,
    seed: int = 12345,
    scorer: Scorer | None = None,
) -> PairedTestResult:
    """Paired significance of every system against ``baseline`` with sacrebleu's PairedTest.

    ``kind`` is 'bs' (bootstrap resampling, with mean and 95% CI per system) or 'ar'
    (approximate randomization, p-values only), run exactly as ``sacrebleu
    --paired-bs``/``--paired-ar`` run them.
    """
    from sacrebleu.significance import PairedTest

    if kind not in TEST_KINDS:
        raise ConfigError(f"unknown paired test {kind!r}", "use 'bs' or 'ar'")
    if len(systems) < 2:
        raise ConfigError("a paired significance test needs at least two systems", "give two or more system files")
    if n < 1:
        raise ConfigError(f"{n} samples for the paired test", "give a positive number of samples")
    if seed < 1:
        # sacrebleu treats a seed of 0 as "no seed" for the test itself.
        raise ConfigError(f"seed {seed}: sacrebleu treats 0 as 'no seed'", "use a positive seed")
    names = [name for name, _ in systems]
    if baseline not in names:
        raise ConfigError(f"baseline {baseline!r} is not one of the systems", "use a system name or its 1-based index")
    ordered = [s for s in systems if s[0] == baseline] + [s for s in systems if s[0] != baseline]
    scorer = scorer or Scorer(references)
    for _, hyps in ordered:
        for key in METRICS:
            scorer.stats(key, hyps)
    metrics = scorer.cached_metrics()
    with _sacrebleu_seed(seed):
        test = PairedTest(
            [(name, list(hyps)) for name, hyps in ordered],
            metrics,
            references=None,
            test_type=kind,
            n_samples=n,
            n_ar_confidence=-1,  # as the sacrebleu command: the CIs come from the bootstrap test
        )
        signatures, scores = test()
    sys_names = scores["System"]
    results: dict[str, dict[str, PairedResult]] = {name: {} for name in sys_names}
    for metric_name in METRICS:
        for name, res in zip(sys_names, scores[metric_name]):
            results[name][metric_name] = PairedResult(
                score=float(res.score),
                p_value=None if res.p_value is None else float(res.p_value),
                mean=None if res.mean is None else float(res.mean),
                ci=None if res.ci is None else float(res.ci),
            )
    return PairedTestResult(
        kind=kind,
        n=test.n_samples,
        seed=seed,
        baseline=baseline,
        signatures={k: str(v) for k, v in signatures.items()},
        results={name: results[name] for name in names},
    )


def sentence_scores(hypotheses: Sequence[str], references: Sequence[Sequence[str]]) -> list[dict[str, float]]:
    """Sentence chrF and BLEU (effective order) of each segment against its reference(s)."""
    return Scorer(references).sentence(hypotheses)


def disagreement(segment_scores: dict[str, list[dict[str, float]]], metric: str = "chrF2") -> tuple[list[int], list[float]]:
    """Spread (max - min sentence score across systems) per segment, and the segment
    indices ordered by spread, largest first (ties: document order)."""
    systems = list(segment_scores)
    n = len(segment_scores[systems[0]]) if systems else 0
    spread = []
    for i in range(n):
        values = [segment_scores[s][i][metric] for s in systems]
        spread.append(max(values) - min(values) if values else 0.0)
    order = sorted(range(n), key=lambda i: (-spread[i], i))
    return order, spread


# ---------------------------------------------------------------- buckets


def tokens(text: str) -> list[str]:
    """Words as sacrebleu's default 13a tokenizer splits them."""
    return _tokenizer()(text).split()


@lru_cache(maxsize=1)
def _tokenizer():
    from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a

    return Tokenizer13a()


def bucket_label(value: int, cutoffs: Sequence[int]) -> str:
    """compare-mt style labels: '<c0', '[c_i,c_i+1)' or the single value, '>=c_last'."""
    if value < cutoffs[0]:
        return f"<{cutoffs[0]}"
    for lo, hi in zip(cutoffs, cutoffs[1:]):
        if lo <= value < hi:
            return str(lo) if hi == lo + 1 else f"[{lo},{hi})"
    return f">={cutoffs[-1]}"


def bucket_labels(cutoffs: Sequence[int]) -> list[str]:
    labels = [f"<{cutoffs[0]}"]
    for lo, hi in zip(cutoffs, cutoffs[1:]):
        labels.append(str(lo) if hi == lo + 1 else f"[{lo},{hi})")
    labels.append(f">={cutoffs[-1]}")
    return labels


def _subset_scores(systems: Sequence[tuple[str, Sequence[str]]], scorer: Scorer, idx: Sequence[int]) -> dict[str, dict[str, float]]:
    return {
        name: {"chrF2": scorer.subset("chrF2", hyps, idx), "BLEU": scorer.subset("BLEU", hyps, idx)}
        for name, hyps in systems
    }


def length_buckets(
    lengths: Sequence[int],
    systems: Sequence[tuple[str, Sequence[str]]],
    scorer: Scorer,
    cutoffs: Sequence[int] = LENGTH_CUTOFFS,
) -> list[Bucket]:
    """Corpus chrF and BLEU per system over the segments of each length bucket."""
    groups: dict[str, list[int]] = {label: [] for label in bucket_labels(cutoffs)}
    for i, n in enumerate(lengths):
        groups[bucket_label(n, cutoffs)].append(i)
    return [
        Bucket(label, len(idx), _subset_scores(systems, scorer, idx))
        for label, idx in groups.items()
        if idx
    ]


def word_frequencies(lines: Sequence[str]) -> Counter:
    counts: Counter = Counter()
    for line in lines:
        counts.update(tokens(line))
    return counts


def frequency_buckets(
    systems: Sequence[tuple[str, Sequence[str]]],
    reference: Sequence[str],
    frequencies: Counter,
    cutoffs: Sequence[int] = FREQ_CUTOFFS,
) -> list[Bucket]:
    """Word precision, recall and F-measure per word-frequency bucket (compare-mt's word
    accuracy analysis). A word's bucket is its count in ``frequencies``; a hypothesis
    word matches when the same word is in the segment's reference (clipped counts)."""
    labels = bucket_labels(cutoffs)
    ref_tokens = [tokens(r) for r in reference]
    ref_total = Counter()
    for toks in ref_tokens:
        for w in toks:
            ref_total[bucket_label(frequencies.get(w, 0), cutoffs)] += 1
    per_sys: dict[str, dict[str, dict[str, float]]] = {}
    for name, hyps in systems:
        match_ref, hyp_total, match_hyp = Counter(), Counter(), Counter()
        for hyp, rtoks in zip(hyps, ref_tokens):
            hc, rc = Counter(tokens(hyp)), Counter(rtoks)
            for w, c in hc.items():
                b = bucket_label(frequencies.get(w, 0), cutoffs)
                hyp_total[b] += c
                m = min(c, rc.get(w, 0))
                match_hyp[b] += m
                match_ref[b] += m  # same word, same bucket on both sides
        stats = {}
        for label in labels:
            # undefined (None) when the bucket has no hypothesis / reference words
            p = match_hyp[label] / hyp_total[label] if hyp_total[label] else None
            r = match_ref[label] / ref_total[label] if ref_total[label] else None
            f = None if p is None or r is None else (2 * p * r / (p + r) if p + r else 0.0)
            stats[label] = {
                "precision": None if p is None else 100 * p,
                "recall": None if r is None else 100 * r,
                "f1": None if f is None else 100 * f,
                "hyp_words": hyp_total[label],
            }
        per_sys[name] = stats
    buckets = []
    for label in labels:
        if not ref_total[label] and not any(per_sys[n][label]["hyp_words"] for n in per_sys):
            continue
        buckets.append(
            Bucket(
                label,
                ref_total[label],
                {n: {k: v for k, v in per_sys[n][label].items() if k != "hyp_words"} for n in per_sys},
                extra={n: int(per_sys[n][label]["hyp_words"]) for n in per_sys},
            )
        )
    return buckets


def document_scores(docids: Sequence[str], systems: Sequence[tuple[str, Sequence[str]]], scorer: Scorer) -> list[Bucket]:
    """Corpus chrF and BLEU per system inside each document (order of first appearance)."""
    groups: dict[str, list[int]] = {}
    for i, d in enumerate(docids):
        groups.setdefault(d, []).append(i)
    return [Bucket(doc, len(idx), _subset_scores(systems, scorer, idx)) for doc, idx in groups.items()]


def rank(corpus: dict[str, dict[str, MetricScore]], metric: str) -> list[str]:
    """System names, best first, by ``metric`` (TER: lower is better); ties keep input order."""
    sign = 1 if metric in LOWER_IS_BETTER else -1
    names = list(corpus)
    return sorted(names, key=lambda n: (sign * corpus[n][metric].score, names.index(n)))


# ---------------------------------------------------------------- likelihood


def aggregate_likelihood(scored: object, n: int) -> float:
    """Mean log-probability per token from a backend's forced-decoding scores.

    Accepts per-sentence lists of token log-probs (-> sum/count over the corpus) or
    one float per sentence (-> mean over sentences)."""
    items = list(scored)  # type: ignore[arg-type]
    if len(items) != n:
        raise DataError(f"forced decoding returned {len(items)} scores for {n} segments", "this is a bug in the backend")
    total, count = 0.0, 0
    for item in items:
        if isinstance(item, (int, float)):
            total += float(item)
            count += 1
        else:
            # translate.mt.forced.TokenScores: its token log-probs (iterating it gives words)
            raw = getattr(item, "logprobs", item)
            values = [float(v) for v in raw]  # type: ignore[union-attr]
            total += sum(values)
            count += len(values)
    return total / count if count else math.nan


# ---------------------------------------------------------------- driver


def compare(
    systems: Sequence[tuple[str, Sequence[str]]],
    references: Sequence[Sequence[str]],
    *,
    baseline: str | None = None,
    source: Sequence[str] | None = None,
    docids: Sequence[str] | None = None,
    paired_bs: int = 0,
    paired_ar: int = 0,
    seed: int = 12345,
    frequencies: Counter | None = None,
    frequency_basis: str = "",
    rank_by: str = "chrF2",
    reference_free: bool = False,
    reference_desc: Sequence[str] = (),
) -> Comparison:
    """Everything ``translate compare`` reports, for line-aligned texts."""
    if not systems:
        raise ConfigError("no systems to compare", "give at least one system file")
    if not references:
        raise ConfigError("no reference", "give --ref, --pseudo-ref or a model for a pseudo-reference")
    n = len(references[0])
    for name, hyps in systems:
        if len(hyps) != n:
            raise DataError(f"{name}: {len(hyps)} segments, but the reference has {n}", "give one line per segment")
    if n == 0:
        raise DataError("the reference has no segments", "give non-empty files")
    names = [name for name, _ in systems]
    if len(set(names)) != len(names):
        raise ConfigError("two systems have the same name", "give distinct names with --name")
    if rank_by not in METRICS:
        raise ConfigError(f"unknown metric {rank_by!r} to rank by", f"use one of {', '.join(METRICS)}")
    baseline = baseline or names[0]
    if (paired_bs or paired_ar) and len(systems) < 2:
        raise ConfigError("significance tests need at least two systems", "give two or more system files, or drop --paired-bs/--paired-ar")

    scorer = Scorer(references)
    corpus = {name: scorer.corpus(hyps) for name, hyps in systems}
    tests = []
    if paired_bs:
        tests.append(paired_test(systems, references, baseline, "bs", paired_bs, seed, scorer))
    if paired_ar:
        tests.append(paired_test(systems, references, baseline, "ar", paired_ar, seed, scorer))
    seg = {name: scorer.sentence(hyps) for name, hyps in systems}
    order, spread = disagreement(seg)

    if source is not None:
        lengths = [len(s.split()) for s in source]
        length_basis = "source words (split at spaces)"
    else:
        lengths = [len(tokens(r)) for r in references[0]]
        length_basis = "reference words (13a tokens)"
    by_length = length_buckets(lengths, systems, scorer)

    if frequencies is None:
        frequencies = word_frequencies(references[0])
        frequency_basis = frequency_basis or "word counts in the reference itself"
    by_freq = frequency_buckets(systems, references[0], frequencies)

    docs = None
    if docids is not None:
        if len(docids) != n:
            raise DataError(f"document ids: {len(docids)} lines, but the reference has {n}", "give one document id per segment")
        docs = document_scores(docids, systems, scorer)

    return Comparison(
        systems=names,
        baseline=baseline,
        n_segments=n,
        n_references=len(references),
        reference_free=reference_free,
        reference_desc=list(reference_desc),
        corpus=corpus,
        tests=tests,
        segment_scores=seg,
        disagreement=order,
        spread=spread,
        length_buckets=by_length,
        length_basis=length_basis,
        freq_buckets=by_freq,
        freq_basis=frequency_basis,
        documents=docs,
        rank_by=rank_by,
        ranking=rank(corpus, rank_by),
    )
