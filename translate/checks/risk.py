"""Per-link risk in [0, 1]: every signal about one aligned pair in one number, with its evidence.

Why not fixed chrF thresholds: vi->nl re-translations are weak (BLEU 15-19), so a clean
human sentence scores a median chrF of about 47 against them and a fixed cut flags good
text. The risk instead reads each chrF relative to

* the document: its median and spread, shrunk towards a prior for short documents
  (``PRIOR_WEIGHT`` pseudo-links), so a three-sentence article is not ranked on its own
  noise;
* the re-translations: with several, each one's weight is its agreement with the others
  (chrF between re-translations); low agreement among them marks a sentence that is hard
  to translate, which raises the risk a little (they cannot all be right);
* length: the rendering's length against the re-translations', relative to the document's
  typical ratio (a dropped clause is short against every re-translation);
* the model-free checks: their errors and warnings on the link (byte tokens, loops,
  numbers, omissions ...).

A link with nothing on one side (1:0, an omission; 0:1, an addition) has no chrF to read:
its risk is what the checks decided about it (``UNPAIRED_WEIGHT`` by its worst flag). A
sentence the rendering left out, confirmed by an omission error, is the worst a pair can
be (risk about 0.99), so ``--sort risk`` and the corpus ranking put it first; a 1:0 of
punctuation only (an info) stays low. Measured on the FLORES open half (``eval/qe.py``):
most source lines that hold two sentences, one of them dropped by the rendering, need work,
and with a null risk on the 1:0 they ranked by their surviving sentence alone.

The weights were set on the FLORES-200 devtest open half only (NLLB-3.3B rendering,
OPUS-MT / NLLB-1.3B / OPUS-MT en->nl re-translations); ``eval/qe.py`` re-measures them.
Hand-written rather than a learned model: a handful of interpretable terms, each of which
is reported as evidence, and no training data the project could ship.
"""

from __future__ import annotations

import math
from statistics import median

from ..data import Alignment, Flag, LinkRisk, RiskEvidence, Segmentation, Severity, Translation
from ..score import sentence_scores

PRIOR_CHRF = 50.0
"""Typical sentence chrF of a sound rendering against a real vi->nl re-translation."""
PRIOR_SPREAD = 15.0
"""Its robust spread (1.4826 x MAD), from the FLORES open half."""
PRIOR_WEIGHT = 30.0
"""Pseudo-links of prior blended with the document's own median and spread: the document
moves the centre once it has some dozens of pairs (on short articles its own median is
mostly noise: measured on the FLORES open half, weight 8 ranks worse than 30)."""
SHORT_PER_CHAR = 0.1
"""chrF points of risk per source character under the document's median: sentence chrF of a
short sentence is lower and noisier against any re-translation, and short sentences need
work more often (FLORES open half: AUC 0.862 -> 0.880 at line level)."""
AGREEMENT_WEIGHT = 0.25
LENGTH_SLACK = 0.3
"""log length ratio below the document's typical one before length counts (about -26 %)."""
LENGTH_WEIGHT = 4.0
FLAG_WEIGHT = {Severity.ERROR: 2.0, Severity.WARNING: 0.6}
UNPAIRED_WEIGHT = {Severity.ERROR: 4.0, Severity.WARNING: 2.0}
"""Logit of a link with nothing on one side, by its worst flag: an omission error (the
checks found nothing in the rendering that covers the sentence) is nothing rendered, i.e. as
far below the document as a pair can be; a warning (a short or cheap-to-skip sentence, or a
neighbour that may hold it) is about an ordinary low-chrF pair; an info or no flag adds nothing."""
_SAME_SIGNAL = {"low-chrf", "unsupported-span", "shorter-than-retranslation"}  # read from the chrF above; not counted twice
CENTER, SLOPE = 1.28, 1.6
"""Logistic squash: risk 0.5 at about the 10th percentile of a clean document."""


def _shrunk(values: list[float], prior: float, prior_spread: float) -> tuple[float, float]:
    n = len(values)
    if not n:
        return prior, prior_spread
    med = median(values)
    mad = 1.4826 * median(abs(v - med) for v in values)
    w = n / (n + PRIOR_WEIGHT)
    return w * med + (1 - w) * prior, max(5.0, w * mad + (1 - w) * prior_spread)


def link_risks(
    source: Segmentation | None,
    target: Segmentation,
    alignment: Alignment,
    translation: Translation | None,
    flags: list[Flag],
) -> list[LinkRisk | None]:
    """One risk per link. A link with nothing on one side (omission, addition) is scored by
    its flags alone (``UNPAIRED_WEIGHT``); None only for a link with neither side."""
    links = alignment.links
    by_link: dict[int, list[Flag]] = {}
    for f in flags:
        if f.link >= 0 and not f.waived:
            by_link.setdefault(f.link, []).append(f)
    translations = [] if translation is None else [translation, *translation.others]
    rows: list[dict | None] = []
    for k, link in enumerate(links):
        if not link.src or not link.tgt:
            rows.append(None)
            continue
        hyp = " ".join(target.segments[i].text for i in link.tgt)
        refs = [t.for_segments(link.src) for t in translations]
        refs = [r for r in refs if r.strip()]
        row: dict = {"hyp": hyp, "refs": refs}
        if refs:
            chrf = [sentence_scores(hyp, r).chrf for r in refs]
            if len(refs) > 1:
                agree = [[sentence_scores(a, b).chrf for b in refs if b is not a] for a in refs]
                weights = [max(1.0, sum(a) / len(a)) for a in agree]
                row["agreement"] = sum(sum(a) for a in agree) / sum(len(a) for a in agree)
            else:
                weights = [1.0]
            row["chrf"] = sum(w * c for w, c in zip(weights, chrf)) / sum(weights)
            row["len"] = math.log(max(1, len(hyp)) / max(1, median(len(r) for r in refs)))
            row["src_len"] = sum(len(source.segments[i].text) for i in link.src) if source else len(hyp)
        rows.append(row)

    scored = [r for r in rows if r and "chrf" in r]
    c_mid, c_sd = _shrunk([r["chrf"] for r in scored], PRIOR_CHRF, PRIOR_SPREAD)
    agreeing = [r["agreement"] for r in scored if "agreement" in r]
    a_mid, _ = _shrunk(agreeing, PRIOR_CHRF, PRIOR_SPREAD)
    len_mid = median(r["len"] for r in scored) if scored else 0.0
    src_mid = median(r["src_len"] for r in scored) if scored else 0.0

    out: list[LinkRisk | None] = []
    for k, row in enumerate(rows):
        if row is None:
            out.append(_unpaired(links[k], by_link.get(k, []), source is None))
            continue
        evidence: list[RiskEvidence] = []
        if "chrf" in row:
            z = (row["chrf"] - c_mid) / c_sd
            what = "the re-translation" if len(row["refs"]) == 1 else f"{len(row['refs'])} re-translations (weighted by their agreement)"
            evidence.append(RiskEvidence("chrf", -z, f"chrF {row['chrf']:.1f} against {what}; document typical {c_mid:.1f} \u00b1 {c_sd:.1f}"))
            short = SHORT_PER_CHAR * (src_mid - row["src_len"]) / c_sd
            if abs(short) >= 0.1:
                evidence.append(RiskEvidence("sentence-length", short,
                                             f"{'short' if short > 0 else 'long'} sentence ({row['src_len']} source characters, document median {src_mid:.0f}): "
                                             f"its chrF is {'less' if short > 0 else 'more'} reliable"))
            if "agreement" in row:
                dz = (a_mid - row["agreement"]) / c_sd
                evidence.append(RiskEvidence("agreement", AGREEMENT_WEIGHT * dz,
                                             f"the re-translations agree at chrF {row['agreement']:.1f} (document typical {a_mid:.1f})"))
            short = (len_mid - row["len"]) - LENGTH_SLACK
            if short > 0:
                evidence.append(RiskEvidence("length", LENGTH_WEIGHT * short,
                                             f"rendering {100 * (1 - math.exp(row['len'] - len_mid)):.0f} % shorter than the re-translation(s), "
                                             "relative to the document: a clause may be missing"))
        seen: set[str] = set()
        for f in sorted(by_link.get(k, []), key=lambda f: -f.severity.rank):
            if f.code in _SAME_SIGNAL or f.code in seen or f.severity not in FLAG_WEIGHT:
                continue
            seen.add(f.code)
            evidence.append(RiskEvidence(f"flag:{f.code}", FLAG_WEIGHT[f.severity], f"{f.severity.value} {f.code}: {f.message}"))
        out.append(_squash(evidence))
    return out


def _squash(evidence: list[RiskEvidence]) -> LinkRisk:
    s = sum(e.weight for e in evidence)
    score = 1.0 / (1.0 + math.exp(-SLOPE * (s - CENTER)))
    evidence.sort(key=lambda e: -e.weight)
    return LinkRisk(round(score, 4), evidence)


def _unpaired(link, flags: list[Flag], no_source: bool = False) -> LinkRisk | None:
    if not link.src and not link.tgt:
        return None
    if no_source:
        side = "no source given: the checks on the rendering alone"
    else:
        side = "source sentence with nothing in the rendering" if link.src else "rendering sentence with nothing in the source"
    worst = max(flags, key=lambda f: f.severity.rank, default=None)
    if worst is None:
        return _squash([RiskEvidence("unpaired", 0.0, f"{side}; no check found a problem")])
    weight = UNPAIRED_WEIGHT.get(worst.severity, 0.0)  # an info adds nothing
    return _squash([RiskEvidence(f"flag:{worst.code}" if weight else "unpaired", weight,
                                 f"{side}; {worst.severity.value} {worst.code}: {worst.message}")])
