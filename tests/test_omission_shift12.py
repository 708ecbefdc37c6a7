"""Issue 12, omission false alarms with no model: a Dutch "13-jarige" is the number 13 to the aligner."""

from __future__ import annotations

from translate.text.anchors import anchor_set


def test_a_number_with_a_lower_case_suffix_is_a_number_anchor():
    # "85-jarige" (85-year-old) is the 85 of "85 tuổi", not a code the source lacks
    assert "n:85" in anchor_set("Brand in Da Nang: 85-jarige vrouw gered", "nl")
    assert not any(a.startswith("c:") for a in anchor_set("Brand in Da Nang: 85-jarige vrouw gered", "nl"))
    assert "n:85" in anchor_set("Hỏa hoạn ở Đà Nẵng: cụ bà 85 tuổi được cứu", "vi")
    # a document code keeps its capitals and stays a code
    assert "c:16-du/tu" in anchor_set("Project 16-DU/TU werd uitgegeven.", "nl")
