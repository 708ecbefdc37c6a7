"""Stage 5 — score: sentence and document scores with sacrebleu.

The rendering under review is the *hypothesis*; the re-translation (or the
``--against`` text) is the *reference*. Sentence BLEU uses sacrebleu's
``effective_order`` (the recommended sentence-level smoothing); chrF is
``CHRF()`` and chrF++ is ``CHRF(word_order=2)``. Document scores are corpus
scores over all scored links, reported with sacrebleu signatures.
"""

from __future__ import annotations

from functools import lru_cache

from sacrebleu.metrics import BLEU, CHRF

from .data import Alignment, DocScores, PairScore, Segmentation, Translation


@lru_cache(maxsize=1)
def _metrics() -> tuple[BLEU, CHRF, CHRF]:
    return BLEU(effective_order=True), CHRF(), CHRF(word_order=2)


@lru_cache(maxsize=1)
def _corpus_metrics() -> tuple[BLEU, CHRF, CHRF]:
    return BLEU(), CHRF(), CHRF(word_order=2)


def sentence_scores(hypothesis: str, reference: str) -> PairScore:
    bleu, chrf, chrfpp = _metrics()
    return PairScore(
        bleu=bleu.sentence_score(hypothesis, [reference]).score,
        chrf=chrf.sentence_score(hypothesis, [reference]).score,
        chrfpp=chrfpp.sentence_score(hypothesis, [reference]).score,
        reference=reference,
    )


def sentence_chrf(hypothesis: str, reference: str) -> float:
    """Sentence chrF alone (the calibration compares a rendering with its neighbours' re-translations)."""
    return _metrics()[1].sentence_score(hypothesis, [reference]).score


def link_texts(
    link_src: tuple[int, ...], link_tgt: tuple[int, ...], target: Segmentation, translation: Translation
) -> tuple[str, str]:
    hyp = " ".join(target.segments[i].text for i in link_tgt)
    ref = translation.for_segments(link_src)
    return hyp, ref


def score_pairs(
    target: Segmentation, alignment: Alignment, translation: Translation | None
) -> list[PairScore | None]:
    """One score per link; None for omissions, additions, or without a translation."""
    if translation is None:
        return [None] * len(alignment.links)
    out: list[PairScore | None] = []
    for link in alignment.links:
        if not link.src or not link.tgt:
            out.append(None)
            continue
        hyp, ref = link_texts(link.src, link.tgt, target, translation)
        out.append(sentence_scores(hyp, ref) if ref.strip() else None)
    return out


def score_document(
    target: Segmentation, alignment: Alignment, translation: Translation | None
) -> DocScores | None:
    if translation is None:
        return None
    hyps, refs = [], []
    for link in alignment.links:
        if link.src and link.tgt:
            hyp, ref = link_texts(link.src, link.tgt, target, translation)
            if ref.strip():
                hyps.append(hyp)
                refs.append(ref)
    if not hyps:
        return None
    bleu, chrf, chrfpp = _corpus_metrics()
    return DocScores(
        bleu=bleu.corpus_score(hyps, [refs]).score,
        chrf=chrf.corpus_score(hyps, [refs]).score,
        chrfpp=chrfpp.corpus_score(hyps, [refs]).score,
        signatures={
            "bleu": str(bleu.get_signature()),
            "chrf": str(chrf.get_signature()),
            "chrf++": str(chrfpp.get_signature()),
        },
        segments=len(hyps),
    )
