"""Scrambled word order and appended text (issue 12): model-free signals, each test fails without its rule.

Measured with eval/flags.py; see docs/flags.md "Scrambles and appended sentences"."""

from __future__ import annotations

from translate.checks.config import FlagConfig
from translate.checks.flag import flag
from translate.checks.pair import shape_problems
from translate.data import Alignment, Link, Severity
from translate.read.document import document_from_text
from translate.score import score_pairs
from translate.text.segment import segment_document

from helpers.checks import codes, pair_flags


def test_a_capitalised_sentence_starter_mid_sentence_is_a_shape_problem():
    # a shuffle moved the capitalised first word ("In") into the middle; the sentence still ends on a full stop
    src = "Những năm cuối thế kỷ 18, Việt Nam cũng xâm lược Campuchia."
    flags, _, _ = pair_flags(src, "ook de Vietnamezen de In jaren vielen Cambodja 18e laatste van eeuw de binnen.")
    f = next(f for f in flags if f.code == "sentence-shape")
    assert f.severity is Severity.WARNING and "\u201cIn\u201d" in f.message
    # on its own (a headline with no full stop, another headline glued on) it is a warning too
    flags, _, _ = pair_flags("Hơn 20 triệu người theo dõi cuộc điều trần của Brett Kavanaugh",
                             "Meer dan 20 miljoen mensen keken naar de hoorzitting van Brett Kavanaugh "
                             "Het nieuwe oorlogsschip van Duitsland weer uitgesteld")
    f = next(f for f in flags if f.code == "sentence-shape")
    assert f.severity is Severity.WARNING and f.score == 1
    # a name that starts with an article, a quotation and a new sentence are no problem
    assert shape_problems("Ông ấy nói với tờ báo.", "Dat zei hij tegen De Telegraaf.") == []
    assert shape_problems("Ông ấy nói: \"Chúng tôi sẽ đến.\"", "Hij zei: \"We komen.\"") == []
    assert shape_problems("Ông ấy đã đến. Chúng tôi rất vui.", "Hij kwam. We waren blij.") == []


def test_a_last_word_that_cannot_end_a_sentence_is_a_shape_problem():
    src = "Đây không phải là quảng cáo ca ngợi hay đánh giá ngành công nghiệp sữa."
    problems = shape_problems(src, "Deze advertentie laat zich helemaal niet negatief of positief uit over de")
    assert any("ends on" in p for p in problems) and len(problems) == 2
    # separable particles that look like prepositions do end Dutch sentences
    assert shape_problems("Anh ấy gọi cho cô ấy.", "Hij belde haar gisteren op.") == []


def test_an_unrelated_sentence_appended_to_a_right_one_is_a_length_outlier():
    vi = ["Chính phủ đã công bố kế hoạch xây dựng một cây cầu mới qua sông trong năm tới.",
          "Dự án sẽ được tài trợ bởi ngân sách quốc gia và một khoản vay từ ngân hàng.",
          "Các quan chức cho biết công việc sẽ bắt đầu vào mùa xuân.",
          "Người dân địa phương đã chờ đợi cây cầu này trong nhiều năm.",
          "Cây cầu hiện tại đã hơn năm mươi năm tuổi và thường xuyên bị tắc nghẽn.",
          "Một số nhà phê bình lo ngại về chi phí của dự án."]
    nl = ["De regering heeft plannen aangekondigd om volgend jaar een nieuwe brug over de rivier te bouwen.",
          "Het project wordt gefinancierd uit de nationale begroting en met een lening van de bank.",
          "Volgens de ambtenaren begint het werk in het voorjaar.",
          "De lokale bevolking wacht al vele jaren met smart op deze nieuwe brug.",
          "De huidige brug is meer dan vijftig jaar oud en staat vaak vast.",
          "Sommige critici maken zich zorgen over de kosten van het project."]
    nl2 = list(nl)
    nl2[3] = nl[3] + " Het nieuwe oorlogsschip van Duitsland is opnieuw uitgesteld."
    for tgt, expect in ((nl2, True), (nl, False)):
        s = segment_document(document_from_text("\n\n".join(vi), lang="vi"), "src", "vi")
        t = segment_document(document_from_text("\n\n".join(tgt), lang="nl"), "tgt", "nl")
        links = [Link((p.index,), tuple(x.index for x in t.segments if x.paragraph == p.paragraph)) for p in s.segments]
        al = Alignment(links)
        flags = flag(s, t, al, None, score_pairs(t, al, None), FlagConfig())
        lr = [f for f in flags if f.code == "length-ratio" and f.severity is Severity.WARNING]
        assert bool(lr) is expect, [f.message for f in flags]
        if expect:
            assert "oorlogsschip" in lr[0].message


def test_a_sentence_split_in_two_by_the_translator_is_not_an_added_sentence():
    vi = ["Chính phủ đã công bố kế hoạch xây dựng một cây cầu mới qua sông trong năm tới.",
          "Dự án sẽ được tài trợ bởi ngân sách quốc gia và một khoản vay từ ngân hàng.",
          "Các quan chức cho biết công việc sẽ bắt đầu vào mùa xuân.",
          "Người dân địa phương đã chờ đợi cây cầu này trong nhiều năm.",
          "Cây cầu hiện tại đã hơn năm mươi năm tuổi và thường xuyên bị tắc nghẽn.",
          "Một số nhà phê bình lo ngại về chi phí của dự án."]
    nl = ["De regering heeft plannen aangekondigd. Volgend jaar komt er een nieuwe brug over de rivier.",
          "Het project wordt gefinancierd uit de nationale begroting en met een lening van de bank.",
          "Volgens de ambtenaren begint het werk in het voorjaar.",
          "De lokale bevolking wacht al jaren op deze brug.",
          "De huidige brug is meer dan vijftig jaar oud en staat vaak vast.",
          "Sommige critici maken zich zorgen over de kosten van het project."]
    s = segment_document(document_from_text("\n\n".join(vi), lang="vi"), "src", "vi")
    t = segment_document(document_from_text("\n\n".join(nl), lang="nl"), "tgt", "nl")
    al = Alignment([Link((p.index,), tuple(x.index for x in t.segments if x.paragraph == p.paragraph)) for p in s.segments])
    flags = flag(s, t, al, None, score_pairs(t, al, None), FlagConfig())
    assert "length-ratio" not in codes(flags)


def test_a_sentence_starting_with_an_article_in_lower_case_is_a_warning():
    # a shuffled headline: no full stop to miss on either side, only the lower-case "het" first
    flags, _, _ = pair_flags("Tổ chức National Trust nghe lén cuộc sống bí mật của loài dơi",
                             "het luistert van National Trust af vleermuizen leven geheime")
    f = next(f for f in flags if f.code == "sentence-shape")
    assert f.severity is Severity.WARNING and "\u201chet\u201d" in f.message
    # Dutch "'s" (an old genitive) starts a sentence in lower case: one problem, info only
    flags, _, _ = pair_flags("Cuốn sách được biết đến đầu tiên trên thế giới được viết bằng tiếng Phạn.",
                             "'s Werelds oudste bekende boek is in het Sanskriet geschreven.")
    assert "sentence-shape" not in codes(flags)
