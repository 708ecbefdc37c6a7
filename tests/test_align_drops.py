"""Issue 14 (drops placed on a neighbour): which unit of a run was left out.

One skip discount for every heading-like unit (a label's word count says nothing
about whether it was left out), a merge split when the re-translation shows one
of its sentences is not in the rendering, and straight single quotes as quotes."""

from __future__ import annotations

import numpy as np

from translate.alignment.aligner import (AlignOptions, Unit, _anchors, _Problem, _sim_support, _trigram_counts, align,
                                         boilerplate_score)
from translate.data import Translation

from tests.test_align import assert_complete, links, seg


def test_heading_like_units_share_one_skip_discount():
    # 1 and 4 Vietnamese words (syllables): boilerplate 0.7 and 0.5, but as
    # labels in a list they are equally likely to be the one left out
    short, long_ = "Tên", "Hiển thị phiên bản"
    assert boilerplate_score(short) == 0.7 and boilerplate_score(long_) == 0.5
    units = [Unit(len(t), text=t) for t in (short, long_)]
    opt = AlignOptions()
    p = _Problem(units, units, opt, None, None, None)
    base = opt.skip_cost + opt.skip_length_weight * np.log1p([len(short), len(long_)])
    # only the length term differs
    assert np.allclose(p.skip_s / base, (1 - 0.75 * opt.skip_heading_chrome))
    old = _Problem(units, units, AlignOptions(skip_heading_chrome=-1.0), None, None, None)
    assert old.skip_s[1] - old.skip_s[0] > 2 * (p.skip_s[1] - p.skip_s[0])
    # running text keeps its own (no) discount
    sent = Unit(40, text="Hôm nay trời mưa rất to ở Hà Nội và Huế.")
    assert _Problem([sent], [sent], opt, None, None, None).skip_s[0] == \
        _Problem([sent], [sent], AlignOptions(skip_heading_chrome=-1.0), None, None, None).skip_s[0]


def test_the_label_left_out_of_a_list_is_found_by_lengths_not_word_count():
    """Three UI labels on their own lines, the last one left out of the rendering.
    The lengths say so (the 3-letter label pairs with the 14-letter Dutch one about
    as well as the 30-letter one would, and the 30-letter one fits its Dutch label
    far better); before, the one-word label's larger discount dropped it instead
    and paired every label after it one off."""
    s = seg([["Tên"], ["Địa chỉ mạng không được hỗ trợ"], ["Hiển thị phiên bản"]])
    t = seg([["Volledige naam"], ["Netwerkadres niet ondersteund"]], "tgt", "nl")
    a = align(s, t)
    assert_complete(a, s, t)
    assert links(a) == [((0,), (0,)), ((1,), (1,)), ((2,), ())]
    before = align(s, t, options=AlignOptions(skip_heading_chrome=-1.0))
    assert links(before) == [((0,), ()), ((1,), (0,)), ((2,), (1,))]


# a short quote left out after a sentence the rendering expanded: by lengths and
# priors the quote is glued onto its neighbour (2:1); the re-translation of the
# quote shares almost nothing with the rendering
_SRC = [["Bà Lan cho biết bệnh viện tỉnh sẽ mở thêm hai khoa mới vào năm sau.", "\"Chúng tôi cần thêm bác sĩ,\" bà nói."]]
_RET = ["Lan zei dat het provinciale ziekenhuis volgend jaar twee nieuwe afdelingen opent.",
        "\"We hebben meer artsen nodig,\" zei ze."]
_TGT = [["Volgens mevrouw Lan opent het provinciale ziekenhuis volgend jaar twee nieuwe afdelingen, waarvoor de "
         "provincie extra geld heeft vrijgemaakt uit het gezondheidsbudget."]]


def test_merge_with_a_sentence_the_rendering_does_not_support_is_a_drop():
    s, t = seg(_SRC), seg(_TGT, "tgt", "nl")
    tr = Translation(texts=_RET, groups=[0, 1], system="test")
    a = align(s, t, tr)
    assert_complete(a, s, t)
    assert links(a) == [((0,), (0,)), ((1,), ())]
    assert a.skip_gaps[1] == 0.0  # the omission check sees the 1:0
    glued = align(s, t, tr, AlignOptions(split_unsupported=False))
    assert links(glued) == [((0, 1), (0,))]
    # without a re-translation there is nothing to tell: the merge stays
    assert links(align(s, t)) == [((0, 1), (0,))]


def test_a_poor_retranslation_of_a_merged_sentence_with_its_name_in_the_rendering_is_kept():
    """The rendering merged a short remark with the quote after it; the
    re-translation of the remark is poor (nearly no trigram in common), but its
    name is in the rendering: a merge, not a drop. The same rendering without the
    name is read as the remark left out."""
    src = [["Ông Hùng đáp lại bằng một câu đùa.", "\"Tôi vẫn chưa nghỉ hưu đâu.\""]]
    ret = ["Hij gaf antwoord met spot.", "\"Ik ben nog niet met pensioen.\""]
    tgt = "Hùng grapte dat hij nog lang niet met pensioen is."
    sim, support = _sim_support(_trigram_counts(ret[0]), _trigram_counts(tgt))
    assert sim < AlignOptions().similarity_floor and support < 0.3  # unsupported by trigrams alone
    tr = Translation(texts=ret, groups=[0, 1], system="test")
    s = seg(src)
    t = seg([[tgt]], "tgt", "nl")
    assert links(align(s, t, tr)) == [((0, 1), (0,))]
    t2 = seg([[tgt.replace("Hùng grapte", "De oud-minister grapte")]], "tgt", "nl")
    assert links(align(s, t2, tr)) == [((0,), ()), ((1,), (0,))]


def test_straight_single_quotes_are_quotes():
    # Vietnamese news often quotes with ASCII apostrophes, Dutch with ‘ ’
    assert "p:q" in _anchors("Bắc Triều Tiên tuyên bố 'không đời nào' đơn phương giải trừ vũ khí", "vi")
    assert "p:q" in _anchors("Noord-Korea zegt ‘in geen geval’ eenzijdig te ontwapenen", "nl")
    assert "p:q" in _anchors("Hij noemde het plan 'onzin'.", "nl")
    # a quote that closes a sentence after the one it opened in, as ” does
    assert "p:q" in _anchors("Maar we moeten allemaal doorgaan en blijven vechten.'", "nl")
    assert "p:q" in _anchors("Nhưng tất cả chúng tôi vẫn tiếp tục sống và chiến đấu với nó.”", "vi")
    # an apostrophe inside a word or before one is no quote
    assert "p:q" not in _anchors("Sainsbury's verdubbelt het aanbod van schoonheidsproducten.", "nl")
    assert "p:q" not in _anchors("'s Avonds is de winkel tot tien uur open.", "nl")
    assert "p:q" not in _anchors("De collega's van het ziekenhuis werken 's nachts door.", "nl")


def test_a_merged_sentence_with_far_less_support_than_the_rest_is_a_drop(monkeypatch):
    """The rendering left out the second sentence and says more about the first.
    The second's re-translation shares common Dutch trigrams with the rendering
    (" de ", "van de provincie"): over the absolute floors, so the first rule keeps
    the merge; but it finds less than half the support the first sentence finds."""
    import translate.alignment.aligner as aligner

    src = [["Bà Lan cho biết bệnh viện tỉnh sẽ mở thêm hai khoa mới vào năm sau.",
            "Các bác sĩ trẻ của tỉnh sẽ được đào tạo thêm ở nước ngoài."]]
    ret = ["Lan zei dat het provinciale ziekenhuis volgend jaar twee nieuwe afdelingen opent.",
           "De jonge artsen van de provincie worden verder opgeleid in het buitenland."]
    tgt = ("Volgens mevrouw Lan opent het provinciale ziekenhuis volgend jaar twee nieuwe afdelingen, waarvoor de "
           "provincie extra geld heeft vrijgemaakt uit het budget van de gezondheidszorg.")
    _sim, sup_kept = _sim_support(_trigram_counts(ret[0]), _trigram_counts(tgt))
    sim, sup = _sim_support(_trigram_counts(ret[1]), _trigram_counts(tgt))
    assert sim >= AlignOptions().similarity_floor and sup >= 0.3 and sup < 0.5 * sup_kept
    tr = Translation(texts=ret, groups=[0, 1], system="test")
    s, t = seg(src), seg([[tgt]], "tgt", "nl")
    assert links(align(s, t, tr)) == [((0,), (0,)), ((1,), ())]
    monkeypatch.setattr(aligner, "SPLIT_RATIO", 0.0)
    assert links(align(s, t, tr)) == [((0, 1), (0,))]


def test_the_last_sentence_of_a_paragraph_left_out_is_no_dearer_than_one_in_the_middle():
    """The rendering leaves out the last sentence of a paragraph; the sentence
    before it fits the remaining rendering better by length. Before, the pair
    ending one sentence short of the source's paragraph break paid the full
    boundary penalty (1.0), while leaving out the middle sentence paid none, so the
    1:0 moved onto the neighbour and the last sentence took its rendering."""
    s = seg([["Khủng long bạo chúa sống cách đây khoảng 68 triệu năm ở Bắc Mỹ.",
              "Chúng có hàm răng rất lớn và sắc như dao.",
              "Chúng có thể chạy nhanh hơn một chiếc xe đạp."],
             ["Các nhà khoa học vẫn tranh luận về việc chúng săn mồi hay ăn xác."]])
    t = seg([["Tyrannosaurussen leefden ongeveer 68 miljoen jaar geleden in Noord-Amerika.",
              "Ze hadden zeer grote en scherpe tanden."],
             ["Wetenschappers discussiëren nog of ze jaagden of aaseters waren."]], "tgt", "nl")
    a = align(s, t)
    assert_complete(a, s, t)
    assert links(a) == [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,))]
    assert a.skip_gaps[2] == 0.0
    before = align(s, t, options=AlignOptions(skip_boundary_refund=False))
    assert links(before) == [((0,), (0,)), ((1,), ()), ((2,), (1,)), ((3,), (2,))]
