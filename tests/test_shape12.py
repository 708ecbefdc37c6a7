"""Scrambled word order and appended text (issue 12): model-free signals, each test fails without its rule.

Measured with eval/flags.py; see docs/flags.md "Scrambles and appended sentences"."""

from __future__ import annotations

from translate.checks.pair import shape_problems
from translate.data import Severity

from helpers.checks import codes, pair_flags


def test_a_capitalised_sentence_starter_mid_sentence_is_a_shape_problem():
    # a shuffle moved the capitalised first word ("In") into the middle; the sentence still ends on a full stop
    src = "Những năm cuối thế kỷ 18, Việt Nam cũng xâm lược Campuchia."
    flags, _, _ = pair_flags(src, "ook de Vietnamezen de In jaren vielen Cambodja 18e laatste van eeuw de binnen.")
    f = next(f for f in flags if f.code == "sentence-shape")
    assert f.severity is Severity.WARNING and "\u201cIn\u201d" in f.message
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


def test_a_headline_run_into_the_next_sentence_is_no_warning():
    # lines joined into one paragraph: the headline's missing full stop leaves a capital mid-sentence on both
    # sides (NTREX-128 document 7); one problem, info only
    src = ("Động Đất Và Sóng Thần Ở Indonesia Tàn Phá Cả Hòn Đảo Và Giết Chết Hàng Trăm Người Chẳng hạn như sau thảm "
           "họa từ trận động đất Lombok, các tổ chức phi chính phủ nước ngoài cho biết họ không được cần tới.")
    tgt = ("Tsunami en aardbeving in Indonesië verwoesten een eiland, waarbij honderden doden vallen "
           "In de nasleep van de aardbeving in Lombok kregen buitenlandse ngo's te horen dat hun hulp niet nodig was.")
    flags, _, _ = pair_flags(src, tgt)
    assert "sentence-shape" not in codes(flags) and "sentence-shape" in codes(flags, Severity.INFO)
