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
