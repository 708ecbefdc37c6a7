from translate.read.document import document_from_text
from translate.text.segment import segment_document, sentence_spans


def sents(text: str, lang: str = "nl") -> list[str]:
    doc = document_from_text(text, lang=lang)
    return [s.text for s in segment_document(doc, "tgt", lang).segments]


def test_spans_are_exact_and_ordered():
    text = "Eerste zin. Tweede zin!\n\n* In 2024 zal 96,3% klaar zijn.\nKop\n"
    doc = document_from_text(text)
    seg = segment_document(doc, "tgt", "nl")
    assert [s.text for s in seg.segments] == ["Eerste zin.", "Tweede zin!", "* In 2024 zal 96,3% klaar zijn.", "Kop"]
    for s in seg.segments:
        assert doc.text[s.start : s.end] == s.text
    assert [p.segments for p in seg.paragraphs] == [(0, 1), (2,), (3,)]
    assert [s.paragraph for s in seg.segments] == [0, 0, 1, 2]
    assert [s.sentence for s in seg.segments] == [0, 1, 0, 0]


def test_no_split_inside_numbers_codes_dates():
    out = sents("Het ging om 96,3% en 6.280 leden. Project 16-DU/TU van 3 januari 2020 en 21-NQ/TW golden. Op 14/02/2025 om 9.30 uur.")
    assert out == [
        "Het ging om 96,3% en 6.280 leden.",
        "Project 16-DU/TU van 3 januari 2020 en 21-NQ/TW golden.",
        "Op 14/02/2025 om 9.30 uur.",
    ]


def test_abbreviations_dutch():
    out = sents("Richtlijn nr. 01/CT/TU werd o.a. door dhr. Jansen besproken. Daarna volgde de rest.")
    assert out == ["Richtlijn nr. 01/CT/TU werd o.a. door dhr. Jansen besproken.", "Daarna volgde de rest."]


def test_abbreviations_vietnamese():
    out = sents("TS. Nguyễn Văn A và Th.S Trần Thị B phát biểu. PGS.TS. Lê Văn C đồng ý.", "vi")
    assert out == ["TS. Nguyễn Văn A và Th.S Trần Thị B phát biểu.", "PGS.TS. Lê Văn C đồng ý."]


def test_sentences_inside_quoted_speech_are_split():
    # as NTREX and FLORES segment them: the translation keeps a quotation's sentences
    text = 'Hij bevestigde: "Wij hebben veel gedaan. Daarmee is het beter." Daarna ging hij weg.'
    assert sents(text) == ['Hij bevestigde: "Wij hebben veel gedaan.', 'Daarmee is het beter."', "Daarna ging hij weg."]
    # NTREX: curly open, straight close (the old quote pairing swallowed three sentences)
    text = ('“Một phiếu cho Thẩm phán Kavanaugh là một phiếu bác bỏ các chiến thuật của Đảng Dân chủ", ông Trump nói. '
            'Ông Trump cho biết ông Kavanaugh “chịu đựng sự ích kỷ, tức giận" của Đảng Dân chủ.')
    assert len(sents(text, "vi")) == 2
    # a quoted sentence followed by lower-case attribution stays one sentence
    assert sents('"Wij gaan naar huis." zei hij. Daarna sliep hij.') == ['"Wij gaan naar huis." zei hij.', "Daarna sliep hij."]


def test_vietnamese_one_letter_words_are_not_initials():
    out = sents("Pháp là quốc gia thứ bảy bị vi-rút này, sau Áo, Đức và Ý. Những ca nghi nhiễm vẫn chưa được xác nhận.", "vi")
    assert len(out) == 2
    assert len(sents("Ông Nguyễn V. Anh phát biểu.", "vi")) == 1


def test_list_ending_abbreviation_before_a_capital_ends_the_sentence():
    out = sents("Je wordt gevolgd, bij de arm gepakt, etc. Wees duidelijk als je nee zegt.")
    assert out == ["Je wordt gevolgd, bij de arm gepakt, etc.", "Wees duidelijk als je nee zegt."]
    assert len(sents("Appels, peren etc. zijn fruit.")) == 1


def test_unclosed_quote_does_not_swallow_paragraph():
    text = 'Hij zei: "Wij gaan. Het is laat. Tot morgen.'
    assert len(sents(text)) == 3


def test_ellipsis_followed_by_lowercase_is_not_a_boundary():
    assert sents("Het was... nou ja, goed. Einde.") == ["Het was... nou ja, goed.", "Einde."]


def test_initials_do_not_split():
    assert sents("Volgens J. Smith is het zo. Klaar.") == ["Volgens J. Smith is het zo.", "Klaar."]


def test_soft_wrapped_lines_join_but_headings_do_not():
    text = (
        "Dit is een lange regel tekst die midden in een zin wordt afgebroken en\n"
        "verder gaat op de volgende regel.\nKop\nNog een alinea.\n"
    )
    doc = document_from_text(text)
    seg = segment_document(doc, "tgt", "nl")
    assert len(seg.paragraphs) == 3
    assert seg.paragraphs[0].text.endswith("volgende regel.")


def test_empty_and_whitespace_paragraphs():
    assert sents("\n\n   \n") == []
    assert sentence_spans("   ", 0, 3, "nl") == []


def test_seed_page_keeps_garbled_passage_and_separates_chrome(seed_page):
    from translate.read.document import read_document

    doc = read_document(seed_page, "nl")
    seg = segment_document(doc, "tgt", "nl")
    garbled = "bouwkwaliteit en implementeer de resoluties van de partijcellen goed"
    holders = [s for s in seg.segments if garbled in s.text]
    assert len(holders) == 1
    assert holders[0].text.startswith("Het doel is om een team")
    texts = [s.text for s in seg.segments]
    for chrome in ("Reactie (0)", "No data", "No videos available", "In dezelfde categorie"):
        assert chrome in texts, chrome
    assert any(t.startswith("Bron: https://") for t in texts)
    # the quoted speech of Pham Kien Cuong: its two sentences
    k = next(k for k, t in enumerate(texts) if t.startswith("Pham Kien Cuong"))
    assert texts[k].endswith("eisen van de taak.") and texts[k + 1].startswith("Daarmee heeft het")
    assert texts[k + 1].endswith('partijorganisatie."')
    # bullets are their own paragraphs
    assert any(t.startswith("* In 2024 zal in de hele provincie 96,3%") for t in texts)


def _paras(text: str, lang: str = "vi") -> list[str]:
    return [p.text for p in segment_document(document_from_text(text), "src", lang).paragraphs]


def test_soft_wrap_of_hard_wrapped_prose_still_joins():
    # an e-mail wrapped at ~72 columns: the next word would not have fitted
    text = (
        "Trong cuộc họp sáng nay, Bộ trưởng cho biết chính phủ sẽ tiếp tục hỗ\n"
        "trợ các doanh nghiệp nhỏ và vừa trong năm tới, đặc biệt là ở những\n"
        "tỉnh miền núi phía Bắc.\n"
    )
    assert len(_paras(text)) == 1


def test_lower_case_posts_without_final_punctuation_are_one_per_line():
    text = (
        "hôm nay trời hà nội đẹp quá mọi người ơi, đi dạo hồ gươm thôi\n"
        "ai biết quán phở nào ngon gần đây không chỉ mình với\n"
        "mới xem xong trận chung kết, đội tuyển đá hay thật sự luôn, cả nhà mình ai cũng hét\n"
    )
    assert len(_paras(text)) == 3


def test_posts_ending_with_url_emoji_hashtag_or_mention_break():
    for text in (
        "xem thêm bài viết về vụ tai nạn trên cao tốc tại https://vnexpress.net/tin-4711.html\n"
        "cập nhật mới nhất từ hiện trường cho thấy đã có ba người bị thương nặng\n",
        "cảm ơn mọi người đã đến dự buổi ra mắt sách của mình tối qua nhé 🎉❤️\n"
        "lần sau nhất định sẽ tổ chức to hơn nữa, hẹn gặp lại các bạn\n",
        "trời ơi lại tắc đường ở ngã tư sở suốt hai tiếng đồng hồ #hanoi\n"
        "không biết bao giờ thành phố mới xây xong tuyến metro này nữa\n",
        "cảm ơn bạn rất nhiều vì đã chia sẻ thông tin hữu ích này @minhanh_92\n"
        "mình sẽ thử áp dụng ngay trong tuần này xem kết quả ra sao\n",
    ):
        assert len(_paras(text)) == 2, text


def test_mentions_bullets_and_labels_start_their_own_paragraph():
    text = (
        "Cú pháp\n"
        "Lệnh này sao chép tệp nguồn sang thư mục đích mà không hỏi lại\n"
        "@tuanpham bạn thử chạy lại với quyền quản trị xem sao nhé\n"
        "- Mở tệp\n"
        "- Lưu thành\n"
        "• Đóng cửa sổ\n"
        "Giá trị trả về\n"
    )
    assert _paras(text) == [
        "Cú pháp",
        "Lệnh này sao chép tệp nguồn sang thư mục đích mà không hỏi lại",
        "@tuanpham bạn thử chạy lại với quyền quản trị xem sao nhé",
        "- Mở tệp",
        "- Lưu thành",
        "• Đóng cửa sổ",
        "Giá trị trả về",
    ]


def test_numbered_list_item_keeps_its_number():
    assert sents("2. Lưu thành tệp mới", "vi") == ["2. Lưu thành tệp mới"]
    assert sents("Er zijn 3. Dat is alles.", "nl") == ["Er zijn 3.", "Dat is alles."]


def test_two_posts_of_similar_length_without_punctuation_are_two_paragraphs():
    # one wrapped line is weak evidence: both lines would pass the width test, but
    # a wrapped paragraph of prose ends its last line with a sentence end
    text = ("Cú sút của Menga mang lại chiến thắng 1-0 cho Livingston trước Rangers\n"
            "pha dẫn trước của của Dolly Menga giúp Livingston chắc suất chiến thắng\n")
    assert len(_paras(text)) == 2
    # the same two lines as the end of a paragraph (a sentence end) still join
    assert len(_paras(text.rstrip() + ".\n")) == 1


def test_a_line_longer_than_any_wrap_width_is_its_own_paragraph():
    text = ("toyota chưa thông báo chắc chắn sẽ ngừng sản xuất trong bao lâu, nhưng xét về dài hạn, họ cảnh báo rằng "
            "chi phí tăng thêm sẽ làm giảm khả năng cạnh tranh của nhà máy\n"
            "ông nói rằng công ty sẽ đưa ra quyết định cuối cùng vào tháng tới, sau khi xem xét các phương án khác nhau.\n")
    assert len(_paras(text)) == 2


def test_a_closing_quote_set_off_by_a_space_closes_its_sentence():
    t = ('Một người khác đã bình luận: "Điều này có thể gây tổn thương tâm lý cho cả mẹ và bé. Đúng vậy, tại sao '
         'không sử dụng để quảng cáo máy hút sữa? " Một người khác bình luận thêm: "Quảng cáo này chẳng có tý liên quan nào."')
    assert sents(t, "vi")[1:] == ['Đúng vậy, tại sao không sử dụng để quảng cáo máy hút sữa? "',
                                  'Một người khác bình luận thêm: "Quảng cáo này chẳng có tý liên quan nào."']
    assert sents('Ông nói: "Xin chào. "', "vi") == ['Ông nói: "Xin chào. "']
    assert sents("Het is laat. ” Hij ging naar huis.") == ["Het is laat. ”", "Hij ging naar huis."]
    # an opening quote is written against its word; a straight quote with none open opens one
    assert sents('Hij zei het. "Wij gaan." Einde.') == ["Hij zei het.", '"Wij gaan."', "Einde."]
    assert sents('Hij zei het. " Wij gaan." Einde.') == ["Hij zei het.", '" Wij gaan."', "Einde."]
