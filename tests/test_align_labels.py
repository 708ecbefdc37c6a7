"""Issue 14 (end to end, help pages): headings glued onto their body by length,
list markers and capitals as anchors, names in compounds and after list markers,
heading-like units paired with each other, English passages in the Vietnamese."""

from __future__ import annotations

import numpy as np

from translate.alignment.aligner import AlignOptions, _anchors, _glue_fits, _glue_matrix, align, glue_points, glued_heading
from translate.text.anchors import names
from translate.text.segment import sentence_spans

from tests.test_align import PAIRS, seg


def test_glue_points_are_capitals_after_a_content_word():
    t = "Ongeldige tekenklassenaam Gedurende de jaren 60 werkte hij voor Kennedy."
    assert [t[:g] for g in glue_points(t)] == ["Ongeldige tekenklassenaam"]
    # a name after a preposition, the second word of a name, a number: no glue points
    assert glue_points("Hij zei dat de relatie met Kim beter werd.") == ()
    assert glue_points("En nu een pagina uit de almanak van onze ‘Sunday Morning’: 30 september 1882.") == ()
    # a unit opening in lower case is no heading glued onto anything
    assert glue_points("nu hebben we een fantastische relatie met Kim.") == ()


def test_glue_fits_by_lengths():
    body_vi = "Trong suốt thập niên 1960, Brzezinski làm việc cho John F. Kennedy trong vai trò cố vấn và sau đó."
    head_vi = "Sai tên hạng ký tự"
    plain = "Gedurende de jaren 60 werkte Brzezinski voor John F. Kennedy als adviseur en daarna voor president Johnson."
    glued = "Ongeldige tekenklassenaam " + plain

    def fits(t: str) -> bool:
        return bool(_glue_fits(_glue_matrix([t]), np.array([len(t)], float), np.array([len(head_vi)], float),
                               np.array([len(body_vi)], float), 1.077, 7.11)[0])

    assert not glued_heading(glued)  # "Gedurende" is no listed opener: only the lengths see it
    assert fits(glued)
    assert not fits(plain)


def test_heading_glued_onto_a_body_that_opens_with_any_word_is_a_merge():
    # "Lỗi đống" (Stack-fout) glued onto a body that opens with a name, not a listed
    # sentence opener: before, the short heading was called dropped (1:0) and its
    # body paired with the glued unit
    src = seg([["Lỗi đống"], [PAIRS[3][0], PAIRS[4][0]]])
    tgt = seg([["Stack-fout " + PAIRS[3][1], PAIRS[4][1]]], "tgt", "nl")
    assert not glued_heading(tgt.segments[0].text)
    links = [(lk.src, lk.tgt) for lk in align(src, tgt).links]
    assert links == [((0, 1), (0,)), ((2,), (1,))]


def test_list_markers_and_capitals_are_anchors():
    assert "p:li" in _anchors("- Sai nén dữ liệu", "vi") and "p:li" in _anchors("• Segmentatiefout", "nl")
    assert "p:li" in _anchors("2. Yêu cầu thông tin", "vi")
    assert "p:li" not in _anchors("-5 độ vào ban đêm", "vi")
    assert "p:caps" in _anchors("LỆNH", "vi") and "p:caps" in _anchors("OPDRACHT", "nl")
    assert "p:caps" not in _anchors("Không hỗ trợ TLS", "vi")


def test_label_list_with_a_drop_keeps_markers_and_capitals_paired():
    # a block of labels, one ("Quá lãng phí") missing from the rendering: the
    # capitals of LỆNH / OPDRACHT say where the list resumes
    src = seg([["Biểu thức chính quy không hợp lệ"], ["Không thể ràng buộc ổ cắm"], ["Quá lãng phí"], ["LỆNH"]])
    tgt = seg([["Ongeldige reguliere expressie"], ["Kon geen socket binden"], ["OPDRACHT"]], "tgt", "nl")
    links = [(lk.src, lk.tgt) for lk in align(src, tgt).links]
    assert ((3,), (2,)) in links and ((2,), ()) in links


def test_names_in_compounds_after_markers_and_at_sentence_start():
    assert names("TLS-ondersteuning niet beschikbaar") == {"tls": 1}
    assert names("Không hỗ trợ TLS") == {"tls": 1}
    assert names("GApplication-opties tonen") == {"gapplication": 1}
    assert names("Hiển thị tùy chọn GApplication") == {"gapplication": 1}
    assert dict(names("Een Schengen-visum voor Rutte")) == {"schengen-visum": 1, "schengen": 1, "rutte": 1}
    assert not names("- Sai nén dữ liệu") and not names("• Segmentatiefout")
    assert not names("OPDRACHT") and not names("Hij zei dat")  # capitals alone or sentence case are no name


def test_heading_like_units_pair_without_the_word_count_step():
    # a 4-syllable Vietnamese label (score 0.5) and its 3-word Dutch rendering (0.7)
    # are both heading-like: pairing them costs no boilerplate difference
    from translate.alignment.aligner import Unit, _Problem, _band, _beads, boilerplate_score

    a, b = "Không hỗ trợ TLS", "TLS-ondersteuning niet beschikbaar"
    assert boilerplate_score(a) != boilerplate_score(b)
    opt = AlignOptions(use_anchors=False, use_length=False)
    p = _Problem([Unit(len(a), text=a)], [Unit(len(b), text=b)], opt, None, None, None)
    bd = _band(p, np.zeros(2, dtype=np.int64), np.ones(2, dtype=np.int64), _beads(opt))
    assert bd.rc[1, bd.bead_list.index((1, 1)), 1] == 0.0


def test_english_passage_in_the_vietnamese_is_split_with_english_abbreviations():
    t = "The road was closed while services freed the driver from the red Audi TT. He was initially hospitalised."
    assert [t[a:b] for a, b in sentence_spans(t, 0, len(t), "vi")] == [
        "The road was closed while services freed the driver from the red Audi TT.", "He was initially hospitalised."]
    v = "Ông đến TP. Hồ Chí Minh hôm qua và làm việc với các cơ quan chức năng của thành phố."
    assert len(sentence_spans(v, 0, len(v), "vi")) == 1  # Vietnamese keeps its own abbreviations


def test_mentions_urls_hashtags_and_emoji_are_anchors():
    a = _anchors("@linh.nguyen việc đầu tư https://t.co/x8Kq2LmZ 😂👍 #tinnong", "vi")
    assert {"w:@linh.nguyen", "w:https://t.co/x8kq2lmz", "w:#tinnong", "w:😂", "w:👍"} <= a
    assert not any(x.startswith("w:@") for x in _anchors("Mail ons op info@example.com.", "nl"))


def test_posts_without_punctuation_keep_their_mentions_paired():
    # one post per line, the third missing from the rendering: the @mention and the
    # emoji the rendering copied say which one
    src = seg([["@tuanpham Tôi không từ bỏ gì cả 😢"], ["@vnexpress Ông đề cập rằng ông Kim quan tâm đến việc này"],
               ["@quang_dev Nhưng các cuộc đàm phán phi hạt nhân hóa đã bị đình trệ 🔥"],
               ["@minhanh_92 Hàng triệu người có thể sẽ bị giết nếu chiến tranh nổ ra"]])
    tgt = seg([["@tuanpham Ik heb niets opgegeven 😢"], ["@vnexpress Hij voegde eraan toe dat Kim hierin geïnteresseerd is"],
               ["@minhanh_92 Miljoenen mensen zouden gedood kunnen worden als er oorlog uitbreekt"]], "tgt", "nl")
    links = [(lk.src, lk.tgt) for lk in align(src, tgt).links]
    assert links == [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,))]


def test_a_line_ending_in_a_bracket_without_a_sentence_end_is_heading_like():
    from translate.alignment.aligner import boilerplate_score

    assert boilerplate_score("Lấy danh sách gói mới (cập nhật cơ sở dữ liệu)") == 0.5  # a label
    assert boilerplate_score("Hij kwam gisteren (met zijn broer).") == 0.0
    assert boilerplate_score("Hij kwam gisteren (met zijn broer.)") == 0.0
    assert boilerplate_score("Zij zei: “Ik kom (misschien).”") == 0.0


def test_a_dropped_sentence_is_not_paired_with_a_title_put_in_its_place():
    # with a re-translation: the rendering left the second sentence out and a
    # related-article title (no final punctuation) stands where it was; the
    # re-translation does not support that pair, so it is a 1:0 and a 0:1
    from translate.data import Translation

    src = [[PAIRS[1][0], "Cầu dài 2 km và có sáu làn xe chạy qua sông.", PAIRS[7][0]]]
    retrans = [PAIRS[1][1], "De brug is 2 km lang en heeft zes rijstroken over de rivier.", PAIRS[7][1]]
    tgt = [[PAIRS[1][1]], ["Haai verwondt dertienjarige die naar kreeften dook"], [PAIRS[7][1]]]
    s, t = seg(src), seg(tgt, "tgt", "nl")
    tr = Translation(texts=retrans, groups=[0, 1, 2], system="test")
    links = [(lk.src, lk.tgt) for lk in align(s, t, tr).links]
    assert ((1,), ()) in links and ((), (1,)) in links


def test_glue_fits_a_body_rendered_short_by_the_cost_of_both_readings():
    # the Dutch body is 0.9 standard deviations shorter than the Vietnamese one
    # predicts, so the rest after the glue point fits it worse than the whole unit
    # does; but leaving the heading out must pay its skip cost, and the two parts
    # (heading and body each on its own) cost less than that reading
    head_vi = "Sai tên hạng ký tự"
    body_vi = ("Trong suốt thập niên 1960, Brzezinski làm việc cho John F. Kennedy trong vai trò cố vấn và sau đó "
               "làm việc cho chính quyền Lyndon B. Johnson.")
    glued = ("Ongeldige tekenklassenaam Gedurende de jaren 60 werkte Brzezinksi als adviseur voor John F. Kennedy "
             "en daarna voor de regering van Lyndon B. Johnson.")

    def fits(skip):
        return bool(_glue_fits(_glue_matrix([glued]), np.array([len(glued)], float), np.array([len(head_vi)], float),
                               np.array([len(body_vi)], float), 1.077, 7.11,
                               skip=None if skip is None else np.array([skip]))[0])

    assert not fits(None)  # the rest-fits-as-well test alone calls it a heading left out
    assert fits(2.0)  # leaving this heading out costs 1.99 (skip_cost ... for a boilerplate score of 0.5)
    assert not fits(1.0)  # the parts cost 1.42 more in lengths than the whole unit as the body


def test_heading_glued_onto_a_body_rendered_short_is_a_merge():
    src = seg([["Sai tên hạng ký tự"],
               ["Trong suốt thập niên 1960, Brzezinski làm việc cho John F. Kennedy trong vai trò cố vấn và sau đó "
                "làm việc cho chính quyền Lyndon B. Johnson.", PAIRS[1][0]]])
    tgt = seg([["Ongeldige tekenklassenaam Gedurende de jaren 60 werkte Brzezinksi als adviseur voor John F. Kennedy "
                "en daarna voor de regering van Lyndon B. Johnson.", PAIRS[1][1]]], "tgt", "nl")
    links = [(lk.src, lk.tgt) for lk in align(src, tgt).links]
    assert links == [((0, 1), (0,)), ((2,), (1,))]


def test_a_heading_in_capitals_glued_onto_its_body_keeps_the_capitals_anchor():
    assert "p:caps" in _anchors("LEDIG De Paralympics zijn van 24 augustus tot 5 september 2021.", "nl")
    assert "p:caps" in _anchors("NOTITIE Aerosmith heeft de resterende concerten afgelast.", "nl")
    # an acronym opening a sentence is no heading in capitals
    for t in ("NAVO heeft het gezegd.", "VS President Trump zei het.", "UBND Tỉnh Tuyên Quang họp.", "SLEUTEL instellen"):
        assert "p:caps" not in _anchors(t, "nl"), t
    src = seg([["NGHỈ"], ["Paralympics sẽ diễn ra từ ngày 24 tháng Tám đến ngày 5 tháng Chín năm 2021.",
                         "Một số sự kiện sẽ được tổ chức ở những địa điểm khác trên khắp nước Nhật."]])
    tgt = seg([["LEDIG De Paralympics zijn van 24 augustus tot 5 september 2021.",
                "Sommige onderdelen worden op andere locaties in Japan gespeeld."]], "tgt", "nl")
    links = [(lk.src, lk.tgt) for lk in align(src, tgt).links]
    assert links == [((0, 1), (0,)), ((2,), (1,))]


def test_a_heading_glued_onto_a_body_whose_rendering_is_split_in_two_is_merged():
    # the heading is glued onto the first of the two Dutch sentences the one-sentence
    # body became: a 2:2 whose heading merge is observed (it pays the 1:2 prior only)
    src = seg([[PAIRS[0][0]], ["Không thể tạo ổ cắm"],
               ['The bill requires violent video games sold in the state of California to be labeled with a decal '
                'reading "18" and makes their sale to a minor punishable by a fine of $1000 per offense.'], [PAIRS[1][0]]])
    tgt = seg([[PAIRS[0][1]], ['Kon geen socket aanmaken Onder deze wet moeten gewelddadige videogames die in de staat '
                               'Californië worden verkocht, voorzien zijn van een sticker met de tekst "18".',
                               "Verkoop aan een minderjarige wordt bestraft met een boete van $1000 per overtreding."],
               [PAIRS[1][1]]], "tgt", "nl")
    links = [(lk.src, lk.tgt) for lk in align(src, tgt).links]
    assert links == [((0,), (0,)), ((1, 2), (1, 2)), ((3,), (3,))]


def test_a_title_before_the_body_is_no_heading_glued_onto_it():
    # the rendering opens with a related-article title (no final punctuation) and
    # left the headline out; a glue point in the title fits the headline by length
    # ("... over de wedstrijd tegen | Rapid Wien"), but a heading glued onto a
    # sentence ends as running text does: no 2:2
    body_vi = ("Một con cá mập đã tấn công và khiến một chú bé 13 tuổi bị thương khi đang đi lặn bắt tôm hùm tại "
               "California vào thứ Bảy vừa qua, ngay ngày đầu tiên của mùa vụ bắt tôm, các nhà chức trách cho hay.")
    body_nl = ("Zaterdag, op de eerste dag van het kreeftenseizoen, viel een haai een 13-jarige jongen aan die naar "
               "kreeften dook in Californië. De jongen liep verwondingen op, zo luidt het.")
    src = seg([["Cá mập tấn công chú bé 13 tuổi lặn biển bắt tôm hùm tại California", body_vi], [PAIRS[1][0]]])
    tgt = seg([["Graham Dorrans van Glasgow Rangers is optimistisch over de wedstrijd tegen Rapid Wien"], [body_nl],
               [PAIRS[1][1]]], "tgt", "nl")
    links = [(lk.src, lk.tgt) for lk in align(src, tgt).links]
    assert links == [((), (0,)), ((0,), ()), ((1,), (1,)), ((2,), (2,))]


def test_a_glue_point_before_a_name_of_the_body_is_no_glue():
    # the heading was left out; "Volgens politiecommandant" happens to be as long as
    # it, but "Rajesh" is a name inside the source body (a name anchor there), not
    # the first word of a body a heading was glued onto
    src = seg([[PAIRS[0][0]], ["Đã xử lý xong mọi yêu cầu"],
               ["Theo chỉ huy cảnh sát Rajesh Kumar Verma, các nghi phạm đã bị bắt vào sáng thứ Hai tại nhà ga trung tâm.",
                PAIRS[1][0]]])
    tgt = seg([[PAIRS[0][1]], ["Volgens politiecommandant Rajesh Kumar Verma zijn de verdachten maandagochtend op het "
                               "centraal station gearresteerd.", PAIRS[1][1]]], "tgt", "nl")
    links = [(lk.src, lk.tgt) for lk in align(src, tgt).links]
    assert links == [((0,), (0,)), ((1,), ()), ((2,), (1,)), ((3,), (2,))]
