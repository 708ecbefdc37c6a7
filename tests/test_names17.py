"""Names that are names (issue 17): Vietnamese function words, titles and title-case
headlines are not names; exonyms are explained; a changed name is a warning."""

from translate.checks.names import changed_names, vi_shaped
from translate.checks.pair import _changed, missing_names


def _missing(src, tgt):
    return [m[3] for m in missing_names((src,), tgt, "vi", 3)]


def test_function_words_before_a_title_are_not_names():
    assert _missing("Các Đại biểu đã thông qua nghị quyết.", "De afgevaardigden keurden de resolutie goed.") == []
    assert _missing("Hôm qua, Một Đại biểu phát biểu tại hội trường.", "Gisteren sprak een afgevaardigde in de zaal.") == []


def test_title_case_headline_gives_no_names():
    assert _missing("Lợn Sát Thủ Tấn Công Nông Dân Trung Quốc Tử Vong", "Moordzwijn doodt Chinese boer") == []


def test_sino_vietnamese_exonym_is_explained_by_a_foreign_name():
    assert _missing("Ông ấy đã đến thành phố Bình Nhưỡng vào tuần trước.", "Hij ging vorige week naar Pyongyang.") == []
    # with no foreign name in the rendering the place is simply missing
    assert _missing("Ông ấy đã đến thành phố Bình Nhưỡng vào tuần trước.", "Hij ging vorige week op reis.") == ["Bình Nhưỡng"]


def test_latin_names_explained_by_their_dutch_form():
    assert _missing("Người dân ở Catalonia muốn độc lập.", "De inwoners van Catalonië willen onafhankelijkheid.") == []
    assert _missing("Ông sống ở Scotland nhiều năm.", "Hij woonde jaren in Schotland.") == []


def test_a_real_name_missing_is_still_found():
    assert _missing("Theo ông Nguyễn Văn Minh, dự án sẽ xong.", "Volgens hem is het project klaar.") == ["Nguyễn Văn Minh"]


def test_title_and_surname_told_apart():
    # folded, the title Trấn ("thị trấn", town) and the surname Trần are one word
    assert _missing("Theo ông Trần Văn Minh, dự án sẽ xong.", "Volgens hem is het project klaar.") == ["Trần Văn Minh"]


def test_changed_names():
    assert _changed("lind", "lund")
    assert _changed("ng", "nguyen")
    assert not _changed("scotland", "schotland")
    assert not changed_names("Greenland rất lạnh vào mùa đông.", "Groenland is erg koud in de winter.", None, "vi")  # its exonym
    assert not _changed("scotland", "schotland")
    assert not _changed("amerika", "amerikaanse")  # a Dutch ending
    assert not _changed("belfastmagistrates", "belfast")  # a short form, not another name



def test_vietnamese_syllables_told_from_foreign_words():
    assert all(vi_shaped(w) for w in ["Cha", "Nhi", "Linh", "Nguyen", "Kim", "Hà", "Tù", "Quỹ"])
    assert not any(vi_shaped(w) for w in ["Johnson", "Rady", "Lee", "Ng", "Lind", "Harvard"])


def test_phrases_with_capitals_are_not_names():
    # capitalised Vietnamese nouns (Earth, the Renaissance, New Year) are translated
    assert _missing("Brazil là nước lớn nhất trên Trái Đất.", "Brazilië is het grootste land ter wereld.") == []
    assert _missing("Về bản chất, thời kỳ Phục Hưng đã thay đổi cách nghiên cứu.", "In essentie veranderde de renaissance het leren.") == []
    # a name opening with a surname, or after a title, is still a name
    assert _missing("Hôm qua anh Trần Quốc Toản đã về.", "Gisteren kwam hij terug.") == ["Trần Quốc Toản"]


def test_vietnamese_descriptor_before_a_foreign_name():
    # "Nhà Tù" (prison), "Bệnh viện Nhi" (children's hospital), "Tờ" (newspaper), "Cha" (father)
    assert _missing("Bạo loạn tại Nhà Tù Long Lartin hôm qua.", "Onlusten gisteren in de gevangenis van Long Lartin.") == []
    assert _missing("Cậu bé được đưa tới Bệnh viện Nhi Rady ở San Diego.", "De jongen werd naar het Rady-kinderziekenhuis in San Diego gebracht.") == []
    assert _missing("Ông nói với Tờ The Telegraph như vậy.", "Dat zei hij tegen The Telegraph.") == []
    assert _missing("Giáo dân của Cha Johnson đã xây lại.", "De parochianen van Eerwaarde Johnson bouwden opnieuw.") == []
    # juxtaposed names are found by their last one; the foreign name itself must be there
    assert _missing("Thượng nghị sĩ Arizona Jeff Flake đã bỏ phiếu.", "Senator Jeff Flake van Arizona stemde.") == []
    assert _missing("Bạo loạn tại Nhà Tù Belmarsh hôm qua.", "Onlusten gisteren in een gevangenis.") == ["Belmarsh"]


def test_acronyms_and_units():
    assert _missing("Ông muốn gia nhập NATO và EU.", "Hij wil lid worden van de NAVO en de EU.") == []
    assert _missing("Họ tìm thấy ADN của Simpson.", "Ze vonden het DNA van Simpson.") == []
    assert _missing("Vụ việc xảy ra lúc 19:30 giờ BST.", "Het gebeurde om 19.30 uur plaatselijke tijd.") == []
    assert _missing("Cuộc họp của UBND tỉnh diễn ra hôm qua.", "De vergadering van het provinciebestuur vond gisteren plaats.") == []
    assert _missing("Theo WHO, dịch bệnh đang lan rộng.", "Volgens de gezondheidsorganisatie breidt de epidemie zich uit.") == ["WHO"]


def test_dutch_forms_explain_a_name():
    assert _missing("Trường học ở Scotland rất tốt.", "Schotse scholen zijn erg goed.") == []
    assert _missing("Trận đấu diễn ra tại Naples, Italy.", "De wedstrijd wordt gespeeld in Napels, Italië.") == []
    assert _missing("Ông Erdogan tới Cologne hôm qua.", "Erdogan ging gisteren naar Keulen.") == []
    assert _missing("Văn phòng khí tượng của Iceland báo cáo.", "Het meteorologisch instituut van IJsland meldde.") == []


def _change(src, tgt, against=None):
    return [(s, w, kind) for s, w, _, _, kind in changed_names(src, tgt, against, "vi")]


def test_name_change_one_letter_extended_replaced():
    assert _change("Ông Lind phát biểu hôm qua.", "Lund sprak gisteren.") == [("Lind", "Lund", "changed")]
    assert _change("Giáo sư Andrew Ng cho biết.", "Professor Andrew Nguyen zei het.") == [("Ng", "Nguyen", "extended")]
    assert _change("Trump không muốn sa thải Rosenstein.", "Trump wilde Evo Morales niet ontslaan.") == [("Rosenstein", "Evo Morales", "replaced")]


def test_name_change_leaves_dutch_forms_alone():
    assert _change("Ông sống ở London.", "Hij woont in Londen.") == []
    assert _change("Ông yêu nước Colombia.", "Hij houdt van de Colombiaanse koffie.") == []
    assert _change("Bão gần Titicaca.", "De storm is bij het Titicacameer.") == []  # a Dutch compound
    assert _change("Nhiều vụ ở Venezuela.", "Veel Venezolanen vluchten.") == []
    assert _change("Ông nói với NATO.", "Hij sprak met de NAVO.") == []  # acronyms translate


def test_replacement_needs_the_only_unexplained_name():
    # the rendering name may be the Dutch form of a Vietnamese name of the source (Mỹ)
    assert _change("Quyết định của ông Rudd đã cô lập Mỹ.", "Het besluit van Rudds isoleerde de Verenigde Staten.") == []
    # the re-translation has it too: the same name, not a replacement
    assert _change("Trump không muốn sa thải Rosenstein.", "Trump wilde Evo Morales niet ontslaan.",
                   against="Trump wilde Evo Morales niet ontslaan.") == []


# -- info notes grouped under their pair, collapsed (issue 17, item 4) ------------------
def _review(tmp_path):
    from translate.pipeline import ReviewOptions, review

    src, tgt = tmp_path / "s.vi.txt", tmp_path / "t.nl.txt"
    src.write_text("Theo ông Nguyễn Văn Minh, dự án sẽ xong vào năm 2020.\n\nÔng Lind phát biểu tại Stanford hôm qua.\n", encoding="utf-8")
    tgt.write_text("Volgens hem is het project in 2020 klaar.\n\nLund sprak gisteren in Stanford.\n", encoding="utf-8")
    return review(str(src), str(tgt), ReviewOptions(model=None, cache=False, token_scores=False))


def test_terminal_collapses_info_notes(tmp_path):
    import io

    from rich.console import Console

    from translate.report.core import render_terminal

    res = _review(tmp_path)
    assert {(f.code, f.severity.value) for f in res.flags} == {("name-missing", "info"), ("name-change", "warning")}
    for layout in ("table", "stacked"):
        buf = io.StringIO()
        render_terminal(res, Console(file=buf, width=160, color_system=None), layout=layout)
        out = buf.getvalue()
        assert "1 note: name-missing" in out
        assert "name-missing:" not in out  # the note's message is collapsed
        assert "“Lund” for “Lind”" in out  # the warning is shown in full
        assert "--notes full" in out
        buf = io.StringIO()
        render_terminal(res, Console(file=buf, width=160, color_system=None), layout=layout, notes="full")
        assert "name-missing:" in buf.getvalue() and "--notes full" not in buf.getvalue()


def test_html_groups_info_notes_in_a_collapsed_details(tmp_path):
    from translate.report.html import render_html

    page = render_html(_review(tmp_path))
    i = page.index('<details class="notes-info">')
    assert "<summary>1 note: name-missing</summary>" in page[i:i + 200]
    assert 'data-code="name-missing"' in page[i:]  # the note inside the details
    assert "<details class=\"notes-info\" open" not in page  # collapsed
    warn = page.index('data-code="name-change"', page.index("<article"))  # in the pairs, not the decisions panel
    assert page.rfind('<details class="notes-info">', 0, warn) < page.rfind("<article", 0, warn)  # warning outside it


# -- name-change recall and false alarms (issue 17 / issue 12 swapname) -------------------
def test_a_hyphen_inside_a_name_does_not_open_a_sentence():
    # "Virginia" of West-Virginia follows a hyphen, not a dash: the run is a name inside the sentence
    assert _change("Con gái của Bond là Karen Jankel, sinh ra sau khi cuốn sách ra đời.",
                   "Bonds dochter, West-Virginia, werd na het boek geboren.") == [("Karen Jankel", "West-Virginia", "replaced")]


def test_vietnamese_exonyms_are_known():
    from translate.checks.names import vi_exonyms

    # Hoa Kỳ is the United States: the rendering that drops it has no Dutch name for it,
    # so the one stranger stands for the missing Mexico
    assert _change("Rosa sẽ mang mưa tới miền Bắc Mexico và Tây Nam Hoa Kỳ.",
                   "Rosa brengt regen naar het noorden van Ovie Ejaria en het zuidwesten.") == [("Mexico", "Ovie Ejaria", "replaced")]
    # châu Âu's Dutch form, Europa, is explained, not a stranger
    assert _change("Chính quyền của TT. Trump muốn xuất khẩu khí đốt sang châu Âu.",
                   "De regering Bellenglise wil gas naar Europa exporteren.") == [("Trump", "Bellenglise", "replaced")]
    assert vi_exonyms("Ông nói Anh Mandagi ở lại.")[1] == ()  # Anh before a name is a title (Mr)
    assert "itali" in vi_exonyms("nhà thiên văn học người Ý Galileo Galilei")[1]  # Ý before a name is still Italy
    assert "brit" in vi_exonyms("gọi số 116 123 (Anh và Ireland)")[1]  # in brackets, not a sentence's first word


def test_vietnamese_names_the_rendering_may_translate_are_counted_as_phrases():
    from translate.checks.names import _vi_names_unrendered

    # one name: capitalised syllables with one lower-case syllable between (Vietnamese
    # capitalises the first syllable of each word of a name)
    assert _vi_names_unrendered("Đơn của Liên đoàn Tự do Dân sự đã được nộp.", set()) == 1
    # a descriptor before a foreign name, a numbered noun, a lone classifier: none
    assert _vi_names_unrendered("Họ bị mắc kẹt tại Khách sạn Roa Roa.", {"roa", "hotel"}) == 0
    assert _vi_names_unrendered("Họ ở gần Khu cắm trại Bright Angel hôm qua.", set()) == 0
    assert _vi_names_unrendered("Đây là một cơn Bão Cấp 1 rất mạnh.", set()) == 0
    assert _vi_names_unrendered("Balbo, Người nắm toàn quyền Libya, đã chết.", set()) == 0
    # "và" parts two names; a hyphened transliteration in Dutch spelling is rendered
    assert _vi_names_unrendered("Họ đi đến Biển Đen và Biển Caspi.", set()) == 1
    assert _vi_names_unrendered("Họ đã xâm lược Cam-pu-chia nhiều lần.", set(), ("cambodja",)) == 0


def test_dutch_made_names_are_not_strangers():
    # state bodies, party members, name-making adjectives and compound heads translate Vietnamese words
    assert _change('"Họ phải rút khỏi Syria ngay lập tức", ông phát biểu trước hội đồng.',
                   '"Ze moeten zich onmiddellijk terugtrekken" vertelde hij de Vergadering.') == []
    assert _change("Người nước ngoài sẽ trả thuế cao hơn theo chính sách mới của Tory.",
                   "Buitenlanders betalen meer volgens nieuwe plannen van de Conservatieven.") == []
    assert _change("Kênh đào nối Bắc Băng Dương với Biển Baltic.", "Het kanaal verbindt de Arctische oceaan met de Oostzee.") == []
    # a real stranger beside a Dutch-made name is still seen
    assert _change("Kavanaugh đối chất trước Quốc hội, phủ nhận cáo buộc từ Christine Blasey Ford.",
                   "Kavanaugh getuigde voor het Congres en ontkende de aantijging van Habitats.") == [("Christine Blasey Ford", "Habitats", "replaced")]


def test_exonym_pairs_are_set_aside_before_a_replacement_is_judged():
    # Iceland/IJsland sound alike: Hekla is the one missing, Vernazza the one stranger
    assert _change("Văn phòng Khí Tượng của Iceland báo cáo không có hoạt động ở vùng Hekla.",
                   "Het Meteorologisch Instituut van IJsland meldde geen activiteit in Vernazza.") == [("Hekla", "Vernazza", "replaced")]
    # Aegean/Egeïsche (a Dutch adjective), Volga/Wolga (Dutch w for v): the same names
    assert _change("Thổ Nhĩ Kỳ giáp Biển Aegean về phía Tây và Biển Đen về phía Bắc.",
                   "Turkije grenst aan de Egeïsche Zee in het westen en de Zwarte Zee in het noorden.") == []
    assert _change("Hồ Onega cũng được nối với Volga.", "Het Onegameer is ook verbonden met de Wolga.") == []


def test_strangers_outnumbering_the_vietnamese_names_show_a_replacement():
    # two strangers, one Vietnamese name the rendering may translate (Biển Đen): one is a replacement,
    # the one shown is the one at the missing name's place
    assert _change("Hôm qua Felipe Massa đi thuyền đến Biển Đen.",
                   "Gisteren zeilde Buckinghamshire naar Kowalczyk.") == [("Felipe Massa", "Buckinghamshire", "replaced")]
    # with as many Vietnamese names as strangers, each stranger may translate one: no
    assert _change("Hôm qua Felipe Massa đi thuyền đến Biển Đen.", "Gisteren zeilde hij naar Kowalczyk.") == []
    assert _change("Trump không muốn sa thải Rosenstein trước phiên điều trần của Thượng viện.",
                   "Trump wilde Evo Morales niet ontslaan voor de hoorzitting van de Senaat.") == [("Rosenstein", "Evo Morales", "replaced")]


def test_an_acronym_replaced_by_a_name():
    assert _change("Kết quả vẫn phải chờ đại hội đồng IOC phê chuẩn ở Copenhagen.",
                   "De stemming moet nog worden goedgekeurd door het volledige Winnipeg in Kopenhagen.") == [("IOC", "Winnipeg", "replaced")]
    # written out (initials), in the rendering's form, or a Vietnamese administrative acronym: no
    assert _change("Kết quả vẫn phải chờ IOC phê chuẩn ở Copenhagen.",
                   "Het Internationaal Olympisch Comité moet het nog goedkeuren in Kopenhagen.") == []
    assert _change("Nghiên cứu của NTS ở Glasgow.", "Het onderzoek van de National Trust for Scotland in Glasgow.") == []
    assert _change("Cuộc họp của UBND tỉnh ở Hà Nội.", "De vergadering van het provinciebestuur in Hanoi.") == []


def test_one_form_given_throughout_a_document_is_the_translators_choice(tmp_path):
    from translate.pipeline import ReviewOptions, review

    src, tgt = tmp_path / "s.vi.txt", tmp_path / "t.nl.txt"
    src.write_text("Động đất xảy ra trên đảo Sulawesi hôm thứ Sáu.\n\nHơn 800 người chết ở đảo Sulawesi.\n\n"
                   "Ông Lind phát biểu tại Stanford hôm qua.\n", encoding="utf-8")
    tgt.write_text("De aardbeving trof vrijdag het eiland Celebes.\n\nMeer dan 800 mensen stierven op Celebes.\n\n"
                   "Lund sprak gisteren in Stanford.\n", encoding="utf-8")
    res = review(str(src), str(tgt), ReviewOptions(model=None, cache=False, token_scores=False))
    msgs = [f.message for f in res.flags if f.code == "name-change"]
    assert len(msgs) == 1 and "Lund" in msgs[0]  # Celebes twice for Sulawesi is an exonym; Lund once is a slip


def test_a_changed_spelling_repeated_stays_a_warning(tmp_path):
    from translate.pipeline import ReviewOptions, review

    src, tgt = tmp_path / "s.vi.txt", tmp_path / "t.nl.txt"
    src.write_text("Ông Lind phát biểu tại Stanford hôm qua.\n\nÔng Lind cũng đã tới Harvard.\n", encoding="utf-8")
    tgt.write_text("Lund sprak gisteren in Stanford.\n\nLund ging ook naar Harvard.\n", encoding="utf-8")
    res = review(str(src), str(tgt), ReviewOptions(model=None, cache=False, token_scores=False))
    assert sum(f.code == "name-change" for f in res.flags) == 2  # a system that writes a name wrong does so every time


def test_short_words_and_new_acronyms_neither_explain_nor_estrange_a_run():
    # "Ho" is inside any Vietnamese text; a two-letter word only explains a run as a word of the source
    assert _change("Cộng đồng này nằm ở Howe Sound ngoài khơi Vancouver.",
                   "Deze gemeenschap vind je in Ri Yong Ho, net buiten Vancouver.") == [("Howe Sound", "Ri Yong Ho", "replaced")]
    # a sentence's first word still opens it: De Deen is the translation of The Dane
    assert _change("Anh ta bắt đầu thi đấu năm 1997, The Dane nói.", "De Deen begon in 1997, zei hij.") == []
    # an acronym the source has not does not make its run a translation
    assert _change("Tôi không nói sự ra đi của tổng thống Trump là điều không tránh khỏi.",
                   "Ik zeg niet dat de val van RSPCA New South Wales onvermijdelijk is.") == [("Trump", "RSPCA New South Wales", "replaced")]


def test_a_foreign_word_spelled_like_a_syllable_is_no_vietnamese_name():
    from translate.checks.names import _vi_names_unrendered

    # "Sun" of Scottish Sun fits Vietnamese spelling but ends a foreign name
    assert _vi_names_unrendered("Một nguồn tin từ Scottish Sun cho hay như vậy.", set()) == 0


def test_vietnamese_abbreviations_are_written_out():
    # TCN (trước Công nguyên) is v.Chr.: not a missing name, so Herostratus is the one replaced
    assert _change("Đền Artemis bị đốt năm 356 TCN do Herostratus.",
                   "De tempel van Artemis werd in 356 voor Christus in brand gestoken door Bhutan.") == [("Herostratus", "Bhutan", "replaced")]


def test_acronyms_of_common_nouns_and_vietnamese_abbreviations_are_not_names():
    assert _missing("Những tên cướp đã lấy tiền khi ATM được nạp tiền tại Newport.",
                    "Dieven stalen geld tijdens de bevoorrading van een geldautomaat in Newport.") == []
    assert _missing("Đền bị phá hủy năm 356 TCN.", "De tempel werd in 356 voor Christus verwoest.") == []
    assert _missing("Ông làm việc cho FBI.", "Hij werkte voor de politie.") == ["FBI"]  # a name, still looked for


def test_a_title_of_two_letters_does_not_keep_a_foreign_name_present():
    # Mr of "Mr Bean" is not looked for: Bean is gone, Almería the stranger in its place
    assert _change("Anh ta pha trộn sự hài hước của Mr Bean với Clouseau.",
                   "Hij mengt de humor van Almería met die van Clouseau.") == [("Mr Bean", "Almería", "replaced")]


def test_an_english_body_name_is_one_run_and_a_body():
    # "Houses of Parliament" is one run (the "of" of an English name) naming a body (Parliament):
    # the translation of "Cung điện Westminster", not a replacement
    assert _change("Bức tượng Oliver Cromwell đứng bên ngoài Cung điện Westminster.",
                   "Het standbeeld van Oliver Cromwell staat net buiten de Houses of Parliament.") == []


def test_acronym_lists_match_name_missing():
    from translate.checks import names, pair

    assert names._UNIT_ACRONYMS == pair._UNIT_ACRONYMS and names._VI_ACRONYMS == pair._VI_ACRONYMS
