"""Stage 3 — translate: re-translate the source segments, or take a given translation.

:func:`translate_segments` runs a backend over the source; :func:`against_translation`
pairs another translation of the source (``--against``, a system under comparison)
with it by content through :func:`aligned_translation`, the one routine that groups a
translation by source segment (``translate compare --documents`` uses it too).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..alignment.aligner import AlignOptions, align
from ..data import Segmentation, Translation
from .base import Backend


def translate_segments(source: Segmentation, backend: Backend) -> Translation:
    """Translate every source segment; identical segments are translated once."""
    texts = [s.text for s in source.segments]
    unique = list(dict.fromkeys(texts))
    translated = dict(zip(unique, backend.translate(unique))) if unique else {}
    return Translation(
        texts=[translated[t] for t in texts],
        groups=list(range(len(texts))),
        system=backend.signature(),
        kind="model",
    )

_BYTE_RUN = re.compile(r"(?:<0x[0-9A-Fa-f]{2}>)+")

def decode_byte_tokens(text: str) -> str:
    """Decode SentencePiece byte-fallback tokens: ``Erdo<0xC4><0x9F>an`` -> ``Erdoğan``.

    Real Marian outputs keep them raw. Each run of ``<0xHH>`` tokens is one UTF-8 byte
    string; a run that is not valid UTF-8 is decoded with U+FFFD for the bad bytes (so a
    later check can still point at it) rather than dropped.
    """
    if "<0x" not in text:
        return text
    return _BYTE_RUN.sub(lambda m: bytes.fromhex(m.group(0).replace("<0x", "").replace(">", "")).decode("utf-8", "replace"), text)

def aligned_translation(source: Segmentation, other: Segmentation, system: str, options=None, keep_unpaired: bool = False) -> tuple[Translation, int]:
    """Pair the sentences of another translation of the source with the source by content.

    The project's aligner (anchors + length, model-free) links them; each link becomes a
    group shared by its source segments. A source segment linked to nothing (1:0) gets
    an empty text (no re-translation rather than a wrong one). Sentences of ``other``
    linked to no source segment (0:1) are, with ``keep_unpaired`` (system outputs under
    comparison: no text may be lost), joined to the group before them; otherwise they
    are left out and counted. Returns (translation, number of sentences left out).
    """
    alignment = align(source, other, None, options)
    texts: list[str] = []
    groups = [-1] * len(source.segments)
    pending = ""
    unpaired = 0
    for link in alignment.links:
        text = " ".join(other.segments[k].text for k in link.tgt)
        if link.src:
            texts.append(f"{pending} {text}".strip())
            pending = ""
            for i in link.src:
                groups[i] = len(texts) - 1
        elif not keep_unpaired:
            unpaired += len(link.tgt)
        elif texts:
            texts[-1] = f"{texts[-1]} {text}".strip()
        else:
            pending = f"{pending} {text}".strip()
    if pending:  # no source segment at all was linked
        texts.append(pending)
    for i, g in enumerate(groups):  # defensive: the aligner links every segment
        if g < 0:
            texts.append("")
            groups[i] = len(texts) - 1
    return Translation(texts=texts, groups=groups, system=system, kind="against"), unpaired

def against_translation(source: Segmentation, against: Segmentation, name: str, options=None) -> Translation:
    """Use a given translation of the source (another system, a human reference).

    Paired with the source by content (:func:`aligned_translation`), never by line count:
    a file that drops one line and splits another still has as many lines as the source,
    and line-by-line pairing would compare every later sentence with the wrong one.
    Sentences that pair with no source segment are not used; ``translation.unpaired``
    says how many (the pipeline reports it).
    """
    tr, unpaired = aligned_translation(source, against, f"against:{name}", _paragraph_bound(options))
    tr.unpaired = unpaired
    return tr


AGAINST_BOUNDARY_FACTOR = 4.0
"""How many times the aligner's paragraph-boundary costs (``boundary_weight``, ``cross_weight``) weigh
when a re-translation is paired with the source. A machine translation is made paragraph by paragraph
(line by line), so where the source and the re-translation both have paragraphs their breaks meet far
more reliably than in a human translation, while the model-free cross-language pairing of sentences is
weak. At the aligner's own weights, a re-translation that rendered a two-sentence paragraph as one
sentence (NLLB-3.3B does, FLORES devtest) was paired one sentence off to the paragraph's end and past it,
and the review compared every later sentence with its neighbour's re-translation."""


def _paragraph_bound(options):
    opt = options or AlignOptions()
    return replace(opt, boundary_weight=opt.boundary_weight * AGAINST_BOUNDARY_FACTOR,
                   cross_weight=opt.cross_weight * AGAINST_BOUNDARY_FACTOR)
