"""Anchors that survive translation: numbers in each locale, dates, codes, folded names."""

from __future__ import annotations

from translate.anchors import anchor_set, codes, dates, fold, names, number_values


def test_numbers_in_both_locales():
    assert number_values("hơn 6.280 cán bộ", "vi") == number_values("meer dan 6.280 kaderleden", "nl")
    assert set(number_values("6.280", "vi")) == {"6280"}
    assert set(number_values("6,280 officials", "en")) == {"6280"}
    assert set(number_values("đạt 96,3%", "vi")) == {"96.3%"}
    assert set(number_values("96.3% of them", "en")) == {"96.3%"}
    assert set(number_values("giai đoạn 2020-2025", "vi")) == {"2020", "2025"}
    assert set(number_values("1.234.567 người", "vi")) == {"1234567"}


def test_dates_and_codes_are_not_numbers():
    text = "Đề án 16-ĐU/TU ngày 14/02/2025 và Nghị quyết 21-NQ/TW"
    assert set(dates(text)) == {"14/2/2025"}
    assert set(codes(text)) == {"16-du/tu", "21-nq/tw"}
    assert not number_values(text, "vi")


def test_names_fold_diacritics():
    assert fold("Lý Thị Xiến") == "ly thi xien"
    assert fold("Đặng Văn Anh") == "dang van anh"
    vi = names("Bí thư chi bộ là bà Lý Thị Xiến ở thôn Sơn Thủy.")
    nl = names("De secretaris is mevrouw Ly Thi Xien uit het dorp Son Thuy.")
    assert {"ly", "thi", "xien", "son", "thuy"} <= set(vi) & set(nl)
    # a capitalised word that opens a sentence is not taken as a name
    assert "de" not in nl and "bi" not in vi


def test_anchor_set_matches_across_languages():
    vi = anchor_set("Năm 2024, 96,3% bí thư chi bộ ở Tuyên Quang hoàn thành tốt nhiệm vụ.", "vi")
    nl = anchor_set("In 2024 voerde in Tuyen Quang 96,3% van de secretarissen hun taken goed uit.", "nl")
    assert {"n:2024", "n:96.3%", "w:tuyen", "w:quang"} <= vi & nl
