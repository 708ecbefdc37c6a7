"""Truncation and dropped clauses (issue 12): translate/checks/meaning.py's ``truncated`` and
translate/checks/clauses.py's ``clause-dropped``. One test per rule."""

from __future__ import annotations

from translate.checks import ALL_CHECKS
from translate.checks.clauses import ClauseDropCheck, uncovered_clause
from translate.checks.config import FlagConfig
from translate.checks.flag import flag
from translate.checks.meaning import LENGTH_PRIORS, TruncationCheck, clause_count, retrans_beyond_end
from translate.data import Alignment, Link, Severity, Translation
from translate.read.document import document_from_text
from translate.score import score_pairs
from translate.text.segment import segment_document

from helpers.checks import CLEAN_PAIRS as CLEAN

# a long sentence with a name, several clauses, and its clean rendering
LONG = ("Du khách đến Campuchia thường leo lên ngọn đồi cao để ngắm hồ Tonle Sap, nơi có nhiều làng nổi, "
        "và họ thường ở lại đến khi mặt trời lặn trên mặt nước.",
        "Bezoekers van Cambodja beklimmen vaak de hoge heuvel om het Tonle Sap-meer met zijn vele drijvende dorpen "
        "te bekijken, en ze blijven er vaak tot de zon ondergaat boven het water.")


def doc_flags(pairs, retrans=None, cfg=None, links=None):
    """A document of paragraphs, one 1:1 link each unless ``links`` are given."""
    s = segment_document(document_from_text("\n\n".join(p[0] for p in pairs), lang="vi"), "src", "vi")
    t = segment_document(document_from_text("\n\n".join(p[1] for p in pairs), lang="nl"), "tgt", "nl")
    if links is None:
        assert len(s.segments) == len(t.segments) == len(pairs)
        links = [Link((i,), (i,)) for i in range(len(pairs))]
    al = Alignment(links)
    tr = Translation(list(retrans), list(range(len(s.segments))), "test", "against") if retrans else None
    return flag(s, t, al, tr, score_pairs(t, al, tr), cfg or FlagConfig())


def shown(flags, code):
    return [f for f in flags if f.code == code and f.severity >= Severity.WARNING]


def test_both_checks_registered_and_clean_text_passes():
    assert TruncationCheck in ALL_CHECKS and ClauseDropCheck in ALL_CHECKS
    pairs = CLEAN + [LONG]
    for retrans in (None, [p[1] for p in pairs]):
        flags = doc_flags(pairs, retrans)
        assert shown(flags, "truncated") == [] and shown(flags, "clause-dropped") == []


# -- truncated --------------------------------------------------------------------------------
def test_short_document_is_judged_by_the_length_prior():
    # three pairs: under the four a document needs to trust its own ratio; the vi->nl prior judges it
    assert ("vi", "nl") in LENGTH_PRIORS
    pairs = CLEAN[:3]
    pairs[2] = (pairs[2][0], "Duizenden mensen namen deel aan het traditionele festival in de.")
    got = shown(doc_flags(pairs), "truncated")
    assert len(got) == 1 and got[0].link == 2


def test_cut_sentence_inside_a_link_is_found():
    # the aligner glued a cut sentence onto the next one: the cut is in the middle of the link's rendering
    pairs = list(CLEAN)
    pairs[1] = (pairs[1][0], "Deskundigen zeggen dat de economie zich herstelt na de. Dat is goed nieuws.")
    links = [Link((0,), (0,)), Link((1,), (1, 2))] + [Link((i,), (i + 1,)) for i in range(2, len(pairs))]
    got = shown(doc_flags(pairs, links=links), "truncated")
    assert len(got) == 1 and got[0].link == 1
    assert any(e.side == "tgt" and e.text == "de" and e.note == "the sentence stops here" for e in got[0].evidence)


def test_article_at_the_end_is_a_cut_even_when_long():
    # longer than the document's median ratio (z > 0): the ending alone says it is cut
    pairs = list(CLEAN)
    pairs[4] = (pairs[4][0], "De storm heeft grote schade aangericht in alle kustprovincies van het een.")
    got = shown(doc_flags(pairs), "truncated")
    assert len(got) == 1 and got[0].link == 4 and "\u201ceen\u201d" in got[0].message


def test_subordinator_at_the_end_is_a_cut_but_a_question_is_not():
    pairs = list(CLEAN)
    pairs[3] = (pairs[3][0], "De nieuwe school gaat in september open voor leerlingen waarmee.")
    assert [f.link for f in shown(doc_flags(pairs), "truncated")] == [3]
    pairs[3] = (pairs[3][0], "De nieuwe school gaat in september open, maar voor wie en waarmee?")
    assert shown(doc_flags(pairs), "truncated") == []


def test_clause_count_skips_introductory_adverbials_and_list_items():
    # "Sau đó," (then) and "Tuy nhiên," (however) open the sentence: no clause
    assert clause_count("Sau đó, Lakkha Singh giữ vai trò chính khi hát các bài hát bhajan.", "vi") == 2
    assert clause_count("Daarna zong Lakkha Singh de bhajans.", "nl") == 1
    # a list of short items is one clause
    assert clause_count("Họ thích ẩm thực Hàn Quốc, Thái Lan, Ấn Độ và Nhật Bản.", "vi") == 1
    assert clause_count("Ze houden van Koreaans, Thais, Indiaas en Japans eten.", "nl") == 1
    assert clause_count("Hij kwam thuis, en zij ging weg omdat het laat was.", "nl") == 3


def test_retranslation_tail_rule_needs_both_lengths_short():
    assert TruncationCheck.tail_z <= TruncationCheck.retrans_z


# -- clause-dropped ---------------------------------------------------------------------------
def _with_long(rendering, retrans=None):
    pairs = CLEAN + [(LONG[0], rendering)]
    return doc_flags(pairs, retrans), len(pairs) - 1


SHORT_NO_NAME = "Bezoekers van Cambodja beklimmen vaak de hoge heuvel om het meer te zien, en ze blijven er tot de zon ondergaat in het dal."


def test_missing_name_and_short_is_a_dropped_clause():
    # about 2.2 robust SDs short: no sign of truncated's, but "Tonle" (Sap is a Vietnamese syllable) has no trace
    flags, k = _with_long(SHORT_NO_NAME)
    got = shown(flags, "clause-dropped")
    assert [f.link for f in got] == [k]
    assert "Tonle" in got[0].message
    assert any(e.side == "src" and e.text == "Tonle" for e in got[0].evidence)
    assert shown(flags, "truncated") == []


def test_missing_name_alone_is_not_a_dropped_clause():
    # the name is left out (an exonym, a rewording) but the rendering has its usual length
    flags, _ = _with_long("Bezoekers van Cambodja beklimmen vaak de hoge heuvel om het grote meer met zijn vele drijvende "
                          "dorpen te bekijken, en ze blijven er vaak tot de zon ondergaat boven het water.")
    assert shown(flags, "clause-dropped") == []


def test_one_clause_fewer_and_very_short_is_a_dropped_clause():
    flags, k = _with_long("Bezoekers van Cambodja beklimmen vaak de hoge heuvel bij het Tonle Sap-meer.")
    got = shown(flags, "clause-dropped") + shown(flags, "truncated")
    assert [f.link for f in got] == [k]


def test_uncovered_clause_of_the_retranslation():
    rt = "De regering zei dat het plan volgende week wordt gepresenteerd, terwijl de oppositie protesteerde tegen de kosten."
    assert uncovered_clause(rt, "De regering zei dat het plan volgende week wordt gepresenteerd.").startswith("terwijl")
    assert uncovered_clause(rt, "De regering zei dat het plan volgende week wordt gepresenteerd, ondanks protest.") is None \
        or "oppositie" in uncovered_clause(rt, "De regering zei dat het plan volgende week wordt gepresenteerd, ondanks protest.")
    # a rendering that shares no clause with the re-translation says nothing about which part is missing
    assert uncovered_clause(rt, "Iets heel anders.") is None


def test_retranslation_clause_needs_both_lengths_short():
    check = ClauseDropCheck()
    assert check.decide_signs(["retrans"], -2.2, -2.4, True)
    assert not check.decide_signs(["retrans"], -2.2, -0.5, True)   # as long as the re-translation
    assert not check.decide_signs(["retrans"], -1.0, -2.4, True)   # usual length for its source
    assert check.decide_signs(["name"], -2.1, 0.0, False)
    assert check.decide_signs(["name"], -1.2, -2.1, True)          # short against the re-translation
    assert not check.decide_signs(["name"], -1.2, 0.0, False)
    assert check.decide_signs(["name", "clauses"], -1.1, 0.0, False)
    assert check.decide_signs(["clause1"], -3.1, 0.0, False) and not check.decide_signs(["clause1"], -2.6, 0.0, False)


def test_model_free_signs_hold_with_a_retranslation():
    # the re-translation adds evidence, never takes a model-free finding away
    pairs = CLEAN + [(LONG[0], SHORT_NO_NAME)]
    free = {f.link for f in shown(doc_flags(pairs), "clause-dropped")}
    with_mt = {f.link for f in shown(doc_flags(pairs, [p[1] for p in CLEAN + [LONG]]), "clause-dropped")}
    assert free and free <= with_mt


def test_only_for_dutch_renderings():
    cfg = FlagConfig()
    cfg.tgt_lang = "en"
    flags = doc_flags(CLEAN + [(LONG[0], "Bezoekers van Cambodja beklimmen vaak de hoge heuvel.")], cfg=cfg)
    assert shown(flags, "clause-dropped") == []


# -- where the rendering's end falls in the re-translation (branch h12trc) ---------------------
BEYOND_RETRANS = ("Toeristen in Cambodja klimmen vaak de hoge heuvel op om het Tonle Sap-meer met drijvende dorpen te zien, "
                  "en ze blijven daar tot de zon 's avonds ondergaat boven het stille water van het meer.")
BEYOND_CUT = ("Bezoekers van Cambodja beklimmen vaak de heuvel om het Tonle Sap-meer met zijn drijvende dorpen te bekijken, "
              "en ze blijven er.")


def test_retrans_beyond_end_counts_the_words_after_the_renderings_end():
    after, share, found, rest, n = retrans_beyond_end(BEYOND_RETRANS, BEYOND_CUT)
    assert after == 7 and share > 0.3 and found > 0.5 and n >= 6
    assert rest.startswith("daar tot de zon")
    # the full rendering covers the re-translation's end
    assert retrans_beyond_end(BEYOND_RETRANS, LONG[1])[0] <= 1


def test_one_shared_word_does_not_place_the_renderings_end():
    # a paraphrase that shares only "ijzige" with the re-translation's start is no rendering that stopped there
    retrans = "De wrijving op de ijzige grond en de lage sneeuwlaag maakt het onmogelijk om te rijden zoals op een gewone weg."
    rendering = "Op ijzige en besneeuwde wegen is er weinig frictie en het rijdt hierdoor anders dan op asfalt."
    bey = retrans_beyond_end(retrans, rendering)
    assert bey[0] >= TruncationCheck.beyond_words and bey[4] < TruncationCheck.beyond_found_words


def test_rendering_that_stops_where_the_retranslation_goes_on_is_cut(monkeypatch):
    pairs = CLEAN + [(LONG[0], BEYOND_CUT)]
    retrans = [p[1] for p in CLEAN] + [BEYOND_RETRANS]
    got = shown(doc_flags(pairs, retrans), "truncated")
    assert [f.link for f in got] == [len(pairs) - 1]
    assert "goes on for 7 words beyond where it ends" in got[0].message
    # without a re-translation nothing says so (0.79 of the usual length is no outlier alone)
    assert not shown(doc_flags(pairs), "truncated")
    # and the sign needs the length: the same rendering at an ordinary length passes
    monkeypatch.setattr(TruncationCheck, "beyond_z", -3.0)
    assert not shown(doc_flags(pairs, retrans), "truncated")


def test_preposition_that_is_no_particle_ends_nothing():
    cut = "Bezoekers van Cambodja beklimmen vaak de hoge heuvel en bekijken het Tonle Sap-meer via."
    got = shown(doc_flags(CLEAN + [(LONG[0], cut)]), "truncated")
    assert got and "ends on \u201cvia\u201d" in got[0].message


def test_a_sentence_of_one_pronoun_is_a_cut_one():
    # the segmenter splits "... drijvende dorpen. Het." into two sentences of one link
    cut = ("Bezoekers van Cambodja beklimmen vaak de hoge heuvel om het Tonle Sap-meer met zijn vele drijvende dorpen "
           "te bekijken. Het.")
    got = shown(doc_flags(CLEAN + [(LONG[0], cut)], links=_one_link_each(CLEAN + [(LONG[0], cut)])),
                "truncated")
    assert got and "ends on \u201cHet\u201d" in got[0].message
    # a one-word sentence that is no pronoun ("Ja.") is not
    ok = LONG[1] + " Ja."
    assert not shown(doc_flags(CLEAN + [(LONG[0], ok)], links=_one_link_each(CLEAN + [(LONG[0], ok)])), "truncated")


def _one_link_each(pairs):
    """One link per pair holding every sentence the segmenter finds in it."""
    t = segment_document(document_from_text("\n\n".join(p[1] for p in pairs), lang="nl"), "tgt", "nl")
    s = segment_document(document_from_text("\n\n".join(p[0] for p in pairs), lang="vi"), "src", "vi")
    text = "\n\n".join(p[1] for p in pairs)
    starts = [text.index(p[1]) for p in pairs]
    owner = [max(i for i, a in enumerate(starts) if a <= seg.start) for seg in t.segments]
    assert len(s.segments) == len(pairs)
    return [Link((i,), tuple(j for j, o in enumerate(owner) if o == i)) for i in range(len(pairs))]


# -- branch h12trunc ----------------------------------------------------------------------------------
def test_one_helper_gives_the_length_z_of_every_check():
    # truncated, clause-dropped and shorter-than-retranslation read the same z from meaning.row_z
    from translate.checks.base import Context
    from translate.checks.meaning import length_rows, row_z, source_length_z
    pairs = CLEAN + [LONG]
    s = segment_document(document_from_text("\n\n".join(p[0] for p in pairs), lang="vi"), "src", "vi")
    t = segment_document(document_from_text("\n\n".join(p[1] for p in pairs), lang="nl"), "tgt", "nl")
    al = Alignment([Link((i,), (i,)) for i in range(len(pairs))])
    tr = Translation([p[1] for p in pairs], list(range(len(pairs))), "test", "against")
    ctx = Context(s, t, al, tr, score_pairs(t, al, tr), FlagConfig(), None)
    rows, src_stats, mt_stats = length_rows(ctx)
    assert length_rows(ctx)[0] is rows  # cached on the context
    zs = source_length_z(ctx)
    assert set(zs) == {row[0] for row in rows}
    for row in rows:
        z, zr = row_z(row, src_stats, mt_stats)
        assert zs[row[0]] == z and abs(zr) < 1e-9  # the re-translation is the rendering itself


def test_far_too_short_for_its_source_is_cut_whatever_its_last_word():
    # under half the usual length for its source, ending on an ordinary noun: no structural sign, but no concise
    # rendering goes that far
    cut = "Bezoekers van Cambodja beklimmen de heuvel."
    got = shown(doc_flags(CLEAN + [(LONG[0], cut)]), "truncated")
    assert got and "no rendering of the document is as short" in got[0].message
    # a concise rendering of about two thirds of the usual length is no outlier of that size
    concise = "Bezoekers van Cambodja beklimmen vaak de heuvel om het Tonle Sap-meer met de drijvende dorpen te zien."
    assert not [f for f in shown(doc_flags(CLEAN + [(LONG[0], concise)]), "truncated")
                if "no rendering of the document" in f.message]


def test_a_heading_cut_on_an_article_is_cut():
    # the source has no sentence end (a headline): length and clauses say nothing, but no Dutch sentence or
    # heading ends on "een"
    head = ("Người mua nước ngoài sẽ phải trả phí cao hơn khi mua nhà tại Hà Nội", "Buitenlandse kopers zullen hogere "
            "kosten moeten betalen wanneer ze een.")
    got = shown(doc_flags(CLEAN + [head]), "truncated")
    assert [f.link for f in got] == [len(CLEAN)] and "\u201ceen\u201d" in got[0].message
    ok = (head[0], "Buitenlandse kopers betalen hogere kosten voor een huis in Hanoi")
    assert shown(doc_flags(CLEAN + [ok]), "truncated") == []


def test_an_inflected_adjective_at_the_end_lost_its_noun():
    from translate.checks.meaning import attributive_end
    assert attributive_end("Het weer kan leiden tot overstromingen, ernstige.")
    assert attributive_end("De minister schreef de vakbond een openhartige.")
    assert not attributive_end("De minister noemde de brief openhartig.")        # predicative: no -e
    assert not attributive_end("Volgens de politie is hij de schuldige.")         # the adjective as a noun
    assert not attributive_end("Dat zei de 31-jarige.")
    assert not attributive_end("Hij noemde de scanner 'onbedwingbare'.")
    assert not attributive_end("De storm trof de kust van de politie.")           # a noun in -e
    cut = ("Bezoekers van Cambodja beklimmen vaak de hoge heuvel om het Tonle Sap-meer met zijn vele drijvende dorpen "
           "te bekijken, en ze blijven er vaak tot een prachtige.")
    got = shown(doc_flags(CLEAN + [(LONG[0], cut)]), "truncated")
    assert got and "an adjective inflected for a noun that does not follow" in got[0].message


def test_acronyms_of_the_rendering_are_no_missing_tail_of_the_retranslation():
    src = ("Bộ trưởng Y tế Jeane Freeman đã gửi một lá thư với thông điệp sẽ từ chức trong vòng sáu tháng ngay sau khi "
           "Vương quốc Anh rút khỏi Liên minh châu Âu.")
    mt = ("De Britse minister van Volksgezondheid, Jeane Freeman, stuurde een brief met de boodschap dat ze binnen zes "
          "maanden na de terugtrekking van het Verenigd Koninkrijk uit de Europese Unie zou aftreden.")
    rendering = ("Jeane Freeman, de minister, stuurde een brief over haar vertrek zes maanden voordat het VK zich "
                 "terugtrekt uit de EU.")
    from translate.checks.calib import contract_acronyms
    raw = retrans_beyond_end(mt, rendering)
    assert raw[0] >= TruncationCheck.beyond_words  # spelled out, the names read as an uncovered tail
    assert retrans_beyond_end(contract_acronyms(mt, rendering), rendering)[0] < TruncationCheck.beyond_words
    flags = doc_flags(CLEAN + [(src, rendering)], [p[1] for p in CLEAN] + [mt])
    assert not [f for f in shown(flags, "truncated") if "beyond where it ends" in f.message]


def test_a_rendering_long_against_the_retranslation_lost_no_clause():
    # short for its source with "Tonle" missing (a dropped clause without a re-translation) ...
    pairs = CLEAN + [(LONG[0], SHORT_NO_NAME)]
    assert shown(doc_flags(pairs), "clause-dropped")
    # ... but longer than usual against a re-translation that renders the source as concisely: the two
    # yardsticks disagree, and the name is rendered another way
    brief = "Toeristen gaan de heuvel op voor het meer en blijven tot zonsondergang."
    flags = doc_flags(pairs, [p[1] for p in CLEAN] + [brief])
    assert shown(flags, "clause-dropped") == [] and shown(flags, "truncated") == []


def test_an_ending_points_at_the_sentence_that_stops_not_its_neighbour():
    # the aligner glued a cut sentence to the next one; only the ending says it is cut, so the evidence is that
    # sentence (and the source), not the sound sentence beside it
    pairs = list(CLEAN)
    pairs[1] = (pairs[1][0], "Deskundigen zeggen dat de economie zich herstelt na de. Dat is goed nieuws.")
    links = [Link((0,), (0,)), Link((1,), (1, 2))] + [Link((i,), (i + 1,)) for i in range(2, len(pairs))]
    got = shown(doc_flags(pairs, links=links), "truncated")
    assert len(got) == 1
    tgt = [e.text for e in got[0].evidence if e.side == "tgt"]
    assert "Dat is goed nieuws." not in tgt and any(t.startswith("Deskundigen zeggen") for t in tgt)


def test_het_after_a_preposition_or_a_subordinator_with_its_subject_alone_ends_nothing():
    head = "Bezoekers van Cambodja beklimmen vaak de hoge heuvel om het Tonle Sap-meer met zijn vele drijvende dorpen te bekijken, "
    for cut, said in ((head + "en ze kijken er vaak naar het.", "naar het"), (head + "en ze zeggen vaak dat het.", "dat het")):
        got = shown(doc_flags(CLEAN + [(LONG[0], cut)]), "truncated")
        assert got and f"\u201c{said}\u201d" in got[0].message
        assert [e.text for e in got[0].evidence if e.note == "the sentence stops here"] == [said]
    # "het" as the object of a verb, or after a comparative "als", ends a sentence
    for ok in (head + "dat even groot is als het.", head + "en ze zeggen dat ze het weten."):
        assert shown(doc_flags(CLEAN + [(LONG[0], ok)]), "truncated") == []


def test_truncated_length_signs_need_the_rendering_not_long_against_the_retranslation():
    # very short for its source, two clauses fewer: cut, without a re-translation ...
    cut = "Bezoekers van Cambodja beklimmen vaak de hoge heuvel bij het Tonle Sap-meer."
    pairs = CLEAN + [(LONG[0], cut)]
    assert shown(doc_flags(pairs), "truncated")
    # ... but a re-translation renders the source even more briefly: the length is the source's, not a cut
    brief = "Toeristen gaan de heuvel op voor het meer en blijven tot zonsondergang."
    assert shown(doc_flags(pairs, [p[1] for p in CLEAN] + [brief]), "truncated") == []
    # a rendering short against that re-translation too is still cut
    pairs = CLEAN + [(LONG[0], "Bezoekers beklimmen de heuvel.")]
    assert shown(doc_flags(pairs, [p[1] for p in CLEAN] + [brief]), "truncated")
