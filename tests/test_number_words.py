"""Numbers said in words, read whole: Vietnamese composites and Dutch "anderhalf" (issue 12,
clean number-mismatch false alarms in NTREX's independently made translations)."""

from __future__ import annotations

from translate.checks.config import FlagConfig
from translate.checks.flag import flag
from translate.data import Alignment, Link
from translate.read.document import document_from_text
from translate.score import score_pairs
from translate.text.anchors import METRIC, number_spans
from translate.text.segment import segment_document


def _values(text: str, lang: str) -> set[str]:
    return {n.value for n in number_spans(text, lang)}


def test_vietnamese_composite_numbers_are_read_whole():
    assert "70" in _values("Có bảy mươi người bị thương.", "vi")
    assert "25" in _values("hai mươi lăm năm", "vi") and "64" in _values("sáu mươi tư tuổi", "vi")
    assert "12" in _values("mười hai tháng", "vi") and "15" in _values("mười lăm ngày", "vi")
    # after trăm / nghìn the next word opens another number
    assert {"300", "50"} <= _values("ba trăm năm mươi người", "vi")
    assert "5000" in _values("năm nghìn khán giả", "vi")
    assert all(not n.hard for n in number_spans("bảy mươi người", "vi"))  # words only excuse


def test_dutch_anderhalf_and_vietnamese_metre():
    assert "1.5" in _values("anderhalf miljoen mensen", "nl") and "1.5" in _values("anderhalve week", "nl")
    assert "mét" in METRIC


def _number_flags(src: str, tgt: str):
    s = segment_document(document_from_text(src, lang="vi"), "src", "vi")
    t = segment_document(document_from_text(tgt, lang="nl"), "tgt", "nl")
    al = Alignment([Link((0,), (0,))])
    return [f for f in flag(s, t, al, None, score_pairs(t, al, None), FlagConfig()) if f.code == "number-mismatch"]


def test_a_number_in_words_on_one_side_and_digits_on_the_other_is_no_mismatch():
    assert not _number_flags("Khoảng 1,5 triệu người đã xem trận đấu.", "Ongeveer anderhalf miljoen mensen keken naar de wedstrijd.")
    assert not _number_flags("Có bảy mươi người bị thương trong vụ tai nạn.", "Bij het ongeluk raakten 70 mensen gewond.")
    # a real difference is still seen
    assert _number_flags("Có 70 người bị thương trong vụ tai nạn.", "Bij het ongeluk raakten 17 mensen gewond.")
