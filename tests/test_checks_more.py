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


# -- repeats across a sentence end, labels glued before a sentence (issue 12) --------------
def test_repeat_across_sentence_end():
    # a copy slip that doubles the tail of one sentence with the head of the next: every sentence
    # the segmenter cuts out of it looks clean on its own
    src = "Một số nạn nhân bị mắc kẹt dưới đống đổ nát, ông nói. Khoảng 540 người bị thương."
    tgt = "Sommige slachtoffers zaten vast onder het puin, zei hij. Zo’n hij. Zo’n 540 mensen raakten gewond."
    flags, _, _ = pair_flags(src, tgt)
    f = next(f for f in flags if f.code == "repetition")
    assert f.severity is Severity.WARNING and [e.text for e in f.evidence] == ["hij. Zo’n", "hij. Zo’n"]
    # the phrase that ends a sentence said again as a sentence of its own, opening in lowercase
    tgt = "Ze worden gebruikt om het getal van een ster te bepalen. te bepalen. Dit is verwant aan de plasmastroming."
    flags, _, _ = pair_flags("Chúng được dùng để xác định số của một ngôi sao. Điều này liên quan đến plasma.", tgt)
    assert "repetition" in codes(flags)


def test_repeat_across_sentence_end_negative():
    # a sentence said again (rhetoric, a chant) and a word echoed are not copy slips
    for tgt in ("Het is goed. Het is goed. Ga maar slapen.", "Hup Holland. Hup Holland. Hup Holland.", "Hij zei: ja. Ja, zei hij.",
                "Nee. Nee. Nee, dat wil ik niet."):
        flags, _, _ = pair_flags(None, tgt)
        assert "repetition" not in codes(flags), tgt


def test_navigation_label_glued_before_sentence():
    src = "Các trường độc lập hướng tới việc chuẩn bị cho học sinh vào đại học."
    flags, _, _ = pair_flags(src, "Zoeken Onafhankelijke scholen willen hun leerlingen voorbereiden op de universiteit.")
    f = next(f for f in flags if f.code == "page-chrome")
    assert f.severity is Severity.WARNING and [e.text for e in f.evidence] == ["Zoeken"]
    flags, _, _ = pair_flags(None, "Delen De regering wil de belasting volgend jaar verlagen.")
    assert "page-chrome" in codes(flags)


def test_navigation_label_glued_negative():
    # the label as the verb that opens a sentence, a name carried into the source, a title-case heading
    for src, tgt in (("Việc tìm kiếm người sống sót kéo dài nhiều ngày.", "Zoeken naar overlevenden duurde dagen."),
                     ("Home Office đã từ chối đơn xin tị nạn.", "Home Office heeft de asielaanvraag afgewezen."),
                     (None, "Delen we de kosten van het feest?"),
                     (None, "Search Results Page")):
        flags, _, _ = pair_flags(src, tgt)
        assert "page-chrome" not in codes(flags), tgt


def test_two_words_said_again_after_a_comma():
    # a list item said twice: the source says it once
    src = "Mưa lớn sẽ gây ra lũ quét nguy hiểm, các dòng mảnh vụn và sạt lở đất."
    tgt = "Zware regen zal gevaarlijke overstromingen, gevaarlijke overstromingen, puinstromen en aardverschuivingen veroorzaken."
    flags, _, _ = pair_flags(src, tgt)
    f = next(f for f in flags if f.code == "repetition")
    assert f.severity is Severity.WARNING and f.evidence[0].text == "gevaarlijke overstromingen, gevaarlijke overstromingen"
    # rhetoric: the source doubles it too; and with no source to ask, the doubling is left alone
    flags, _, _ = pair_flags("Không bao giờ nữa, không bao giờ nữa, anh ấy hét lên.", "Nooit meer, nooit meer, riep hij.")
    assert "repetition" not in codes(flags)
    flags, _, _ = pair_flags(None, tgt)
    assert "repetition" not in codes(flags)
