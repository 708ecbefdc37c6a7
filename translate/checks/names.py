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


def acronym_rendered(key: str, tgt_acronyms: tuple[str, ...]) -> bool:
    """An acronym of the source rendered by the same acronym in the rendering's language:
    the same letters in another order (ADN/DNA, OTAN/NATO: the words in another order) or
    one letter other (NATO/NAVO, UN/VN: one word translated)."""
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
        vowels = pair <= _VOWELS
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
    country in -land by its Dutch adjective (Scotland/Schotse, Ireland/Ierse: the adjective
    drops -land); English -le/-re against Dutch -el/-er (Naples/Napels); a Dutch exonym."""
    sk = _skeleton(key)
    need = max(4, len(sk) - 3)
    if any(_skeleton(w)[:need] == sk[:need] for w in tgt_words):
        return True
    if len(sk) >= 8 and sk.endswith("land") and any(_skeleton(w).startswith(sk[:-4]) and len(w) <= len(sk) - 1 for w in tgt_words):
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
_NL_ADJECTIVE = re.compile(r"(?:se|sche|isch|ische|aanse|aans|anen)$")


def _sounds_alike(a: str, b: str) -> bool:
    """Two folded names close enough in spelling skeleton to be one name's forms
    (Iceland/IJsland, Dunkirk/Duinkerken, Campuchia/Cambodja, Maldives/Malediven): an
    exonym keeps the sound of the name, another name does not. The same first letter (or
    both vowels) and half the skeleton letters in order (difflib ratio >= 0.5)."""
    sa, sb = _skeleton(a), _skeleton(b)
    if not sa or not sb or (sa[0] != sb[0] and not (sa[0] in _VOWELS and sb[0] in _VOWELS)):
        return False
    return SequenceMatcher(None, sa, sb, autojunk=False).ratio() >= 0.5


# Vietnamese words written with a capital whose Dutch rendering is lower case: weekdays
# (Thứ Bảy, Chủ Nhật), months (Tháng Mười Một) and compass points (miền Đông).
_VI_LOWERCASE_IN_DUTCH = frozenset("""thứ hai ba tư năm sáu bảy chủ nhật ngày tháng giêng chạp mười một
đông tây nam bắc""".split())


def _vi_names_unrendered(src_text: str, tgt_folded: set[str]) -> int:
    """The source has a capitalised Vietnamese word inside a sentence that the rendering
    does not hold (Mỹ, Anh, Biển Đen, Sao Kim, Am-xtéc-đam): a Vietnamese name or exonym
    that the rendering gives in Dutch (Verenigde Staten, Engeland, Zwarte Zee, Venus), so
    an unexplained rendering name may be its translation, not a replacement. Their number
    (runs counted by their last word)."""
    words = list(anchors._NAME_WORD.finditer(src_text))
    n, seen = 0, set()
    for i, m in enumerate(words):
        w = m.group(0)
        if not w[:1].isupper() or is_acronym(w) or not vi_shaped(w) or _is_initial(src_text, m.start()):
            continue
        k = anchors.fold(w)
        nxt = words[i + 1].group(0) if i + 1 < len(words) else ""
        prev = words[i - 1].group(0) if i else ""
        if w.lower() in _VI_LOWERCASE_IN_DUTCH and not (w.lower() == "nhật" and prev.lower() != "chủ"):
            continue  # a weekday, month or compass point: Dutch writes it in lower case
        if w.lower() in anchors.VI_TITLES or (nxt[:1].isupper() and src_text[m.end():words[i + 1].start()] in (" ", "-")):
            continue  # a title or the head of a longer name ("Tổng thống Trump", "Bão Rosa", "Biển Đen")
        if k not in tgt_folded and k not in seen:
            seen.add(k)
            n += 1
    return n


def _is_initial(text: str, start: int) -> bool:
    before = anchors.char_before(text, start)
    return not before or before in anchors._NAME_OPENERS


@lru_cache(maxsize=TEXT_CACHE)
def changed_names(src_text: str, tgt_text: str, against: str | None, src_lang: str) -> tuple[tuple[str, str, int, int, str], ...]:
    """(source word, rendering word, start, end, kind) for each rendering name word that
    is in neither the source nor the re-translation and stands for a source name word
    that is missing from the rendering; kind "changed" (one letter changed, a letter
    dropped or two swapped: Lind/Lund), "extended" (Ng/Nguyen: more than a Dutch ending
    added) or "replaced": a foreign name of the source is missing altogether and the
    rendering has a name, inside a sentence, that nothing in the source (nor the
    re-translation) explains; that one is reported only when it is the only such pair
    (source name and rendering name, one each). Acronyms are left out (NATO/NAVO is
    translation). A function of the texts: cached."""
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
            keys = [_fold(w) for w in part if not is_acronym(w)]
            if keys and all(len(k) >= 3 and k in src_words and not _rendering_explains(k, tgt_tuple) for k in keys):
                gone.append(" ".join(part))
    if not src_words:
        return ()
    out: list[tuple[str, str, int, int, str]] = []
    caps: list[tuple[int, int, bool]] = []  # capitalised rendering words: start, end, unexplained
    for m in anchors._NAME_WORD.finditer(tgt_text):
        w = m.group(0)
        if not w[:1].isupper():
            continue
        k = _fold(w)
        if is_acronym(w) or k in src_compact or k in against_words:
            caps.append((m.start(), m.end(), False))
            continue  # in the source (or the re-translation has it too)
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
        caps.append((m.start(), m.end(), not found and not initial and len(k) >= 3 and k not in NL_TITLES
                     and not _NL_ADJECTIVE.search(k) and not any(_rendering_explains(s, (k,)) for s in src_words)))
    if out or len(gone) != 1:
        return tuple(out)
    # a Dutch adjective of a people or place (Republikeinse) may render one of them
    dutch_forms = sum(1 for w in tgt_all if w[:1].isupper() and _NL_ADJECTIVE.search(_fold(w))
                      and _fold(w) not in src_compact)
    if _vi_names_unrendered(src_text, tgt_folded) > dutch_forms:
        return tuple(out)
    # runs of capitalised words (one space or a hyphen between): a name the source does not
    # explain is a run whose every word is unexplained ("Felipe Massa"); a run with an
    # explained word is a translated name ("Zuid-Californië")
    strangers: list[tuple[int, int]] = []
    i = 0
    while i < len(caps):
        j = i
        while j + 1 < len(caps) and tgt_text[caps[j][1]:caps[j + 1][0]] in (" ", "-", "\u00a0"):
            j += 1
        run = caps[i:j + 1]
        if all(c[2] for c in run):
            strangers.append((run[0][0], run[-1][1]))
        i = j + 1
    if len(strangers) == 1:
        a, b = strangers[0]
        w = tgt_text[a:b]
        if not _sounds_alike(anchors.folded_compact(gone[0]), anchors.folded_compact(w)):
            out.append((gone[0], w, a, b, "replaced"))
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
                   "(Lind/Lund), or extended past a Dutch ending (Ng/Nguyen); both spellings shown.")

    def measure(self, ctx: Context) -> Iterator[Finding]:
        for k, _link in ctx.pairs():
            hits = changed_names(ctx.src_text(k), ctx.tgt_text(k), _against(ctx, k), ctx.config.src_lang)
            if not hits:
                continue
            ev = [e for _, _, a, b, kind in hits for e in ctx.link_span(k, a, b, "tgt", f"name {kind}")]
            src_segs = ctx.src_segments(k)
            for s, *_ in hits:
                for seg in src_segs:
                    i = seg.text.find(s)
                    if i >= 0:
                        ev.append(seg_evidence(seg, i, i + len(s), "in the source"))
                        break
            shown = ", ".join(f"\u201c{w}\u201d for \u201c{s}\u201d" for s, w, *_ in hits)
            yield Finding(k, float(len(hits)), f"name changed from the source: {clip(shown, 80)}", ev,
                          {"kinds": [h[4] for h in hits]})
