"""Names (issue 17): which capitalised words of a Vietnamese source are names that should
survive translation, and the ``name-change`` check (a source name rendered as another name).

``pair.missing_names`` (the ``name-missing`` info) uses :func:`vi_shaped` and
:func:`split_run` from here; the changed-name test ``pair._changed`` is shared.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Iterator

from ..text import anchors
from ..data import Severity
from .base import TEXT_CACHE, Check, Context, Finding, clip, seg_evidence
from .calib import joined_links

# A Vietnamese syllable, diacritics folded (anchors.fold): onset, vowel nucleus, coda.
# Hand-written: no library describes Vietnamese phonotactics. The onsets and codas are the
# language's whole inventory (quốc ngữ spelling); the nuclei its monophthongs, diphthongs and
# triphthongs as written. "Cha", "Nhi", "Linh", "Nguyen", "Kim" fit; "Johnson", "Rady", "Lee",
# "Ng", "Lind" do not. Used to tell the Vietnamese words of a capitalised run (a descriptor
# such as "Nhà Tù", "Bệnh viện Nhi", "Cha", which the rendering translates) from a foreign
# name in it ("Long Lartin", "Rady", "Johnson"), which the rendering keeps.
_VI_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    r"(?:oai|oay|oao|oeo|uay|uoi|uou|uya|uye|uyu|ieu|yeu|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|ua|ue|ui|uo|uu|uy|ye|a|e|i|o|u|y)"
    r"(?:ch|ng|nh|c|m|n|p|t)?"
)


def vi_shaped(word: str) -> bool:
    """``word`` can be a Vietnamese syllable: it has Vietnamese-only letters (ă â đ ê ô ơ ư
    or tone marks), or it is spelled like one once folded (Cha, Linh, Nhi)."""
    if _VI_LETTERS.search(word):
        return True
    return bool(_VI_SYLLABLE.fullmatch(anchors.fold(word)))


_VI_LETTERS = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ\u0300-\u036f]|[àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.I)


def foreign_parts(words: list[str]) -> list[list[str]]:
    """The maximal runs of non-Vietnamese words in a capitalised run that also holds
    Vietnamese words ("Nhà Tù HMP Long Lartin" -> [["HMP"], ["Lartin"]]); [] when every
    word is Vietnamese-shaped. A Vietnamese word inside a foreign name ("Long" of Long
    Lartin) is dropped with the descriptor: the rest of the name still has to be there."""
    parts: list[list[str]] = []
    cur: list[str] = []
    for w in words:
        if vi_shaped(w):
            if cur:
                parts.append(cur)
            cur = []
        else:
            cur.append(w)
    if cur:
        parts.append(cur)
    return parts


def is_acronym(word: str) -> bool:
    """All capitals, two letters or more (NATO, UBND, HĐND)."""
    return len(word) >= 2 and word.isupper()


# Acronyms of common nouns that a Dutch translation gives in Dutch words or its own letters
# (ATM: geldautomaat, CCTV: camerabewaking, GDP: bbp, GMO: ggo, LGBT: LHBT, CEO: topman, AI:
# KI, IT: ICT): no name that must survive. (Those Dutch keeps, DNA, GPS, tv, are found as they are.)
COMMON_ACRONYMS = frozenset("""ATM CCTV GDP GMO LGBT LGBTQ CEO CFO AI IT""".split())
# Vietnamese abbreviations of Vietnamese words, which Dutch writes out or abbreviates in its own
# way (TCN trước Công nguyên: v.Chr.; SCN sau Công nguyên: n.Chr.; LHQ Liên Hợp Quốc: VN;
# CHDCND, CHXHCN: the people's republics; CNTT công nghệ thông tin: IT)
_VI_ABBREVIATIONS = frozenset("TCN SCN LHQ CHDCND CHXHCN CNTT".split())


def acronym_rendered(key: str, tgt_acronyms: tuple[str, ...]) -> bool:
    """An acronym of the source rendered by the same acronym in the rendering's language:
    the same letters in another order (ADN/DNA, OTAN/NATO: the words in another order) or
    one letter other (NATO/NAVO, UN/VN: one word translated). An acronym of a common noun
    (ATM) or a Vietnamese abbreviation (TCN) is rendered whatever the rendering has: it
    is translated as words, it is no name that must survive."""
    if key in COMMON_ACRONYMS or key in _VI_ABBREVIATIONS:
        return True
    for a in tgt_acronyms:
        if len(a) != len(key):
            continue
        if sorted(a) == sorted(key) or sum(1 for x, y in zip(a, key) if x != y) == 1:
            return True
    return False


# ---------------------------------------------------------------------------
# spelling: the same name in Dutch spelling, a typing slip, another name


def _skeleton(word: str) -> str:
    """Dutch spelling skeleton of a folded word: sch/sc -> sk, c/q -> k, ph -> f, y/ij/j -> i,
    oe/ou -> u, th -> t, ea -> e, z -> s, doubled letters collapsed. Hand-written: no library knows
    Dutch exonym spelling; the rules are Dutch orthography's own (Schotland, Moskou,
    Filipijnen, Zeeland for Zealand, Jeruzalem) and its transliteration (Sajpov for Saipov, Jeltsin)."""
    w = word.replace("sch", "sk").replace("sc", "sk").replace("ph", "f").replace("th", "t").replace("ij", "i")
    w = w.replace("oe", "u").replace("ou", "u").replace("ea", "e").replace("c", "k").replace("q", "k").replace("y", "i").replace("j", "i").replace("z", "s")
    return re.sub(r"(.)\1+", r"\1", w)


def _typo(key: str, cand: str) -> bool:
    """``cand`` is ``key`` with two neighbouring letters swapped or one letter
    dropped (typing slips); insertions and substitutions are left out because
    exonyms differ that way (Scotland/Schotland, Macedonia/Macedonië)."""
    if len(key) < 5:
        return False
    if len(cand) == len(key):
        diff = [i for i, (a, b) in enumerate(zip(key, cand)) if a != b]
        swapped = len(diff) == 2 and diff[1] == diff[0] + 1 and key[diff[0]] == cand[diff[1]] and key[diff[1]] == cand[diff[0]]
        # English -le/-re against Dutch -el/-er (Naples/Napels, Ireland/Ierland) is spelling, not a slip
        return swapped and {key[diff[0]], key[diff[1]]} not in ({"e", "l"}, {"e", "r"})
    if len(cand) == len(key) - 1:
        return any(key[:i] + key[i + 1 :] == cand for i in range(len(key) - 1))  # not the last letter (endings vary)
    return False


# Endings that make a Dutch word of a name (Amerika -> Amerikaanse, Catalan -> Catalaans):
# an extension by one of these is grammar, not another name.
_DUTCH_NAME_ENDINGS = ("aanse", "aans", "anse", "ans", "nse", "ns", "ees", "ese", "isch", "ische", "se", "s", "e", "er", "ers", "en", "ie", "i", "n")


# Dutch derivations and short compound heads after a name (Colombiaan, Brexiteer, Chileense,
# Babyloniërs, Titicacameer), the Latin form of a classical name (Homerus) and the English
# adjectives a Dutch text quotes (Greenlandic): a word made of the name, not another name.
_DUTCH_DERIVED = ("iaan", "aan", "an", "eers", "eer", "ier", "ense", "ees", "ist", "isme", "aar", "us", "ic", "ish", "ian", "meer", "zee", "stad", "berg",
                  "land", "weg", "dorp", "huis", "club", "team", "fan", "fans", "plan")
_VOWELS = frozenset("aeiouy")
# Letters that transliterations of one name trade at its end (Ivanov/Ivanow, Tbilisi/Tbilisy)
_TRANSLIT_END = ({"v", "w"}, {"s", "z"}, {"f", "v"}, {"k", "c"})


def _changed(key: str, cand: str) -> bool:
    """``cand`` is another name than ``key`` though close to it (issue 17), both folded:
    one letter changed (Lind/Lund), or the name extended by two to four letters that are not
    a Dutch ending or derivation (Ng/Nguyen; Amerikaanse and Titicacameer are Dutch words of
    the name, a longer tail is most often a Dutch compound), and not the same name in Dutch
    spelling (Schotland). A changed last letter counts only between consonants (vowel endings
    vary: Roma/Rome), and in a name longer than seven letters only a consonant change counts
    (long place names change a vowel as exonyms: Greenland/Groenland)."""
    if _skeleton(key) == _skeleton(cand):
        return False
    if 3 <= len(cand) == len(key):
        diff = [i for i, (a, b) in enumerate(zip(key, cand)) if a != b]
        if len(diff) != 1:
            return False
        i = diff[0]
        pair = {key[i], cand[i]}
        if i == len(key) - 1:
            return not (pair & _VOWELS) and pair not in _TRANSLIT_END
        return True
    if len(key) >= 2 and len(cand) > len(key) and cand.startswith(key):
        rest = cand[len(key):]
        if rest[:1] == key[-1] and rest[1:] in _DUTCH_NAME_ENDINGS + ("ing",):
            return False  # a doubled consonant before an ending (Blog -> bloggen): Dutch spelling
        return 2 <= len(rest) <= 4 and rest not in _DUTCH_NAME_ENDINGS and not rest.startswith(_DUTCH_DERIVED)
    return False


def _rendering_explains(key: str, tgt_words: tuple[str, ...]) -> bool:
    """A rendering word that is the source name in Dutch spelling or a derived form:
    Catalonia/Catalonië, Catalan/Catalaans, Scotland/Schotland, Moscow/Moskou (same Dutch
    spelling skeleton over all but the last three letters, at least four letters); a
    country in -land by its Dutch or English adjective (Scotland/Schotse/Scottish, Ireland/Ierse:
    the adjective drops -land; compared on skeletons); English -le/-re against Dutch -el/-er
    (Naples/Napels); a Dutch exonym."""
    sk = _skeleton(key)
    need = max(4, len(sk) - 3)
    if any(_skeleton(w)[:need] == sk[:need] for w in tgt_words):
        return True
    if len(sk) >= 8 and sk.endswith("land") and any(_skeleton(w).startswith(sk[:-4]) and len(_skeleton(w)) <= len(sk) - 1
                                                    for w in tgt_words):
        return True
    swapped = re.sub(r"([lr])e(s?)$", r"e\1\2", sk)
    if swapped != sk and any(_skeleton(w).startswith(swapped) for w in tgt_words):
        return True
    return bool(_EXONYMS.get(key, ()) and any(w.startswith(x) for x in _EXONYMS[key] for w in tgt_words))


# English names whose Dutch form (Taalunie's list of foreign place names) shares no spelling
# skeleton with them: the countries and the cities that news names most. Keyed by the
# folded English (or Vietnamese) form; values are prefixes of the Dutch forms.
_EXONYMS = {"wales": ("wels",), "england": ("engel",), "britain": ("brit",), "greece": ("grieken",),
            "germany": ("duits",), "spain": ("spanj", "spaans"), "egypt": ("egypt",), "vietnam": ("vietnam",),
            "cologne": ("keulen",), "thehague": ("denhaag", "haag"), "hague": ("haag",), "munich": ("munchen",),
            "vienna": ("wenen",), "prague": ("praag",), "warsaw": ("warschau",), "lisbon": ("lissabon",),
            "venice": ("venetie",), "milan": ("milaan",), "turin": ("turijn",), "geneva": ("geneve",),
            "brussels": ("brussel",), "antwerp": ("antwerpen",), "flanders": ("vlaander", "vlaams"),
            "athens": ("athene",), "nuremberg": ("neurenberg",), "aachen": ("aken",), "copenhagen": ("kopenhagen",),
            "netherlands": ("nederland",), "holland": ("nederland", "holland"), "switzerland": ("zwitser",),
            "sweden": ("zweden", "zweeds"), "norway": ("noorwe",), "denmark": ("denemark", "deens"),
            "finland": ("fin",), "poland": ("polen", "pools"), "hungary": ("hongar",), "turkey": ("turk",),
            "russia": ("rusland", "russ"), "ukraine": ("oekra",), "china": ("china", "chinees"),
            "japan": ("japan",), "korea": ("korea",), "india": ("india",), "mexico": ("mexic",),
            "usa": ("vs", "amerika"), "us": ("vs", "amerika"), "uk": ("vk", "brit"), "eu": ("eu",),
            "un": ("vn",), "nato": ("navo",), "london": ("londen",), "greenland": ("groenland",),
            "morocco": ("marok",), "lebanon": ("libanon",), "genoa": ("genua",), "bucharest": ("boekarest",), "europe": ("europ",), "africa": ("afrika",), "asia": ("azie", "aziat")}

# ---------------------------------------------------------------------------
# name-change: a source name rendered as another name


def _against(ctx: Context, k: int) -> str | None:
    """The re-translation of link ``k`` (model or --against), or None."""
    score = ctx.scores[k] if k < len(ctx.scores) else None
    return score.reference if score is not None else None


def _words(text: str) -> list[str]:
    return anchors._NAME_WORD.findall(text)


# Letters with a stroke or a dotless form that Unicode does not decompose (Słania, İzmir,
# Øresund): folded by hand to their base letter, as anchors.fold does đ.
_EXTRA_FOLD = str.maketrans({"ł": "l", "ø": "o", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe"})


def _fold(word: str) -> str:
    return anchors.fold(word).translate(_EXTRA_FOLD)


# Dutch titles and honorifics written with a capital before a name (Eerwaarde Johnson,
# Premier Zaev): capitalised words of the rendering that are not names.
NL_TITLES = frozenset("""eerwaarde premier president minister koning koningin prins prinses paus
keizer generaal kolonel kapitein senator burgemeester gouverneur professor prof dokter dr dhr mr mevr
mevrouw meneer heer sir lord lady sint saint directeur voorzitter""".split())
# Endings of the Dutch adjectives and plural nouns of peoples and places (Britse,
# Macedonische, Chinese, Amerikaanse, Amerikanen): a capitalised word made from a name.
# The -se of an adjective follows a consonant or e (Britse, Franse, Engelse, Chinese); a name
# ending in another vowel and -se (Toulouse, Bellenglise, Louise) is no adjective.
_NL_ADJECTIVE = re.compile(r"(?:[bcdfghklmnprstvwxz]se|ese|sche|isch|ische|aans|anen)$")


def _sounds_alike(a: str, b: str) -> bool:
    """Two folded names close enough in spelling skeleton to be one name's forms
    (Iceland/IJsland, Dunkirk/Duinkerken, Campuchia/Cambodja, Maldives/Malediven): an
    exonym keeps the sound of the name, another name does not. The same first letter (or
    both vowels) and half the skeleton letters in order (difflib ratio >= 0.5)."""
    # Dutch writes w for the v of Slavic and German names (Wolga, Warschau, Slowakije); not
    # in the skeleton, where it would hide a changed letter (Twitter/Tvitter)
    sa, sb = _skeleton(a).replace("w", "v"), _skeleton(b).replace("w", "v")
    if not sa or not sb or (sa[0] != sb[0] and not (sa[0] in _VOWELS and sb[0] in _VOWELS)):
        return False
    return SequenceMatcher(None, sa, sb, autojunk=False).ratio() >= 0.5


# Vietnamese words written with a capital whose Dutch rendering is lower case: weekdays
# (Thứ Bảy, Chủ Nhật), months (Tháng Mười Một) and compass points (miền Đông).
_VI_LOWERCASE_IN_DUTCH = frozenset("""thứ hai ba tư năm sáu bảy chủ nhật ngày tháng giêng chạp mười một
đông tây nam bắc""".split())


# Vietnamese names of the countries, continents, oceans and state bodies that news names most,
# whose Dutch form shares no spelling with them (Mỹ/Verenigde Staten, Nga/Rusland, châu
# Âu/Europa, Thái Bình Dương/Stille Oceaan, Quốc hội/Congres): the standard Vietnamese exonyms
# (as the Vietnamese Wikipedia names the countries). Keyed by the lowercased Vietnamese words,
# diacritics kept (folded, Đức and Dục, Úc and Uc merge); values are prefixes of the folded
# Dutch words of the name, its adjective and its people (Amerikaanse, Russen, Europese, Fransen).
_VI_EXONYMS: dict[str, tuple[str, ...]] = {
    "mỹ": ("amerika", "verenigde", "staten", "vs"), "hoa kỳ": ("amerika", "verenigde", "staten", "vs"),
    "anh": ("engel", "brit", "groot", "verenigd", "koninkrijk", "vk"), "pháp": ("frank", "frans"),
    "đức": ("duits",), "nga": ("rus",), "úc": ("australi",), "ý": ("itali",), "nhật": ("japan",),
    "nhật bản": ("japan",), "hàn quốc": ("korea", "zuid"), "triều tiên": ("korea", "noord"),
    "trung quốc": ("chin", "mandarijn"), "trung": ("chin", "mandarijn"), "ấn độ": ("indi",),
    "thái lan": ("thai",), "tây ban nha": ("spanj", "spaans"), "bồ đào nha": ("portug",),
    "hà lan": ("nederland", "holland"), "bỉ": ("belg",), "thụy điển": ("zwe",), "thụy sĩ": ("zwitser",),
    "na uy": ("noor",), "đan mạch": ("dene", "deens"), "ba lan": ("pol", "pool"), "hy lạp": ("griek",),
    "thổ nhĩ kỳ": ("turk",), "ai cập": ("egypt",), "do thái": ("jood", "joden", "joods", "israel"),
    "ả rập": ("arab",), "âu": ("europ",), "á": ("azi",), "phi": ("afrika",), "nam phi": ("zuid", "afrika"),
    "đài loan": ("taiwan",), "bắc kinh": ("peking", "beijing"), "luân đôn": ("londen",),
    "thái bình dương": ("stille", "pacifi", "oceaan", "zuidzee"), "đại tây dương": ("atlanti", "oceaan"),
    "ấn độ dương": ("indisch", "oceaan"), "liên hợp quốc": ("verenigde", "naties", "vn"),
    "quốc hội": ("congres", "parlement", "kamer"), "thượng viện": ("senaat",), "hạ viện": ("huis", "kamer"),
    "nhà trắng": ("witte", "huis"), "lầu năm góc": ("pentagon",), "đảng dân chủ": ("democrat",),
    "đảng cộng hòa": ("republikein",), "thiên chúa": ("god", "heer"), "chúa": ("god", "heer", "christus"),
    "phật": ("boeddh",), "giáng sinh": ("kerst",), "phục sinh": ("pasen",),
}
_VI_EXONYM_LEN = max(len(k.split()) for k in _VI_EXONYMS)


@lru_cache(maxsize=TEXT_CACHE)
def vi_exonyms(src_text: str) -> tuple[frozenset[int], tuple[str, ...]]:
    """The Vietnamese exonyms of ``_VI_EXONYMS`` in the source: the indices (among the
    source's words) of their words, and the prefixes of their Dutch forms. A phrase counts when
    one of its words has a capital ("châu Âu", "Quốc hội"); a one-word one only inside a
    sentence or a bracket ("(Anh và Ireland)"; at a sentence's start Anh is "you"), and Anh
    and Đức not before another capitalised word, where they are titles ("Anh Mandagi": Mr
    Mandagi; "Đức Giáo hoàng": His Holiness; but "người Ý Galileo")."""
    words = anchors._NAME_WORD.findall(src_text)
    spans = list(anchors._NAME_WORD.finditer(src_text))
    low = [w.lower() for w in words]
    idx: set[int] = set()
    forms: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(_VI_EXONYM_LEN, len(words) - i), 0, -1):
            key = " ".join(low[i:i + n])
            if key not in _VI_EXONYMS or not any(w[:1].isupper() for w in words[i:i + n]):
                continue
            opens = _is_initial(src_text, spans[i].start()) and anchors.char_before(src_text, spans[i].start()) != "("
            titled = (key in ("anh", "đức") and i + 1 < len(words) and words[i + 1][:1].isupper()
                      and src_text[spans[i].end():spans[i + 1].start()] in (" ", "-"))
            if n == 1 and (opens or titled):
                continue
            idx.update(range(i, i + n))
            forms.extend(_VI_EXONYMS[key])
            i += n - 1
            break
        i += 1
    return frozenset(idx), tuple(dict.fromkeys(forms))


# Dutch words written with a capital as the name of a state body, of a party's members or of
# God (Woordenlijst: de Senaat, het Congres, de Kamer, ministerie van Justitie, Handel en
# Industrie, de Democraten, voor Christus): they translate Vietnamese common words (Thượng
# viện, tư pháp, công thương, TCN), so they are no foreign name standing for a missing one.
NL_INSTITUTIONS = frozenset("""senaat congres parlement kamer raad hof commissie vergadering regering
kabinet ministerie justitie defensie financien handel industrie economische zaken buitenlandse binnenlandse
onderwijs volksgezondheid landbouw democraten republikeinen conservatieven liberalen socialisten
communisten christus god allah boeddha bijbel koran""".split())


# Vietnamese conjunctions and prepositions: between two capitalised words they part two names
# ("Biển Đen và Biển Caspi"), where a content syllable joins one ("Chung kết Sơ bộ").
_VI_LINKS = frozenset("""và của ở tại với từ đến tới cho là hay hoặc về trong ngoài trên dưới sau trước
gần bên qua như theo""".split())


# Heads of Dutch compound names of bodies (Gerechtshof, Veiligheidsraad, Tweede Kamer) and of
# seas, lakes and canals (Oostzee, Onegameer, Suezkanaal), and the first words of party
# members' names (Republikeinse, Democratische): a word made with one is a Dutch-made name,
# the translation of a name of the source, not a foreign one put in its place.
_NL_NAME_HEADS = ("hof", "raad", "kamer", "commissie", "ministerie", "parlement", "zee", "meer", "kanaal", "oceaan",
                  "gebergte")
_NL_NAME_STARTS = ("democrat", "republikein", "conservatie", "liberal", "socialist", "communist")
# Inflected Dutch adjectives that make Dutch names (Rode Kruis, Zwarte Zee, Witte Huis, Grote
# Oceaan, Verenigde Naties, Heilige Stoel, Internationaal Gerechtshof): a run with one is a
# Dutch-made name.
NL_NAME_ADJECTIVES = frozenset("""rode witte zwarte gele groene blauwe grote kleine nieuwe oude hoge lage
noordelijke zuidelijke oostelijke westelijke verenigde heilige nationale nationaal internationale internationaal
centrale centraal koninklijke koninklijk""".split())


# The English words for such bodies, which a Dutch text keeps in British and American names
# (Houses of Parliament, Supreme Court, Security Council): a run with one names a body, most
# often the translation of a Vietnamese descriptor (Cung điện, Tòa án, Hội đồng).
_EN_BODIES = frozenset("parliament senate congress court council assembly commission ministry".split())


def _dutch_made(k: str) -> bool:
    """A folded capitalised rendering word that is Dutch, not a foreign name: a title, a state
    body, a name-making adjective, a people's adjective, or a word made on one of their heads."""
    return (k in NL_TITLES or k in NL_INSTITUTIONS or k in _EN_BODIES or k in NL_NAME_ADJECTIVES
            or bool(_NL_ADJECTIVE.search(k)) or k.startswith(_NL_NAME_STARTS)
            or (len(k) > 4 and k.endswith(_NL_NAME_HEADS)))


# Vietnamese classifiers and function words that a capital at the head of a descriptive phrase
# does not make a name ("Người nắm toàn quyền": the governor-general; "Các", "Những": plurals)
_VI_HEADS = frozenset("người các những một mọi mỗi cơn thời ngày hôm".split())


def _vi_names_unrendered(src_text: str, tgt_folded: set[str], tgt_caps: tuple[str, ...] = ()) -> int:
    """The Vietnamese names inside a sentence of the source that the rendering does not
    hold (Biển Đen, Sao Kim, Am-xtéc-đam, Chung kết Sơ bộ): the rendering may give them as
    Dutch names (Zwarte Zee, Venus), so an unexplained rendering name may be a translation,
    not a replacement. Their number, a name counted once: Vietnamese writes the name of a
    thing with a capital on each word's first syllable ("Liên đoàn Tự do Dân sự", "Chung kết
    Sơ bộ"), so capitalised Vietnamese syllables with at most one lower-case syllable between
    them are one name. Not counted: a name one of whose capitalised words the rendering has,
    a known exonym (``_VI_EXONYMS``: its Dutch form is known), weekdays, months and compass
    points (lower case in Dutch), titles, and a descriptor before a foreign name within two
    syllables ("Khách sạn Roa Roa", "Linh mục John", "Khu cắm trại Bright Angel": Dutch puts
    that word in the name or translates it as a common noun), a numbered noun ("Cấp 1"), a lone
    capitalised classifier ("Người"), and a hyphened transliteration that sounds like one of
    ``tgt_caps``, the rendering's capitalised words folded (Cam-pu-chia/Cambodja)."""
    spans = list(anchors._NAME_WORD.finditer(src_text))
    ex_idx, _ = vi_exonyms(src_text)

    def countable(i: int) -> bool:
        w = spans[i].group(0)
        return (w[:1].isupper() and not is_acronym(w) and vi_shaped(w) and i not in ex_idx
                and not _is_initial(src_text, spans[i].start()))

    def gap_ok(i: int) -> bool:  # words i and i + 1 are in one phrase (a space or hyphen between)
        return i + 1 < len(spans) and src_text[spans[i].end():spans[i + 1].start()] in (" ", "-")

    n, i = 0, 0
    while i < len(spans):
        if not countable(i):
            i += 1
            continue
        phrase = [i]
        j = start = i
        while True:  # extend by a capitalised word after at most one lower-case syllable
            if gap_ok(j) and countable(j + 1):
                j += 1
            elif (gap_ok(j) and gap_ok(j + 1) and not spans[j + 1].group(0)[:1].isupper()
                  and spans[j + 1].group(0) not in _VI_LINKS and countable(j + 2)):
                j += 2
            else:
                break
            phrase.append(j)
        i = j + 1
        caps = [spans[k].group(0) for k in phrase]
        if any(_fold(w) in tgt_folded for w in caps):
            continue  # rendered: the name survives
        if all(w.lower() in anchors.VI_TITLES or w.lower() in _VI_LOWERCASE_IN_DUTCH for w in caps):
            continue  # (Nhật alone is Japan, an exonym above, not the Nhật of Chủ Nhật, Sunday)
        # the next capitalised word within two syllables, inside the sentence
        k, foreign_next = j, False
        for _ in range(3):
            if not gap_ok(k):
                break
            k += 1
            w = spans[k].group(0)
            if w[:1].isupper():
                foreign_next = is_acronym(w) or not vi_shaped(w) or k in ex_idx
                break
        if foreign_next:
            continue  # a descriptor of a foreign name or code
        before = spans[start - 1].group(0) if start > 0 else ""
        if before[:1].isupper() and gap_ok(start - 1) and not vi_shaped(before):
            continue  # the end of a foreign name that happens to be spelled like a syllable (Scottish Sun)
        if re.match(r"\s*\d", src_text[spans[j].end():]):
            continue  # a numbered common noun ("Cấp 1", "Điều 5": categorie 1, artikel 5)
        if caps[0].lower() in _VI_HEADS and len(caps) == 1:
            continue  # a classifier or function word written with a capital ("Người nắm toàn quyền")
        chain = _hyphen_chain(src_text, spans, j)
        if chain and any(_sounds_alike(chain, c) for c in tgt_caps):
            continue  # a transliteration the rendering gives in Dutch spelling (Cam-pu-chia/Cambodja)
        n += 1
    return n


def _hyphen_chain(text: str, spans: list, i: int) -> str:
    """Word ``i`` with the syllables hyphened to it ("Cam-pu-chia"), folded and joined, or ""."""
    j = i
    while j + 1 < len(spans) and text[spans[j].end():spans[j + 1].start()] == "-":
        j += 1
    return "".join(_fold(spans[k].group(0)) for k in range(i, j + 1)) if j > i else ""


def hyphen_transliterations(src_text: str) -> tuple[str, ...]:
    """Vietnamese transliterations of foreign names, capitalised syllables hyphened
    together (Cam-pu-chia, Am-xtéc-đam), folded and joined (campuchia)."""
    spans = list(anchors._NAME_WORD.finditer(src_text))
    return tuple(c for i, m in enumerate(spans) if m.group(0)[:1].isupper() and vi_shaped(m.group(0))
                 and (i == 0 or src_text[spans[i - 1].end():m.start()] != "-")
                 and (c := _hyphen_chain(src_text, spans, i)))


def _is_initial(text: str, start: int) -> bool:
    """The word at ``start`` opens the text, a sentence, a quote or a list item. A hyphen
    that joins two words (West-Virginia, Noord-Korea) opens nothing: only a dash with a space
    before it does."""
    before = anchors.char_before(text, start)
    if before == "-" and start >= 2 and text[start - 1] == "-" and text[start - 2].isalpha():
        return False
    return not before or before in anchors._NAME_OPENERS


def _initials(text: str) -> str:
    """The first letters of the text's capitalised words, in order, with "|" where two or more
    lower-case words part them: "National Trust for Scotland" gives NTS, "Internationaal
    Olympisch Comité" IOC (an acronym of the source written out)."""
    out, lower = [], 0
    for m in anchors._NAME_WORD.finditer(text):
        w = m.group(0)
        if w[:1].isupper():
            if lower >= 2:
                out.append("|")
            out.append(_fold(w[0]))
            lower = 0
        else:
            lower += 1
    return "".join(out).upper()


# Acronyms that stand for a unit the rendering converts or spells out, not a name (ISO 4217
# currencies, time zones), and Vietnamese administrative acronyms (abbreviations of Vietnamese
# words, translated); pair.py's name-missing uses the same lists.
_UNIT_ACRONYMS = frozenset("""USD EUR GBP JPY CNY VND AUD CAD CHF KRW INR RUB
GMT UTC BST CET CEST EST EDT CST CDT MST MDT PST PDT ICT""".split())
_VI_ACRONYMS = frozenset(anchors.fold(w) for w in """UBND HĐND TP TPHCM ĐBQH BCH TW ĐH THPT THCS CSGT BHXH BHYT
QĐ NĐ HTX KCN KTX CLB""".split())


def _acronyms_gone(src_text: str, tgt_text: str, tgt_all: list[str]) -> list[str]:
    """Acronyms of the source (three letters or more, Latin letters only) that the rendering
    neither has, nor writes in its own language's form (NATO/NAVO, ADN/DNA), nor spells out
    (NTS as National Trust for Scotland, IOC as Internationaal Olympisch Comité); currency,
    time-zone and Vietnamese administrative acronyms (UBND), Vietnamese abbreviations (TCN)
    and acronyms of common nouns (ATM) are translated, not names."""
    tgt_compact = anchors.folded_compact(tgt_text)
    tgt_acronyms = tuple(w for w in tgt_all if is_acronym(w))
    tgt_words = tuple(_fold(w) for w in tgt_all)
    initials = None
    out: list[str] = []
    for w in dict.fromkeys(_words(src_text)):
        if not (is_acronym(w) and len(w) >= 3 and w.isascii()):
            continue
        k = w.lower()
        if k in tgt_compact or w in _UNIT_ACRONYMS or k in _VI_ACRONYMS or acronym_rendered(w, tgt_acronyms):
            continue
        if any(t.startswith(x) for x in _EXONYMS.get(k, ()) for t in tgt_words):
            continue
        if initials is None:
            initials = _initials(tgt_text)
        if w in initials:
            continue
        out.append(w)
    return out


@lru_cache(maxsize=TEXT_CACHE)
def changed_names(src_text: str, tgt_text: str, against: str | None, src_lang: str) -> tuple[tuple[str, str, int, int, str], ...]:
    """(source word, rendering word, start, end, kind) for each rendering name word that
    is in neither the source nor the re-translation and stands for a source name word
    that is missing from the rendering; kind "changed" (one letter changed, a letter
    dropped or two swapped: Lind/Lund), "extended" (Ng/Nguyen: more than a Dutch ending
    added) or "replaced": exactly one foreign name or acronym of the source is missing
    altogether (after setting aside those that sound like a rendering name: Iceland/IJsland)
    and the rendering has capitalised runs, inside a sentence, that nothing in the source
    (nor the re-translation, nor a Vietnamese exonym, nor Dutch name-making words) explains,
    more of them than the Vietnamese names of the source the rendering may have translated;
    the one shown is the one nearest the missing name's place. Acronyms are never changed or
    extended (NATO/NAVO is translation). A function of the texts: cached."""
    src_compact = anchors.folded_compact(src_text).translate(_EXTRA_FOLD)
    against_words = {_fold(w) for w in _words(against)} if against else set()
    tgt_all = _words(tgt_text)
    tgt_folded = {_fold(w) for w in tgt_all}
    tgt_tuple = tuple(tgt_folded)
    src_words: list[str] = []
    gone: list[str] = []  # foreign source names none of whose words is in the rendering
    for nm in anchors.name_spans(src_text, src_lang):
        words = [w.strip(".,;:'’\"") for w in nm.text.replace("-", " ").split()]
        for w in words:
            k = _fold(w)
            if len(k) < 2 or is_acronym(w) or k in src_words:
                continue
            if k in anchors.VI_NOT_NAMES or w.lower() in anchors.VI_TITLES:
                continue
            if k in tgt_folded:
                continue  # rendered as it is
            src_words.append(k)
        for part in foreign_parts(words):
            # (a word of one or two letters, Mr of Mr Bean, says nothing: the rest must be gone)
            keys = [_fold(w) for w in part if not is_acronym(w) and len(_fold(w)) >= 3]
            if keys and all(k in src_words and not _rendering_explains(k, tgt_tuple) for k in keys):
                if " ".join(part) not in gone:  # a name said twice is one name
                    gone.append(" ".join(part))
    if src_lang == "vi":
        gone += _acronyms_gone(src_text, tgt_text, tgt_all)
    if not src_words and not gone:
        return ()
    out: list[tuple[str, str, int, int, str]] = []
    caps: list[tuple[int, int, bool | None]] = []  # capitalised rendering words: start, end, unexplained
    vi_forms = vi_exonyms(src_text)[1] if src_lang == "vi" else ()
    src_word_set = {_fold(w) for w in _words(src_text)}
    for m in anchors._NAME_WORD.finditer(tgt_text):
        w = m.group(0)
        if not w[:1].isupper():
            continue
        k = _fold(w)
        if len(k) == 2 and not is_acronym(w):
            # a word of two letters is found inside any text (Ho, Ri of Ri Yong Ho): it says
            # nothing either way unless it is a word of the source or opens a sentence (De Deen).
            # (One letter, an initial as in D.C. or John F. Kennedy, goes on as before.)
            explained = k in src_word_set or k in against_words or _is_initial(tgt_text, m.start())
            caps.append((m.start(), m.end(), False if explained else None))
            continue
        if k in src_compact or k in against_words:
            caps.append((m.start(), m.end(), False))
            continue  # in the source (or the re-translation has it too)
        if is_acronym(w):
            # an acronym the source has not: a translated one (NAVO) or part of a name
            # (RSPCA New South Wales); it neither explains a run nor makes it strange
            caps.append((m.start(), m.end(), None))
            continue
        initial = _is_initial(tgt_text, m.start())
        found = False
        for s in src_words:
            if k[:1] != s[:1] or _skeleton(k) == _skeleton(s):
                continue
            if any(k.startswith(x) for x in _EXONYMS.get(s, ())):
                continue  # its Dutch exonym (Londen, Groenland)
            if vi_shaped(s) and (k.startswith(s) or initial):
                continue  # a Vietnamese syllable is close to many Dutch words (Vắc/Vaccin, Hút/Het)
            if _changed(s, k) or _typo(s, k):
                kind = "extended" if k.startswith(s) else "changed"
                shown = next((x for x in _source_spelling(src_text, s)), s)
                out.append((shown, w, m.start(), m.end(), kind))
                found = True
                break
        if (found or initial or _dutch_made(k) or k.startswith(vi_forms)
                or any(_rendering_explains(s, (k,)) for s in src_words)):
            caps.append((m.start(), m.end(), False))
        else:
            caps.append((m.start(), m.end(), True))
    if out or not gone:
        return tuple(out)
    # runs of capitalised words (one space, a hyphen, or the "of" of an English name between:
    # Houses of Parliament, Bank of England): a name the source does not
    # explain is a run whose every word is unexplained ("Felipe Massa"); a run with an
    # explained word is a translated name ("Zuid-Californië")
    strangers: list[tuple[int, int]] = []
    i = 0
    while i < len(caps):
        j = i
        while j + 1 < len(caps) and (tgt_text[caps[j][1]:caps[j + 1][0]] in (" ", "-", "\u00a0", " of ", " of the ")):
            j += 1
        run = caps[i:j + 1]
        if all(c[2] is not False for c in run) and any(c[2] for c in run):
            strangers.append((run[0][0], run[-1][1]))
        i = j + 1
    # a missing name and a stranger that sound alike are one name in two spellings (Iceland /
    # IJsland, Slovakia/Slowakije): both are set aside, and the rest is looked at
    # (or a missing name and a Dutch adjective: Aegean/Egeïsche)
    new_caps = [(m.start(), m.end()) for m in anchors._NAME_WORD.finditer(tgt_text)
                if m.group(0)[:1].isupper() and _fold(m.group(0)) not in src_compact]
    used: set[int] = set()  # rendering words that stand for a source name
    for g in list(gone):
        gk = anchors.folded_compact(g)
        twin = next((st for st in strangers if _sounds_alike(gk, anchors.folded_compact(tgt_text[st[0]:st[1]]))), None)
        if twin is not None:
            gone.remove(g)
            strangers.remove(twin)
            used.update(a for a, _ in new_caps if twin[0] <= a < twin[1])
            continue
        word = next((c for c in new_caps if _NL_ADJECTIVE.search(_fold(tgt_text[c[0]:c[1]]))
                     and _sounds_alike(gk, _fold(tgt_text[c[0]:c[1]]))), None)
        if word is not None:
            gone.remove(g)
            used.add(word[0])
    translit = hyphen_transliterations(src_text) if src_lang == "vi" else ()
    strangers = [st for st in strangers
                 if not any(_sounds_alike(c, anchors.folded_compact(tgt_text[st[0]:st[1]])) for c in translit)]
    if len(gone) != 1 or not strangers:
        return tuple(out)
    # Each Vietnamese name of the source the rendering does not hold may be rendered by one
    # Dutch name (Biển Đen/Zwarte Zee), less those a Dutch adjective of a people or place
    # (Republikeinse) renders, and those the re-translation gives too (a Dutch name of the
    # rendering that the re-translation also has, not the source, translates one of them):
    # a replacement is seen when the strangers outnumber the Vietnamese names left.
    # (an adjective of a foreign name of the source, Kaspische for Caspi, renders that one, and
    # one of a known Vietnamese exonym, Italiaanse for Ý, that exonym, which is not counted)
    dutch_forms = sum(1 for a, b in new_caps if a not in used and _NL_ADJECTIVE.search(_fold(tgt_text[a:b]))
                      and not _fold(tgt_text[a:b]).startswith(vi_forms)
                      and not any(_rendering_explains(s, (_fold(tgt_text[a:b]),)) for s in src_words if not vi_shaped(s)))
    if against_words:
        dutch_forms += sum(1 for m in anchors._NAME_WORD.finditer(tgt_text) if m.group(0)[:1].isupper()
                           and _fold(m.group(0)) in against_words and _fold(m.group(0)) not in src_compact
                           and not is_acronym(m.group(0)) and not _is_initial(tgt_text, m.start()))
    # an acronym of the rendering the source does not have abbreviates a translated name
    # (Ủy Ban Bầu Cử Lâm Thời: CEP)
    dutch_forms += sum(1 for w in dict.fromkeys(tgt_all) if is_acronym(w) and _fold(w) not in src_compact)
    tgt_caps = tuple(_fold(tgt_text[a:b]) for a, b in new_caps)
    unrendered = _vi_names_unrendered(src_text, tgt_folded, tgt_caps)
    if len(strangers) <= unrendered - dutch_forms:
        return tuple(out)
    # the stranger shown is the one whose place in the rendering is nearest the missing
    # name's place in the source (both languages put a sentence's parts in much the same order)
    at = src_text.find(gone[0].split()[0]) / max(1, len(src_text))
    a, b = min(strangers, key=lambda st: abs(st[0] / max(1, len(tgt_text)) - at))
    out.append((gone[0], tgt_text[a:b], a, b, "replaced"))
    return tuple(out)


def _source_spelling(src_text: str, key: str) -> Iterator[str]:
    for w in _words(src_text):
        if _fold(w) == key:
            yield w


class NameChangeCheck(Check):
    code = "name-change"
    severity = Severity.WARNING
    needs_source = True
    description = ("A name of the rendering that is in neither the source nor the re-translation and "
                   "is a source name changed: one letter other, a letter dropped or two swapped "
                   "(Lind/Lund), extended past a Dutch ending (Ng/Nguyen), or a missing foreign name "
                   "replaced by a name nothing explains; both spellings shown.")

    def measure(self, ctx: Context) -> Iterator[Finding]:
        # a rendering that also renders a neighbouring 1:0 sentence (calib.merged_omissions) is read against
        # both source sentences and both re-translations: the 1:0 is a note, so its names are checked here
        def joined(k: int) -> tuple[str, str | None]:
            ks = joined_links(ctx, k)
            if len(ks) == 1:
                return ctx.src_text(k), _against(ctx, k)
            tr = ctx.translation
            return (" ".join(ctx.src_text(j) for j in ks),
                    tr.for_segments(sorted(i for j in ks for i in ctx.alignment.links[j].src)) if tr is not None else None)

        found = [(k, changed_names(src, ctx.tgt_text(k), against, ctx.config.src_lang))
                 for k, _link in ctx.pairs() for src, against in (joined(k),)]
        # A source name replaced by the same other name in two or more pairs of the document is
        # the translator's chosen form of it (an exonym the lists do not hold: Sulawesi/Celebes,
        # Burma/Myanmar), not a slip: a replacement is a one-off. Such pairs are left out. A
        # changed or extended spelling repeated stays a warning: that relation is specific, and a
        # system that writes a name wrong writes it wrong every time.
        # (keyed by the rendering name's last word: Celebes and Midden-Celebes are one form)
        def key(h: tuple) -> tuple[str, str]:
            return _fold(h[0]), _fold(_words(h[1])[-1]) if _words(h[1]) else ""

        seen: dict[tuple[str, str], set[int]] = {}
        for k, hits in found:
            for h in hits:
                seen.setdefault(key(h), set()).add(k)
        for k, hits in found:
            hits = tuple(h for h in hits if h[4] != "replaced" or len(seen[key(h)]) < 2)
            if not hits:
                continue
            ev = [e for _, _, a, b, kind in hits for e in ctx.link_span(k, a, b, "tgt", f"name {kind}")]
            src_segs = [seg for j in joined_links(ctx, k) for seg in ctx.src_segments(j)]
            for s, *_ in hits:
                for seg in src_segs:
                    i = seg.text.find(s)
                    if i >= 0:
                        ev.append(seg_evidence(seg, i, i + len(s), "in the source"))
                        break
            shown = ", ".join(f"\u201c{w}\u201d for \u201c{s}\u201d" for s, w, *_ in hits)
            yield Finding(k, float(len(hits)), f"name changed from the source: {clip(shown, 80)}", ev,
                          {"kinds": [h[4] for h in hits]})
