"""Names that are names (issue 17): Vietnamese function words, titles and title-case
headlines are not names; exonyms are explained; a changed name is a warning."""

from translate.checks.pair import _changed, missing_names


def _missing(src, tgt):
    return [m[3] for m in missing_names((src,), tgt, "vi", 3)]


def test_function_words_before_a_title_are_not_names():
    assert _missing("Các Đại biểu đã thông qua nghị quyết.", "De afgevaardigden keurden de resolutie goed.") == []
    assert _missing("Hôm qua, Một Đại biểu phát biểu tại hội trường.", "Gisteren sprak een afgevaardigde in de zaal.") == []


def test_title_case_headline_gives_no_names():
    assert _missing("Lợn Sát Thủ Tấn Công Nông Dân Trung Quốc Tử Vong", "Moordzwijn doodt Chinese boer") == []


def test_sino_vietnamese_exonym_is_explained_by_a_foreign_name():
    assert _missing("Ông ấy đã đến Bình Nhưỡng vào tuần trước.", "Hij ging vorige week naar Pyongyang.") == []
    # with no foreign name in the rendering the place is simply missing
    assert _missing("Ông ấy đã đến Bình Nhưỡng vào tuần trước.", "Hij ging vorige week op reis.") == ["Bình Nhưỡng"]


def test_latin_names_explained_by_their_dutch_form():
    assert _missing("Người dân ở Catalonia muốn độc lập.", "De inwoners van Catalonië willen onafhankelijkheid.") == []
    assert _missing("Ông sống ở Scotland nhiều năm.", "Hij woonde jaren in Schotland.") == []


def test_a_real_name_missing_is_still_found():
    assert _missing("Theo ông Nguyễn Văn Minh, dự án sẽ xong.", "Volgens hem is het project klaar.") == ["Nguyễn Văn Minh"]


def test_changed_names():
    assert _changed("lind", "lund")
    assert _changed("ng", "nguyen")
    assert not _changed("greenland", "groenland")  # a long place name's exonym
    assert not _changed("scotland", "schotland")
    assert not _changed("amerika", "amerikaanse")  # a Dutch ending
    assert not _changed("belfastmagistrates", "belfast")  # a short form, not another name
