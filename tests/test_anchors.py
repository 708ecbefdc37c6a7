"""Anchors that survive translation: numbers in each locale, dates, codes, folded names."""

from __future__ import annotations

from translate.text.anchors import anchor_set, codes, dates, fold, names, number_values


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


def test_times_compare_across_day_halves_and_locales():
    vi = anchor_set("Thời gian lý tưởng để uống bia là 5.30 chiều.", "vi")
    nl = anchor_set("De perfecte tijd voor een pint is 17:30, onthult onderzoek", "nl")
    assert "n:t5:30" in vi & nl
    assert "n:5.3" not in vi and "n:17" not in nl  # a time is not a decimal or two numbers
    assert "n:t11:00" in anchor_set("Ngay sau 11 giờ, người biểu tình chặn đường.", "vi") & anchor_set(
        "Iets na 11.00 uur blokkeerden betogers de weg.", "nl")
    assert "n:t2:30" in anchor_set("vào khoảng 0230 UTC", "vi") & anchor_set("rond 02.30 UTC", "nl")
    # English writes decimals with a dot: 3.14 stays a number there
    assert "n:3.14" in anchor_set("It rose 3.14 points.", "en")
    assert "n:48" in anchor_set("trong 48 giờ", "vi")  # not an hour of the day


def test_percent_word_reads_as_percent():
    assert "n:38%" in anchor_set("với 38% cử tri ủng hộ", "vi") & anchor_set("met 38 procent vóór", "nl")


def test_weekdays_are_anchors():
    vi = anchor_set("Các cơn dư chấn tiếp tục trong thứ Bảy và Chủ nhật.", "vi")
    nl = anchor_set("Op zaterdag en zondagavond bleef de stad beven.", "nl")
    assert {"w:wd7", "w:wd8"} <= vi & nl
    assert "w:bay" not in vi  # the weekday is not also a name
    # lower case "thứ hai" is "second", not Monday
    assert not any(a.startswith("w:wd") for a in anchor_set("Đây là lần thứ hai ông đến đây.", "vi"))


def test_soft_numbers_from_words_and_months():
    nl = anchor_set("Tweeëndertig procent was er wel voor, in juli, vier op vier.", "nl")
    assert {"s:32%", "s:7", "s:4"} <= nl
    assert not any(a.startswith("n:") for a in nl)  # words never count as hard numbers
    vi = anchor_set("Bắc Kinh tăng thuế từ năm đến mười phần trăm, hai mươi lăm lần.", "vi")
    assert {"s:5", "s:10%", "s:25"} <= vi
    assert "s:1" not in anchor_set("Hij heeft een plan.", "nl")  # the article is not a number
