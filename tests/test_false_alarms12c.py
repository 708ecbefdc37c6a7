"""Clean false alarms end to end (issue 12, third round, branch h12free): each test fails without its fix.

Measured with eval/flags.py and a per-flag dump of the same reviews; see docs/flags.md
"Clean false alarms, third round"."""

from __future__ import annotations

from translate.checks.config import FlagConfig
from translate.checks.flag import flag
from translate.data import Alignment, Link, Severity
from translate.read.document import document_from_text
from translate.score import score_pairs
from translate.text.segment import segment_document

from helpers.checks import CLEAN_PAIRS


def _doc(src: list[str], tgt: list[str]):
    s = segment_document(document_from_text("\n\n".join(src), lang="vi"), "src", "vi")
    t = segment_document(document_from_text("\n\n".join(tgt), lang="nl"), "tgt", "nl")
    return s, t


# -- omission alternatives next to a broken rendering ------------------------------------------------
_LAST = ("Người dân được khuyên ở trong nhà cho đến khi có thông báo mới.", None)


def _omission_doc(english_at_2: bool):
    pairs = list(CLEAN_PAIRS[:5])
    if english_at_2:  # the rendering of pair 2 left in English (a wrong-language pair)
        pairs[2] = (pairs[2][0], "Thousands of people took part in the traditional festival in the city.")
    src = [p[0] for p in pairs] + [_LAST[0]]
    s, t = _doc(src, [p[1] for p in pairs])
    # pairs 0-4 are 1:1, the last source sentence is a 1:0; leaving out sentence 3 instead would cost
    # almost the same (skip gap 0.3): the omission check names it as the possible missing one
    links = [Link((i,), (i,)) for i in range(5)] + [Link((5,), ())]
    al = Alignment(links, skip_gaps={5: 0.0, 3: 0.3})
    return flag(s, t, al, None, score_pairs(t, al, None), FlagConfig())


def test_an_omission_alternative_next_to_a_broken_rendering_is_a_note():
    flags = _omission_doc(english_at_2=True)
    assert any(f.code == "wrong-language" and f.link == 2 and f.severity >= Severity.WARNING for f in flags)
    alt = next(f for f in flags if f.code == "omission" and f.link == 3)
    assert alt.severity is Severity.INFO, alt.message
    assert "broken rendering (wrong-language)" in alt.message
    # the 1:0 itself is untouched
    assert next(f for f in flags if f.code == "omission" and f.link == 5).severity >= Severity.WARNING


def test_an_omission_alternative_in_a_sound_neighbourhood_stays_a_warning():
    alt = next(f for f in _omission_doc(english_at_2=False) if f.code == "omission" and f.link == 3)
    assert alt.severity is Severity.WARNING, alt.message


# -- a quantity restated in parentheses ---------------------------------------------------------------
import pytest  # noqa: E402

from helpers.checks import codes, pair_flags  # noqa: E402


@pytest.mark.parametrize("src,tgt", [
    # the conversion into another currency left out
    ("Dự án được cho là đã đội vốn lên tới con số €3,1 tỷ ($3,6 tỷ), trong khi chi phí ban đầu là €2,2 tỷ.",
     "Men zegt dat dit € 3,1 miljard heeft bereikt, ten opzichte van de oorspronkelijke € 2,2 miljard."),
    # the conversion into imperial units left out
    ("Những con sóng cao tới sáu mét (18 feet) ập vào bờ vào lúc hoàng hôn.",
     "Golven van wel zes meter hoog sloegen aan land toen het begon te schemeren."),
    # the rendering keeps the parenthesised (metric) form and leaves out the first
    ("Núi lửa cách 45 dặm (72 km) về phía Đông Nam thủ đô.", "De vulkaan ligt op 72 kilometer ten zuidoosten van de hoofdstad."),
    ("Một người nặng 200 pao (90kg) trên Trái Đất sẽ nặng khoảng 36 pao (16kg) trên Io.",
     "Een persoon die op aarde 90 kg weegt, zou op Io ongeveer 16 kg wegen."),
])
def test_a_quantity_restated_in_parentheses_given_once_is_a_note(src, tgt):
    flags = pair_flags(src, tgt)[0]
    assert "number-mismatch" not in codes(flags), [f.message for f in flags]
    f = next(f for f in flags if f.code == "number-mismatch")
    assert f.severity is Severity.INFO and "restates a quantity in parentheses" in f.message


@pytest.mark.parametrize("src,tgt", [
    # both forms lost, or one changed: a real difference
    ("Núi lửa cách 45 dặm (72 km) về phía Đông Nam thủ đô.", "De vulkaan ligt op 73 kilometer ten zuidoosten van de hoofdstad."),
    ("Dự án đã đội vốn lên tới con số €3,1 tỷ ($3,6 tỷ).", "Het project kostte uiteindelijk € 3,4 miljard en nog wat."),
    # a number in parentheses that is no restatement ("(2018)")
    ("Chi phí là 3,1 tỷ đồng năm ngoái (2018) theo báo cáo.", "De kosten waren vorig jaar 3,1 miljard dong volgens het rapport."),
])
def test_a_number_lost_beside_parentheses_is_still_flagged(src, tgt):
    assert "number-mismatch" in codes(pair_flags(src, tgt)[0])


def test_a_source_in_both_unit_systems_is_no_conversion():
    # "12,8 km tức 8 dặm" gives both systems: a rendering in one of them converted nothing, and the
    # metric number dropped from it is a dropped number (before: any difference of the system sets passed)
    flags = pair_flags("Tàu sẽ di chuyển với vận tốc khoảng 12,8 km tức 8 dặm mỗi giây.",
                       "De capsule reist met een snelheid van km of 8 mijl per seconde.")[0]
    assert "number-mismatch" in codes(flags)
    # a real conversion (one system each side) still passes
    assert "number-mismatch" not in codes(pair_flags("Con cá nặng 650 pound khi được bắt.", "De vis woog 300 kg toen hij werd gevangen.")[0])


# -- alternatives to a split pair (a 1:0 beside a 0:1) -----------------------------------------------
def _split_doc(split: bool):
    pairs = list(CLEAN_PAIRS[:6])
    pairs[5] = (pairs[5][0], "De centrale bank houdt de.")  # the last rendering cut short
    s, t = _doc([p[0] for p in pairs], [p[1] for p in pairs])
    links = [Link((i,), (i,)) for i in range(5)]
    # split: the alignment leaves the last source sentence 1:0 and its (bad) rendering 0:1 beside it;
    # otherwise the rendering is not there at all
    links += [Link((5,), ()), Link((), (5,))] if split else [Link((5,), ())]
    if not split:
        t = segment_document(document_from_text("\n\n".join(p[1] for p in pairs[:5]), lang="nl"), "tgt", "nl")
    al = Alignment(links, skip_gaps={5: 0.0, 4: 0.4})
    return flag(s, t, al, None, score_pairs(t, al, None), FlagConfig())


def test_an_alternative_to_a_split_pair_is_a_note():
    flags = _split_doc(split=True)
    alt = next(f for f in flags if f.code == "omission" and f.link == 4)
    assert alt.severity is Severity.INFO and "unpaired rendering beside it" in alt.message, alt.message
    assert next(f for f in flags if f.code == "omission" and f.link == 5).severity >= Severity.WARNING


def test_an_alternative_to_a_plain_omission_stays_a_warning():
    alt = next(f for f in _split_doc(split=False) if f.code == "omission" and f.link == 4)
    assert alt.severity is Severity.WARNING, alt.message


def test_a_merged_sentence_of_punctuation_alone_is_a_note():
    # "... ngành công nghiệp sữa. \"": the closing quote is a sentence of its own, merged into the pair
    s, t = _doc(["Chính phủ cho biết kế hoạch sẽ được công bố vào tuần tới. \"", "Các chuyên gia nói rằng nền kinh tế đang phục hồi."],
                ["De regering zei dat het plan volgende week wordt bekendgemaakt.\"", "Deskundigen zeggen dat de economie herstelt."])
    quote = next(x.index for x in s.segments if x.text.strip() == "\"")
    al = Alignment([Link((0, quote), (0,)), Link((2,), (1,))], skip_gaps={quote: 0.2})
    om = [f for f in flag(s, t, al, None, score_pairs(t, al, None), FlagConfig()) if f.code == "omission"]
    assert om and all(f.severity is Severity.INFO for f in om), [(f.severity, f.message) for f in om]


def test_a_lone_1_missing_is_a_note_a_changed_1_is_not():
    for src, tgt in [("Menga ghi bàn bảy phút trước khi kết thúc hiệp 1.", "Menga scoorde zeven minuten voor de rust."),
                     ("Nào, hãy đợi 1 phút.", "Wacht even.")]:
        flags = pair_flags(src, tgt)[0]
        assert "number-mismatch" not in codes(flags), [f.message for f in flags]
        assert any(f.code == "number-mismatch" and "only a 1" in f.message for f in flags)
    # a 1 changed into another number, or lost with another number, stays an error
    assert "number-mismatch" in codes(pair_flags("Nào, hãy đợi 1 phút.", "Wacht 4 minuten.")[0])
    assert "number-mismatch" in codes(pair_flags("Đội thắng 1 trận và hòa 3 trận.", "Het team won en speelde gelijk.")[0])
    # ... nor when the rendering has a Roman numeral the readings miss, which may be the 1 changed
    assert "number-mismatch" in codes(pair_flags("Ông nhận huân chương trong Thế chiến 1.", "Hij kreeg de medaille in WO II.")[0])
