"""Input class: a single 5 MB line without newlines (must not hang)."""

from __future__ import annotations

import time

import pytest

from helpers.robust_texts import NL, review, write

from translate.read.document import document_from_text
from translate.text.segment import MAX_SEGMENT_CHARS, segment_document

FIVE_MB = 5_000_000


def lossless(doc, seg) -> None:
    pos = 0
    for s in seg.segments:
        assert s.start >= pos and doc.text[pos : s.start].strip() == ""
        assert s.text == doc.text[s.start : s.end]
        pos = s.end
    assert doc.text[pos:].strip() == ""


def test_five_mb_line_with_sentences_is_segmented_quickly():
    sentence = "Hanoi ontving in maart 2024 meer dan 2,5 miljoen toeristen, volgens “het departement”. "
    text = sentence * (FIVE_MB // len(sentence))
    t0 = time.perf_counter()
    doc = document_from_text(text, "big.txt", "nl")
    seg = segment_document(doc, "tgt", "nl")
    elapsed = time.perf_counter() - t0
    assert len(seg.paragraphs) == 1
    assert len(seg.segments) == FIVE_MB // len(sentence)
    assert doc.warnings == []
    lossless(doc, seg)
    assert elapsed < 30, elapsed


def test_unclosed_quotes_and_dots_stay_linear():
    # used to be quadratic: every unclosed quote searched to the end, every dot
    # scanned back from the paragraph start
    text = ('"' + "a." * 50 + " ") * 20_000
    t0 = time.perf_counter()
    seg = segment_document(document_from_text(text, "q.txt", "nl"), "tgt", "nl")
    assert time.perf_counter() - t0 < 20
    assert seg.segments


def test_five_mb_line_without_sentence_end_is_cut_with_a_warning(tmp_path):
    words = "woord zonder einde " * (FIVE_MB // 19)
    path = write(tmp_path / "nl.txt", words)
    t0 = time.perf_counter()
    result = review(path, "-q")
    assert time.perf_counter() - t0 < 60
    assert result.exit_code == 0, result.output
    out = " ".join(result.stderr.split())
    assert (
        f"warning: {path}: 1 paragraph(s) (the first on line 1) hold text of more than {MAX_SEGMENT_CHARS:,} "
        f"characters without a sentence end; cut it into pieces of at most {MAX_SEGMENT_CHARS:,} characters at "
        "spaces (check that the file has line breaks)" in out
    )


def test_no_spaces_at_all_is_cut_hard():
    text = "x" * FIVE_MB
    doc = document_from_text(text, "x.txt", "nl")
    seg = segment_document(doc, "tgt", "nl")
    assert [len(s.text) for s in seg.segments] == [MAX_SEGMENT_CHARS] * (FIVE_MB // MAX_SEGMENT_CHARS)
    lossless(doc, seg)


@pytest.mark.slow  # a 5 MB pair through the whole review: about 5 s
def test_long_line_pair_review(tmp_path):
    """A source pasted as one long line against a normal rendering: a result, not a hang."""
    from helpers.robust_texts import VI

    src = write(tmp_path / "vi.txt", (VI.replace("\n", " ") + " ") * 200)
    tgt = write(tmp_path / "nl.txt", NL * 200)
    t0 = time.perf_counter()
    result = review(src, tgt, "-q")
    assert result.exit_code == 0, result.output
    assert time.perf_counter() - t0 < 60
