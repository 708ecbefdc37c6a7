"""Issue 14 (drops placed on a neighbour, no model): names of the source that are
no Vietnamese word (the foreign channel of the aligner).

Every Vietnamese word is one syllable, so a capitalised word in plain Latin
letters that is no Vietnamese syllable ("Rangers", "Phoenix", "Singh") is a name
or term from another language, and a rendering keeps it. A sentence left out and
glued onto its neighbour's link, or paired with its neighbour's rendering, shows
such names missing from the rendering it was paired with."""

from __future__ import annotations

from translate.alignment.aligner import AlignOptions, Unit, _anchors, _foreign_keys, _link_cost, _Problem, align

from tests.test_align import assert_complete, links, seg

OFF = AlignOptions(foreign_weight=0.0)


def test_foreign_keys_are_names_that_are_no_vietnamese_syllable():
    keys = _foreign_keys("Trước đó, Rangers tiếp đón Rapid Vienna tại giải Europa League vào thứ Năm.", "vi")
    assert keys == {"f:rang", "f:rapi", "f:vien", "f:euro", "f:leag"}
    # Vietnamese names written without tone marks are syllables ("Anh", "Trung",
    # "Nam", "Nguyen"), so is a hyphenated transliteration ("La-tinh"), and a name
    # with Vietnamese letters is Vietnamese ("Hà Nội")
    assert _foreign_keys("Ông Nguyen Van Anh sống ở Hà Nội, Trung Quốc và Nam Phi, học tiếng La-tinh.", "vi") == frozenset()
    # acronyms and names of several syllables are foreign
    assert _foreign_keys("Ông Singh nói với BBC rằng NATO sẽ họp ở Oslo.", "vi") == {"f:sing", "f:bbc", "f:nato", "f:oslo"}
    # lower-case words, URLs and @mentions are left to other channels; a line
    # with no Vietnamese letter (an English passage inside the source) has none
    assert _foreign_keys("xem thêm tại https://example.com/Report và @Reuters nhé", "vi") == frozenset()
    assert _foreign_keys("The Ministry said on Monday that Rangers would play.", "vi") == frozenset()
    # the rendering: every word of three letters or more, and the parts of a
    # compound, by their first four letters ("Indonesia" meets "Indonesië")
    nl = _foreign_keys("TLS-ondersteuning in Indonesië bij Sainsbury's", "nl")
    assert {"g:tls", "g:onde", "g:indo", "g:sain"} <= nl
    assert "f:indo" in _foreign_keys("Động đất mạnh ở Indonesia.", "vi")
    # the keys travel with the aligner's anchors
    assert "f:sing" in _anchors("Sau đó, Lakkha Singh hát.", "vi")


def test_a_kept_foreign_name_costs_nothing_a_missing_one_costs():
    src = "Cơn bão Rosa sẽ đi qua Phoenix vào thứ Ba."
    kept = "Storm Rosa trekt dinsdag over Phoenix."
    other = "Bewoners moeten binnen blijven."
    s = [Unit(len(src), _anchors(src, "vi"), src)]
    opt = AlignOptions()
    for t, extra in ((kept, 0.0), (other, min(2, opt.foreign_cap) * opt.foreign_weight)):
        tt = [Unit(len(t), _anchors(t, "nl"), t)]
        on = _link_cost(_Problem(s, tt, AlignOptions(), None, None, None), 0, 1, 0, 1)
        off = _link_cost(_Problem(s, tt, OFF, None, None, None), 0, 1, 0, 1)
        assert abs(on - off - extra) < 1e-9


def test_a_dropped_sentence_with_a_foreign_name_is_not_put_on_its_neighbour():
    """A sentence left out in the middle of a paragraph, next to one of similar
    length whose rendering is long: by lengths the drop goes to the neighbour and
    the dropped sentence takes the neighbour's rendering; the names of the dropped
    one (Macron, Rutte, Paris) are not in that rendering."""
    s = seg([["Các phóng viên đã chờ đợi bên ngoài suốt buổi sáng.",
              "Tổng thống Macron đã gặp Thủ tướng Rutte tại Paris vào sáng thứ Hai.",
              "Hai bên đã thảo luận về ngân sách chung và vấn đề di cư.",
              "Cuộc họp kéo dài hơn ba tiếng đồng hồ."]])
    t = seg([["De verslaggevers wachtten de hele ochtend buiten.",
              "Beide partijen bespraken urenlang de gemeenschappelijke begroting en de migratie.",
              "De bijeenkomst duurde meer dan drie uur."]], "tgt", "nl")
    a = align(s, t)
    assert_complete(a, s, t)
    assert links(a) == [((0,), (0,)), ((1,), ()), ((2,), (1,)), ((3,), (2,))]
    assert links(align(s, t, options=OFF)) == [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,))]


def test_a_dropped_quote_with_a_foreign_name_is_not_glued_onto_its_neighbour():
    """A short attribution left out after a long sentence the rendering made longer:
    by lengths and priors it is glued on (2:1); its speaker (Fischer) is not in the
    rendering. When the rendering keeps the quote, it pairs with it."""
    s = seg([["Ông cho biết thêm rằng việc Siemens thông báo với Reuters rằng họ sẽ tạm dừng sản xuất tại nhà máy "
              "ở Erlangen nếu thỏa thuận thương mại không được gia hạn là điều \"rất đáng lo ngại\".",
              "\"Chúng tôi cần sự chắc chắn,\" ông Fischer nói.",
              "Các nhà sản xuất khác cũng cảnh báo rằng sự chậm trễ tại biên giới có thể khiến hàng nghìn người mất "
              "việc làm."]])
    first = ("Hij voegde eraan toe dat het 'zeer zorgwekkend' was dat Siemens aan Reuters had laten weten de productie "
             "in de fabriek in Erlangen stil te leggen als het handelsakkoord niet werd verlengd in de buurt van Neurenberg.")
    last = "Andere fabrikanten waarschuwden ook dat vertragingen aan de grens duizenden banen kunnen kosten."
    t = seg([[first, last]], "tgt", "nl")
    a = align(s, t)
    assert_complete(a, s, t)
    assert links(a) == [((0,), (0,)), ((1,), ()), ((2,), (1,))]
    assert links(align(s, t, options=OFF)) == [((0, 1), (0,)), ((2,), (1,))]
    kept = seg([[first, "'We hebben zekerheid nodig,' zei Fischer.", last]], "tgt", "nl")
    assert links(align(s, kept)) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]


def test_no_foreign_cost_the_other_way_round():
    """One-sided: a Dutch source aligned to a Vietnamese rendering has no ``f:`` keys."""
    src = "Storm Rosa trekt dinsdag over Phoenix."
    tgt = "Người dân nên ở trong nhà."
    s = [Unit(len(src), _anchors(src, "nl"), src)]
    tt = [Unit(len(tgt), _anchors(tgt, "vi"), tgt)]
    on = _link_cost(_Problem(s, tt, AlignOptions(), None, None, None), 0, 1, 0, 1)
    off = _link_cost(_Problem(s, tt, OFF, None, None, None), 0, 1, 0, 1)
    assert on == off
