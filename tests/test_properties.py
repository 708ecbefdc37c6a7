"""Property-based invariants (hypothesis), bounded so CI stays fast.

* read.normalize: output is NFC with LF line ends; the offset map has one entry per
  output char plus one, is monotonic, stays inside the input, and each group of
  output chars that share an offset is the normalization of the input slice it
  maps to;
* segmentation is lossless: segments with the whitespace between them rebuild the
  normalized text exactly, on Vietnamese- and Dutch-like text with emoji,
  combining marks, right-to-left scripts, very long tokens and empty strings;
* alignment covers every segment of both sides exactly once, in order;
* scores equal sacrebleu's own functions and stay within [0, 100].
"""

from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translate.alignment.aligner import AlignOptions, align
from translate.data import Translation
from translate.read.document import document_from_text, normalize
from translate.score import score_pairs, sentence_scores
from translate.text.segment import segment_document

SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])

VI_WORDS = "Hà Nội đón hơn triệu lượt khách du lịch tháng năm Ông Nguyễn Văn An TS. Th.S PGS.TS UBND 16-DU/TU 96,3% 6.280 14/02/2025".split()
NL_WORDS = "Hanoi ontving meer dan miljoen toeristen maart nr. blz. bijv. dhr. De Het 21-NQ/TW 12,4% 9.800 o.a. i.p.v.".split()
ODD = [
    "😀", "👍🏽", "🇻🇳", "e\u0301", "a\u0323\u0302", "\u0301", "שלום", "مرحبا", "\u202e", "\u200f", "\u00a0", "\u3000",
    "x" * 300, "ー" * 50, "\u1100\u1161", "…", "...", "?!", "“", "”", "«", "»", '"', "'", "(", ")", "*", "•", "-",
    "\t", "\u2028", "\x0b", "\x0c", "\x1c", "\x85",
]
PUNCT = [".", ". ", "! ", "? ", "… ", ", ", "; ", ": ", " ", " ", " ", "\n", "\n\n", "\r\n", "\r", " \n "]
token = st.one_of(st.sampled_from(VI_WORDS + NL_WORDS), st.sampled_from(ODD), st.sampled_from(PUNCT), st.text(max_size=5))
texts = st.lists(token, max_size=60).map("".join)


def check_lossless(doc, seg) -> None:
    text = doc.text
    pos = 0
    rebuilt = []
    for k, s in enumerate(seg.segments):
        assert s.index == k
        assert s.start >= pos, "segments overlap or go backwards"
        gap = text[pos : s.start]
        assert gap.strip() == "", f"non-whitespace dropped between segments: {gap!r}"
        assert s.text == text[s.start : s.end] and s.text and s.text.strip() == s.text
        rebuilt += [gap, s.text]
        pos = s.end
    assert text[pos:].strip() == ""
    rebuilt.append(text[pos:])
    assert "".join(rebuilt) == text
    # paragraphs hold their segments, in order, each segment in exactly one paragraph
    owned = [i for p in seg.paragraphs for i in p.segments]
    assert owned == list(range(len(seg.segments)))
    for p in seg.paragraphs:
        assert p.text == text[p.start : p.end]
        for i in p.segments:
            s = seg.segments[i]
            assert p.start <= s.start and s.end <= p.end and s.paragraph == p.index


@SETTINGS
@given(st.text(max_size=80) | texts)
def test_normalize_offset_map(text):
    out, offsets = normalize(text)
    expected = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    assert out == expected
    offsets = list(offsets)
    assert len(offsets) == len(out) + 1
    assert offsets[-1] == len(text)
    assert all(0 <= o <= len(text) for o in offsets)
    assert all(a <= b for a, b in zip(offsets, offsets[1:])), "offset map not monotonic"
    # every normalized char maps into the original, and groups rebuild it
    assert all(o < len(text) for o in offsets[:-1])
    i = 0
    while i < len(out):
        j = i
        while j < len(out) and offsets[j] == offsets[i]:
            j += 1
        # chars i..j-1 come from original[offsets[i]:offsets[j]]
        piece = text[offsets[i] : offsets[j]].replace("\r\n", "\n").replace("\r", "\n")
        assert unicodedata.normalize("NFC", piece) == out[i:j]
        i = j


@SETTINGS
@given(texts, st.sampled_from(["vi", "nl", ""]))
def test_segmentation_is_lossless(text, lang):
    doc = document_from_text(text, "gen.txt", lang)
    seg = segment_document(doc, "src", lang)
    check_lossless(doc, seg)


@SETTINGS
@given(st.lists(st.sampled_from(VI_WORDS + ODD[:6] + [". ", "\n\n"]), min_size=0, max_size=40).map("".join), st.integers(1, 3))
def test_segmentation_lossless_with_the_length_guard(text, repeat):
    import translate.text.segment as segment

    old = segment.MAX_SEGMENT_CHARS
    segment.MAX_SEGMENT_CHARS = 40  # exercise the cutting of over-long sentences
    try:
        doc = document_from_text(text * repeat, "gen.txt", "vi")
        seg = segment_document(doc, "src", "vi")
    finally:
        segment.MAX_SEGMENT_CHARS = old
    check_lossless(doc, seg)
    assert all(len(s.text) <= 40 for s in seg.segments)


def _covers(links, n: int, side: str) -> None:
    flat = [i for link in links for i in getattr(link, side)]
    assert flat == list(range(n)), f"{side} segments not covered exactly once in order"


@SETTINGS
@given(texts, texts, st.booleans())
def test_alignment_covers_everything_once_in_order(src_text, tgt_text, with_translation):
    source = segment_document(document_from_text(src_text, "s.txt", "vi"), "src", "vi")
    target = segment_document(document_from_text(tgt_text, "t.txt", "nl"), "tgt", "nl")
    translation = None
    if with_translation:
        translation = Translation([s.text[::-1] for s in source.segments], list(range(len(source.segments))), "test")
    result = align(source, target, translation, AlignOptions())
    _covers(result.links, len(source.segments), "src")
    _covers(result.links, len(target.segments), "tgt")
    assert all(link.src or link.tgt for link in result.links)
    _covers(result.paragraph_links, len(source.paragraphs), "src")
    _covers(result.paragraph_links, len(target.paragraphs), "tgt")
    scores = score_pairs(target, result, translation)
    assert len(scores) == len(result.links)
    for s in scores:
        if s is not None:
            assert all(0 <= v <= 100 + 1e-9 for v in (s.chrf, s.bleu, s.chrfpp))


@SETTINGS
@given(texts, texts)
def test_sentence_scores_equal_sacrebleu(hyp, ref):
    from sacrebleu.metrics import BLEU, CHRF

    score = sentence_scores(hyp, ref)
    assert score.bleu == BLEU(effective_order=True).sentence_score(hyp, [ref]).score
    assert score.chrf == CHRF().sentence_score(hyp, [ref]).score
    assert score.chrfpp == CHRF(word_order=2).sentence_score(hyp, [ref]).score
    for v in (score.bleu, score.chrf, score.chrfpp):
        assert 0.0 <= v <= 100.0 + 1e-9  # sacrebleu's BLEU can return 100.00000000000004
    if hyp.strip():
        assert abs(sentence_scores(hyp, hyp).chrf - 100.0) < 1e-9
