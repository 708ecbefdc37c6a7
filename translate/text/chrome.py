"""The one page-chrome lexicon: the words of menus, widgets, share and source lines that a
copy-paste of a web page drags along (Dutch, Vietnamese and the English of site templates).

Two readers use it: the page-chrome check (:mod:`translate.checks.chrome`, spans in the
rendering) and the aligner's boilerplate cost (:func:`translate.alignment.aligner.boilerplate_score`,
a line of either side). Before issue 13 each kept a word list of its own and the two had
drifted apart; a word added here is known to both.

Each entry is a regular-expression alternation, matched case-insensitively, with a plain
space between words (:func:`spaced` turns the spaces into ``\\s+`` for a reader that
allows any run of white space).
"""

from __future__ import annotations

SOCIAL = r"Facebook|Twitter|X|LinkedIn|WhatsApp|E-?mail|Zalo|Pinterest|Telegram|Messenger|Reddit"
"""Social networks named in share lines."""

SOURCE_LABELS = r"Bron|Source|Nguồn|Via"
"""Labels of a source line ("Bron: https://...")."""

PHOTO_LABELS = r"Foto|Beeld|Ảnh|Photo|Illustratie"
"""Labels of a photo credit ("Foto: ANP")."""

COMMENT_WORDS = r"Reacties?|Comments?|Bình luận|Reageer|Reageren|Ý kiến"
"""Comment counters and links ("Reacties (0)")."""

READ_MORE = r"Lees (?:ook|meer|verder)|Read (?:more|also)|Xem thêm|Đọc thêm|Meer lezen|Meer nieuws|Bekijk ook|Zie ook"
"""Read-more links."""

RELATED_LISTS = (
    r"Gerelateerde (?:artikelen|berichten|nieuws)|Gerelateerd nieuws|Related (?:articles|stories|news)|Tin liên quan|"
    r"Bài liên quan|In hetzelfde onderwerp|In dezelfde categorie|Van dezelfde auteur|Cùng chuyên mục|Cùng chủ đề|"
    r"Cùng tác giả|Meest gelezen|Most read|Laatste nieuws|Latest news|Tin mới nhất|Đọc nhiều nhất"
)
"""Headings of related-article lists and site sections."""

EMPTY_WIDGETS = (
    r"No data|No videos? available|No comments yet|Geen gegevens|Geen video'?s beschikbaar|Nog geen reacties|"
    r"Không có dữ liệu|Chưa có bình luận"
)
"""Widgets left empty by the copy ("No data")."""

TAG_LABELS = r"Tags?|Trefwoorden|Từ khóa|Keywords"
"""Labels of a tags line ("Trefwoorden: ...")."""

SHARE_BUTTONS = r"Print|Printen|Afdrukken|Delen|Share|Tweet|Mail|Opslaan|Save|Kopieer link|Copy link"
"""Buttons of a share bar, alone on their line."""

SHARE_WORDS = r"Like|Share|Deel|Delen|Tweet"
"""Share and like links that open a short line ("Deel 12", "Like 3")."""

SITE_TOOLS = r"Advertentie|Advertisement|Quảng cáo|Cookie|Copyright|©|®"
"""Ads and notices that open a line of chrome ("Copyright © 2024 Báo Tuyên Quang")."""

SITE_NAV = r"Home|Homepage|Trang chủ|Menu|Zoeken|Search|Tìm kiếm|Inloggen|Đăng nhập"
"""Site tools that are chrome alone on their line or before a separator ("Home | Nieuws |
Sport", "Trang chủ > Thời sự"), not when they open a line: most are verbs as well, and a
help page or a UI string opens with them ("Zoeken binnen gegevensstroom niet mogelijk",
"Tìm kiếm toàn văn": a heading, not a search box)."""

NAVIGATION = (
    r"Menu|Home|Homepage|Zoeken|Search|Tìm kiếm|Trang chủ|Inloggen|Log in|Login|Registreren|Sign up|Uitloggen|"
    r"Volgende|Vorige|Next|Previous|Meer|More|Sluiten|Close|Top|Video'?s?|Foto'?s|Tags?|Trefwoorden|Advertentie|"
    r"Advertisement|Quảng cáo|Populair|Trending|Nieuwsbrief|Newsletter|Contact|Over ons|About us|Privacy|"
    r"Voorwaarden|Reacties?|Reageer|Comments?"
)
"""Navigation words: chrome when they are the whole line (``Meer`` opens many a sentence)."""


def spaced(alternation: str) -> str:
    """The alternation with any run of white space between words."""
    return alternation.replace(" ", r"\s+")
