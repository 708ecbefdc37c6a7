"""More checks: sentence shape, document-relative length, the number reader, token-score interface."""

from __future__ import annotations

from translate.text import anchors
from translate.data import Alignment, Link, Severity
from translate.checks.flag import flag
from translate.read.document import document_from_text
from translate.text.segment import segment_document

from helpers.checks import codes, pair_flags


def test_sentence_shape_scrambled():
    src = "Tỉnh ủy đã ban hành nhiều nghị quyết quan trọng."
    flags, _, _ = pair_flags(src, "resoluties veel uit. Het belangrijke comité vaardigde provinciaal")
    f = next(f for f in flags if f.code == "sentence-shape")
    assert f.severity is Severity.WARNING and "lower case" in f.message
    flags, _, _ = pair_flags(src, "Het provinciaal comité vaardigde veel belangrijke resoluties uit.")
    assert "sentence-shape" not in codes(flags, Severity.INFO)


def test_length_relative_to_document_finds_merged_omission():
    vi = [f"Câu số {i} nói về việc xây dựng đảng ở cơ sở trong giai đoạn mới của tỉnh." for i in range(8)]
    nl = [f"Zin {i} gaat over de partijopbouw aan de basis in de nieuwe periode van de provincie." for i in range(8)]
    s = segment_document(document_from_text("\n\n".join(vi), lang="vi"), "src", "vi")
    t = segment_document(document_from_text("\n\n".join(nl[:7]), lang="nl"), "tgt", "nl")
    # sentences 6 and 7 merged into one 2:1 pair whose rendering covers only one of them
    links = [Link((i,), (i,)) for i in range(6)] + [Link((6, 7), (6,))]
    flags = flag(s, t, Alignment(links), None, [None] * len(links))
    f = [f for f in flags if f.code == "length-ratio"]
    assert [x.link for x in f] == [6] and "several source sentences" in f[0].message
    assert {e.text for e in f[0].evidence if e.side == "src"} == {vi[6], vi[7]}


def test_number_reader_conventions():
    def vals(text, lang):
        return sorted(n.value for n in anchors.number_spans(text, lang) if n.hard)

    assert vals("96,3% en 6.280 mensen", "nl") == sorted(["96.3", "6280"])
    assert vals("96.3% and 6,280 people", "en") == sorted(["96.3", "6280"])
    assert sorted(vals("14/02/2025", "vi")) == sorted(["14", "2", "2025"])
    assert "2" not in vals("14 februari 2025", "nl")  # the month name only excuses
    assert vals("37-jarige", "nl") == ["37"]
    assert vals("Project 16-DU/TU", "vi") == []
    assert anchors.dutch_number_word("tweeëndertig") == 32
    assert anchors.dutch_number_word("vierentwintigjarige") == 24
    assert anchors.dutch_number_word("een") is None


def test_name_spans_fold_and_sentence_start():
    spans = anchors.name_spans("Lý Thị Xiến phát biểu tại Hà Nội.", "vi")
    assert [(n.text, n.key, n.sentence_initial) for n in spans] == [("Lý Thị Xiến", "lythixien", True), ("Hà Nội", "hanoi", False)]
    assert "lythixien" in anchors.folded_compact("Ly Thi Xien (4e van links)")


def test_sentence_shape_glued_garbled_second_sentence():
    src = "Tỉnh ủy đã ban hành nghị quyết. Các chi bộ thực hiện tốt."
    flags, _, _ = pair_flags(src, "Het comité vaardigde een resolutie uit. goed cellen uitvoeren de partij")
    f = next(f for f in flags if f.code == "sentence-shape")
    assert f.severity is Severity.WARNING and "inside" in f.message
    flags, _, _ = pair_flags(src, "Het comité vaardigde o.a. een resolutie uit, bijv. over cellen. De cellen voeren die goed uit.")
    assert "sentence-shape" not in codes(flags, Severity.INFO)
