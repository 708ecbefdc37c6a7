"""Issue 12, omission false alarms with no model: a damaged rendering must not shift its clean
neighbour into a 1:0, and a Dutch "13-jarige" is the number 13 to the aligner."""

from __future__ import annotations

from test_align import links, seg

from translate.alignment.aligner import AlignOptions, align
from translate.text.anchors import anchor_set

# four news sentences, one paragraph per line as a pasted article has them
SRC = ["Ủy ban thành phố đã họp vào sáng thứ Hai để bàn về kế hoạch xây dựng cây cầu mới.",
       "Các đại biểu cho rằng dự án sẽ giúp giảm ùn tắc giao thông ở khu vực trung tâm.",
       "Tuy nhiên, nhiều người dân vẫn lo ngại về chi phí và tác động đến môi trường xung quanh con sông.",
       "Quyết định cuối cùng sẽ được đưa ra vào cuối năm nay sau khi lấy ý kiến công chúng."]
NL = ["Het stadsbestuur kwam maandagochtend bijeen om het plan voor een nieuwe brug te bespreken.",
      "De afgevaardigden vonden dat het project de files in het centrum zou helpen verminderen.",
      "Toch maken veel bewoners zich.",  # the rendering of the third sentence is cut short
      "Het definitieve besluit volgt eind dit jaar, na een openbare raadpleging."]


def test_a_truncated_rendering_does_not_push_its_clean_neighbour_into_a_1_to_0():
    s, t = seg([[x] for x in SRC]), seg([[x] for x in NL], "tgt", "nl")
    # the cheapest path pairs the cut sentence with its own rendering and the next one's (1:2) and
    # calls the clean last sentence dropped
    assert links(align(s, t, options=AlignOptions(shift_window=0)))[2:] == [((2,), (2, 3)), ((3,), ())]
    # read without the skip, each sentence keeps its own rendering: the truncated pair is left to
    # the truncation checks, and the clean sentence gets no omission error
    assert links(align(s, t)) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,))]


def test_a_real_drop_beside_a_split_sentence_stays_a_drop():
    """The third sentence is left out and the fourth rendered as two sentences: the reading without
    a skip would pair the dropped sentence with half of the fourth's rendering, which holds the
    fourth's number and costs far more: the 1:0 stays where it is."""
    src = SRC[:2] + ["Nhiều người dân vẫn lo ngại về chi phí và tác động đến môi trường.",
                     "Cây cầu dài 1.200 mét với bốn làn xe, dự kiến hoàn thành vào cuối năm 2027."]
    nl = NL[:2] + ["De brug wordt 1.200 meter lang en krijgt vier rijstroken.", "Ze moet eind 2027 klaar zijn."]
    s, t = seg([[x] for x in src]), seg([[nl[0]], [nl[1]], nl[2:]], "tgt", "nl")
    assert links(align(s, t)) == [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2, 3))]


def test_a_number_with_a_lower_case_suffix_is_a_number_anchor():
    # "85-jarige" (85-year-old) is the 85 of "85 tuổi", not a code the source lacks
    assert "n:85" in anchor_set("Brand in Da Nang: 85-jarige vrouw gered", "nl")
    assert not any(a.startswith("c:") for a in anchor_set("Brand in Da Nang: 85-jarige vrouw gered", "nl"))
    assert "n:85" in anchor_set("Hỏa hoạn ở Đà Nẵng: cụ bà 85 tuổi được cứu", "vi")
    # a document code keeps its capitals and stays a code
    assert "c:16-du/tu" in anchor_set("Project 16-DU/TU werd uitgegeven.", "nl")
