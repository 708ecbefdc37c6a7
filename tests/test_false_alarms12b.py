"""Clean false alarms end to end (issue 12, second round): each test fails without its fix.

Measured with eval/flags.py --show; see docs/flags.md "Clean false alarms, second round"."""

from __future__ import annotations

import pytest

from translate.checks import NumberCheck, OmissionCheck
from translate.checks.base import Finding
from translate.checks.config import FlagConfig
from translate.data import Alignment, Link, Severity
from translate.checks.flag import flag
from translate.read.document import document_from_text
from translate.score import score_pairs
from translate.text import anchors
from translate.text.segment import segment_document

from helpers.checks import codes, pair_flags


# -- number readings that are legitimately different renderings ------------------------------------
@pytest.mark.parametrize("src,tgt", [
    # Fahrenheit in the (US) source, Celsius in the rendering: (80 - 32) * 5 / 9 = 26.7
    ("Nhiệt độ ở New York có thể tới 80 độ vào thứ Ba.", "In New York kan het dinsdag 27 graden worden."),
    ("Trời nóng 80 độ bên ngoài ngôi nhà.", "Het was 26 graden buiten het huis."),
    ("Trời nóng 80 độ bên ngoài ngôi nhà.", "Het was 27°C buiten het huis."),
    # a regnal / ordinal Roman numeral written as one letter in Dutch
    ("Ông nhận huân chương trong Thế chiến 1.", "Hij kreeg de medaille in WO I."),
    # a superscript left as HTML markup is an exponent, not a quantity
    ("Diện tích là 783.562 km<sup>2</sup> theo thống kê.", "De oppervlakte is 783.562 km² volgens de statistiek."),
    # "the 1830s" said as "de jaren 30 van de 19e eeuw"
    ("Nước này độc lập từ những năm 1830.", "Het land is onafhankelijk sinds de jaren 30 van de 19e eeuw."),
    ("Nước này độc lập từ những năm 1830.", "Het land is onafhankelijk sinds de jaren dertig van de negentiende eeuw."),
])
def test_number_readings_are_not_a_mismatch(src, tgt):
    flags = pair_flags(src, tgt)[0]
    assert "number-mismatch" not in codes(flags), [f.message for f in flags]


@pytest.mark.parametrize("src,tgt", [
    ("Trời nóng 80 độ bên ngoài ngôi nhà.", "Het was 37 graden buiten het huis."),  # no conversion gives 37
    ("Ông nhận huân chương trong Thế chiến 1.", "Hij kreeg de medaille in WO II."),
    ("Nước này độc lập từ những năm 1830.", "Het land is onafhankelijk sinds de jaren 30 van de 18e eeuw."),
    ("Diện tích là 783.562 km<sup>2</sup> theo thống kê.", "De oppervlakte is 783.962 km² volgens de statistiek."),
])
def test_real_number_changes_still_flagged(src, tgt):
    flags = pair_flags(src, tgt)[0]
    f = next(f for f in flags if f.code == "number-mismatch")
    assert f.severity is Severity.ERROR


def test_superscript_and_roman_spans():
    assert [n.value for n in anchors.number_spans("783 km<sup>2</sup>", "vi")] == ["783"]
    assert [n.value for n in anchors.number_spans("WO I was voorbij", "nl")] == ["1"]
    assert anchors.number_spans("Toen zei I dat", "en") == []  # only Dutch has no one-letter word "I"


def test_numbers_only_added_by_the_rendering_are_a_note():
    # "năm ngoái" (last year) spelled out as the year; nothing of the source's numbers is lost
    flags = pair_flags("Tỷ lệ cử tri đạt 16%, so với 34% trong cuộc bầu cử năm ngoái.",
                       "De opkomst was 16 procent, tegen 34 procent bij de verkiezingen van 2016.")[0]
    f = next(f for f in flags if f.code == "number-mismatch")
    assert f.severity is Severity.INFO
    # a number lost is still an error
    flags = pair_flags("Tỷ lệ cử tri đạt 16%, so với 34% trong cuộc bầu cử năm ngoái.",
                       "De opkomst was 16 procent, tegen 54 procent bij de verkiezingen van 2016.")[0]
    assert next(f for f in flags if f.code == "number-mismatch").severity is Severity.ERROR


def test_added_dateline_or_long_addition_stays_a_warning():
    check, cfg = NumberCheck(), FlagConfig()

    def sev(**d):
        data = {"missing": {}, "extra": {"2016": 1}, "mt_same": False, "length_z": 0.0, "stamp": False}
        data.update(d)
        return check.decide(Finding(0, 1.0, "", [], data), cfg)

    assert sev() is Severity.INFO
    assert sev(stamp=True) is Severity.WARNING  # "14/02/2025 10:32" glued onto the sentence
    assert sev(length_z=3.0) is Severity.WARNING  # a pair much longer than usual: text was added
    assert sev(added_sentence=True) is Severity.WARNING  # a rendering sentence of only new numbers in a 1:2 pair
    assert sev(missing={"4": 1}) is Severity.ERROR
    flags = pair_flags("Daniel Sturridge mang lại một trận hòa cho Liverpool.",
                       "14/02/2025 10:32 Daniel Sturridge zorgt voor een gelijkmaker voor Liverpool.")[0]
    assert "number-mismatch" in codes(flags)


# -- omission ---------------------------------------------------------------------------------------
def _doc(src: list[str], tgt: list[str]):
    s = segment_document(document_from_text("\n\n".join(src), lang="vi"), "src", "vi")
    t = segment_document(document_from_text("\n\n".join(tgt), lang="nl"), "tgt", "nl")
    return s, t


def test_a_stray_closing_quote_left_unaligned_is_no_omission():
    # the segmenter splits a closing quote after a space ("... bú? \"") into a sentence of its own
    s, t = _doc(["Tại sao không dùng nó cho các bà mẹ? \"", "Một người khác bình luận thêm."],
                ["Waarom gebruiken we het niet voor moeders?\"", "Nog iemand voegde hieraan toe."])
    quote = next(x.index for x in s.segments if x.text.strip() == "\"")
    links, j = [], 0
    for x in s.segments:
        if x.index == quote:
            links.append(Link((x.index,), ()))
        else:
            links.append(Link((x.index,), (j,)))
            j += 1
    al = Alignment(links)
    flags = flag(s, t, al, None, score_pairs(t, al, None), FlagConfig())
    om = [f for f in flags if f.code == "omission"]
    assert om and all(f.severity is Severity.INFO for f in om), [(f.severity, f.message) for f in om]


def test_a_content_sentence_left_out_is_still_an_error():
    assert OmissionCheck().decide(Finding(0, 50.0, "", [], {"kind": "skip", "words": True}), FlagConfig()) is Severity.ERROR
    assert OmissionCheck().decide(Finding(0, 50.0, "", [], {"kind": "skip", "words": False}), FlagConfig()) is Severity.INFO


def _gap_sev(**data):
    base = {"kind": "gap", "gap": 0.3, "merged": False, "near_omission": False, "mt_agrees": False}
    base.update(data)
    return OmissionCheck().decide(Finding(0, 50.0, "", [], base), FlagConfig())


def test_a_cheap_to_skip_sentence_far_from_any_omission_needs_a_short_pair():
    # a free 1:1 translation matches poorly by length and anchors, so leaving it out costs little;
    # only a rendering that is also short for the document says something is not rendered
    assert _gap_sev(pair_z=0.2) is Severity.INFO
    assert _gap_sev(pair_z=-1.5) is Severity.WARNING
    # the other omission warnings keep their rules: a merged pair, an alternative to a 1:0
    assert _gap_sev(pair_z=0.2, merged=True) is Severity.WARNING
    assert _gap_sev(pair_z=0.2, near_omission=True, best_alt=True) is Severity.WARNING


# -- low-chrf ----------------------------------------------------------------------------------------
def test_short_pairs_have_a_wider_chrf_spread():
    # a document of long pairs close to a weak re-translation, and one short clean paraphrase that shares no
    # n-gram with it: before, its chrF z counted at the full-length spread and low-chrf fired
    from translate.data import Translation

    long_src = ["Chính phủ đã công bố kế hoạch xây dựng một cây cầu mới qua sông Hồng trong năm tới."] * 8
    long_mt = ["De regering heeft plannen aangekondigd om volgend jaar een nieuwe brug over de Rode Rivier te bouwen."] * 8
    long_tgt = ["De regering kondigde plannen aan om volgend jaar een nieuwe brug over de Rode Rivier aan te leggen."] * 8
    src = long_src + ["Nhưng cuộc chơi thường không dễ dàng."]
    mt = long_mt + ["Maar het spel is meestal niet makkelijk."]
    tgt = long_tgt + ["Maar voetballen kan zwaar zijn."]
    s, t = _doc(src, tgt)
    al = Alignment([Link((i,), (i,)) for i in range(len(src))])
    tr = Translation(mt, list(range(len(src))), "test", "against")
    flags = flag(s, t, al, tr, score_pairs(t, al, tr), FlagConfig())
    assert "low-chrf" not in codes(flags), [f.message for f in flags if f.code == "low-chrf"]
    # an unrelated long sentence in the same document is still flagged
    tgt2 = list(tgt)
    tgt2[3] = "Gisteren vierden alle boeren in het dorp feest met muziek, dansen en veel eten op het plein."
    s, t = _doc(src, tgt2)
    flags = flag(s, t, al, tr, score_pairs(t, al, tr), FlagConfig())
    assert any(f.code == "low-chrf" and f.link == 3 and f.severity >= Severity.WARNING for f in flags)
    # a short pair whose length is off too (an independent sign) is judged at the document's own spread
    tgt3 = long_tgt + ["Ga aan de slag."]
    mt3 = long_mt + ["Op het veld en de wedstrijden waren heel erg goed vandaag."]
    tr3 = Translation(mt3, list(range(len(src))), "test", "against")
    s, t = _doc(src, tgt3)
    flags = flag(s, t, al, tr3, score_pairs(t, al, tr3), FlagConfig())
    assert any(f.code == "low-chrf" and f.link == 8 and f.severity >= Severity.WARNING for f in flags), \
        [f.message for f in flags if f.link == 8]


def test_an_added_number_standing_for_a_source_number_in_words_stays_an_error():
    # "thế kỷ XII" is a soft (Roman) number: the rendering's 14 may be its mistyped rendering
    flags = pair_flags("Nhà thờ được xây dựng vào thế kỷ XII.", "De kerk werd in de 14e eeuw gebouwd.")[0]
    assert next(f for f in flags if f.code == "number-mismatch").severity is Severity.ERROR
    flags = pair_flags("Có hai mươi người đến dự.", "Er kwamen 30 mensen.")[0]
    assert next(f for f in flags if f.code == "number-mismatch").severity is Severity.ERROR


# -- length-ratio -----------------------------------------------------------------------------------
def test_a_short_source_spelled_out_is_not_a_length_outlier():
    # "32% ủng hộ bà ra tranh cử." -> a full Dutch sentence: 3x longer, but the pair is far shorter than the
    # document's typical pair, whose log ratio varies more
    from translate.checks import LengthRatioCheck

    check, cfg = LengthRatioCheck(), FlagConfig()
    f = Finding(0, 3.1, "", [], {"z": 2.0, "use_z": True, "mt_agrees": False, "widen": 1.5})
    assert check.decide(f, cfg) is None
    f = Finding(0, 3.1, "", [], {"z": 2.0, "use_z": True, "mt_agrees": False, "widen": 1.0})
    assert check.decide(f, cfg) is Severity.WARNING  # a pair of typical length: still an outlier
    src = ["Chính phủ đã công bố kế hoạch xây dựng một cây cầu mới qua sông Hồng trong năm tới, "
           "sau nhiều tháng thảo luận với người dân địa phương."] * 7 + ["32% ủng hộ bà ra tranh cử."]
    tgt = ["De regering kondigde plannen aan om volgend jaar een nieuwe brug over de Rode Rivier aan te leggen, "
           "na maanden overleg met de bewoners."] * 7 + [
        "Tweeëndertig procent was er wel voor dat ze zich verkiesbaar zou stellen."]
    s, t = _doc(src, tgt)
    al = Alignment([Link((i,), (i,)) for i in range(len(src))])
    flags = flag(s, t, al, None, score_pairs(t, al, None), FlagConfig())
    assert "length-ratio" not in codes(flags), [f.message for f in flags if f.code == "length-ratio"]
    # the same document with a rendering cut short keeps its warning (no widening that way)
    tgt2 = list(tgt)
    tgt2[7] = "Een derde van de kiezers steunt haar."
    src2 = list(src)
    src2[7] = "Khoảng một phần ba số cử tri ở thành phố này ủng hộ bà ra tranh cử vào năm tới, theo một cuộc thăm dò mới."
    s, t = _doc(src2, tgt2)
    flags = flag(s, t, al, None, score_pairs(t, al, None), FlagConfig())
    assert "length-ratio" in codes(flags)


# -- repetition --------------------------------------------------------------------------------------
def test_a_repeat_the_source_makes_too_is_a_note():
    flags = pair_flags("\"Không, không, không.", "\"Nee, nee, nee, nee, nee.")[0]
    rep = [f for f in flags if f.code == "repetition"]
    assert rep and all(f.severity is Severity.INFO for f in rep), [(f.severity, f.message) for f in rep]
    # the same loop without the source's repetition is still an error
    flags = pair_flags("\"Không.", "\"Nee, nee, nee, nee, nee.")[0]
    assert any(f.code == "repetition" and f.severity is Severity.ERROR for f in flags)


def test_the_tail_of_a_hyphenated_name_is_no_double_word():
    flags = pair_flags("Ông gặp Moon Jae-in trong năm tháng vừa qua.", "Hij ontmoette Moon Jae-in in de afgelopen vijf maanden.")[0]
    assert "repetition" not in codes(flags), [f.message for f in flags]
    assert "repetition" in codes(pair_flags("Ông gặp ông ấy trong năm tháng.", "Hij ontmoette hem in in de afgelopen maanden.")[0])


def test_an_unrelated_sentence_with_numbers_in_a_split_pair_stays_a_warning():
    src = "Ý tưởng về trượt tuyết đã có từ rất lâu đời, từ 5000 năm trước Công nguyên."
    tgt = "Hij produceerde meer dan 1000 postzegels voor Zweden en nog 28 andere landen. Skiën bestaat al heel lang, sinds 5000 v.Chr."
    flags = pair_flags(src, tgt)[0]
    assert next(f for f in flags if f.code == "number-mismatch").severity is Severity.WARNING


def test_a_phrase_repeated_with_punctuation_between_is_a_repeat_a_doubled_word_is_rhetoric():
    src = "Dành cho các độc giả không phải là người bản địa xứ Wales thì: twp nghĩa là tạm bợ."
    flags = pair_flags(src, "Voor lezers buiten Wales: Voor lezers buiten Wales: twp is Welsh voor gek.")[0]
    assert any(f.code == "repetition" and f.severity >= Severity.WARNING for f in flags), [f.message for f in flags]
    flags = pair_flags("Đó là một ý tưởng tồi tệ, tồi tệ.", "Het is een vreselijk, vreselijk idee.")[0]
    assert "repetition" not in codes(flags), [f.message for f in flags]


def test_a_phrase_twice_in_a_sentence_whose_source_says_a_phrase_twice_is_a_note():
    # a list of places with the same measure: the source repeats its phrase, the rendering renders it
    src = ("Mật độ thấp được báo cáo ở Hạt Pinellas, mật độ từ thấp tới cao ở Hạt Manatee, "
           "mật độ từ thấp tới cao ở ngoài khơi của Hạt Sarasota.")
    tgt = ("Er zijn lage concentraties gemeld in Pinellas County, achtergrond- tot hoge concentraties in Manatee "
           "County, achtergrond- tot hoge concentraties voor de kust van Sarasota County.")
    rep = [f for f in pair_flags(src, tgt)[0] if f.code == "repetition"]
    assert rep and all(f.severity is Severity.INFO for f in rep), [(f.severity, f.message) for f in rep]
    assert "source repeats a phrase" in rep[0].message
    # the same rendering of a source that says it once is still a warning
    src1 = "Mật độ thấp được báo cáo ở Hạt Pinellas, và mật độ cao ở Hạt Manatee và ngoài khơi của Hạt Sarasota."
    rep = [f for f in pair_flags(src1, tgt)[0] if f.code == "repetition"]
    assert any(f.severity is Severity.WARNING for f in rep), [(f.severity, f.message) for f in rep]
