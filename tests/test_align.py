"""Aligner: bead types, every segment exactly once, each cost feature, edge cases, speed."""

from __future__ import annotations

import random
import time

import numpy as np
import pytest

from translate.alignment.aligner import (
    AlignOptions,
    Unit,
    align,
    align_sequences,
    boilerplate_score,
    char_f,
    estimate_length_params,
    length_cost,
    target_only_alignment,
)
from translate.data import Document, Paragraph, Segment, Segmentation, Translation
from translate.read.document import document_from_text
from translate.text.segment import segment_document

# Hand-written vi/nl pairs (news style, numbers and names that survive translation).
PAIRS = [
    ("Ngày 14/02/2025, UBND tỉnh Tuyên Quang tổ chức hội nghị tổng kết công tác năm 2024.",
     "Op 14/02/2025 hield het Volkscomité van de provincie Tuyen Quang een conferentie over het werk in 2024."),
    ("Tổng vốn đầu tư của dự án là 6.280 tỷ đồng.",
     "De totale investering van het project bedraagt 6.280 miljard dong."),
    ("Năm 2024, 96,3% bí thư chi bộ hoàn thành tốt nhiệm vụ.",
     "In 2024 voerde 96,3% van de partijcelsecretarissen hun taken goed uit."),
    ("Bà Lý Thị Xiến là bí thư chi bộ thôn Sơn Thủy, xã Tân Mỹ.",
     "Mevrouw Ly Thi Xien is secretaris van de partijcel van het dorp Son Thuy, gemeente Tan My."),
    ("Đề án 16-ĐU/TU được ban hành để nâng cao chất lượng sinh hoạt chi bộ giai đoạn 2020-2025.",
     "Project 16-DU/TU werd uitgegeven om de kwaliteit van de partijcelactiviteiten in de periode 2020-2025 te verbeteren."),
    ("Hơn 6.280 cán bộ đã tham gia 126 lớp bồi dưỡng nghiệp vụ công tác Đảng.",
     "Meer dan 6.280 kaderleden namen deel aan 126 trainingen over partijwerk."),
    ("Ông Phạm Kiên Cường, Phó Trưởng Ban Tổ chức Tỉnh ủy, khẳng định điều đó.",
     "Pham Kien Cuong, plaatsvervangend hoofd van de Organisatieraad van het Provinciaal Partijcomité, bevestigde dat."),
    ("Nhiều chi bộ đã tổ chức sinh hoạt chuyên đề hằng tháng với sự tham gia của người dân.",
     "Veel partijcellen organiseerden maandelijkse themabijeenkomsten waaraan ook de bevolking deelnam."),
]


def seg(paragraphs: list[list[str]], side: str = "src", lang: str = "vi") -> Segmentation:
    """A Segmentation with exactly these paragraphs and sentences."""
    text, pos, paras, segs = [], 0, [], []
    for p_idx, sentences in enumerate(paragraphs):
        if p_idx:
            text.append("\n\n")
            pos += 2
        start, idxs = pos, []
        for s_idx, s in enumerate(sentences):
            if s_idx:
                text.append(" ")
                pos += 1
            segs.append(Segment(side, len(segs), p_idx, s_idx, pos, pos + len(s), s))
            idxs.append(len(segs) - 1)
            text.append(s)
            pos += len(s)
        paras.append(Paragraph(side, p_idx, start, pos, tuple(idxs), "".join(text)[start:pos]))
    return Segmentation(Document("".join(text), lang=lang), side, paras, segs)


def assert_complete(alignment, source: Segmentation, target: Segmentation) -> None:
    """Every segment (and paragraph) of both sides exactly once, in order."""
    src = [i for lk in alignment.links for i in lk.src]
    tgt = [j for lk in alignment.links for j in lk.tgt]
    assert src == list(range(len(source.segments)))
    assert tgt == list(range(len(target.segments)))
    assert all(lk.src or lk.tgt for lk in alignment.links)
    assert all(len(lk.src) <= 3 and len(lk.tgt) <= 3 for lk in alignment.links)
    assert all(0.0 <= lk.confidence <= 1.0 for lk in alignment.links)
    psrc = [i for lk in alignment.paragraph_links for i in lk.src]
    ptgt = [j for lk in alignment.paragraph_links for j in lk.tgt]
    assert psrc == list(range(len(source.paragraphs)))
    assert ptgt == list(range(len(target.paragraphs)))


def links(alignment) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(lk.src, lk.tgt) for lk in alignment.links]


VI = [v for v, _ in PAIRS]
NL = [n for _, n in PAIRS]


def test_one_to_one_two_paragraphs():
    s = seg([VI[:4], VI[4:]])
    t = seg([NL[:4], NL[4:]], "tgt", "nl")
    a = align(s, t)
    assert_complete(a, s, t)
    assert links(a) == [((i,), (i,)) for i in range(8)]
    assert [(p.src, p.tgt) for p in a.paragraph_links] == [((0,), (0,)), ((1,), (1,))]


def test_merge_split_drop_and_chrome_are_found():
    merged = NL[1].rstrip(".") + "; " + NL[2][0].lower() + NL[2][1:]
    split_a, split_b = "Meer dan 6.280 kaderleden namen deel.", "Er waren in totaal 126 trainingen over partijwerk."
    s = seg([VI[:4], VI[4:]])
    t = seg([["Reactie (0)"], [NL[0], merged], [NL[4], split_a, split_b, NL[6], NL[7]],
             ["Bron: https://baotuyenquang.com.vn/nang-cao-vai-tro.html"], ["In dezelfde categorie"]], "tgt", "nl")
    a = align(s, t)
    assert_complete(a, s, t)
    got = links(a)
    assert ((), (0,)) in got  # chrome before the text
    assert ((0,), (1,)) in got
    assert ((1, 2), (2,)) in got  # 2:1 merge
    assert ((3,), ()) in got  # omission, reported with its index
    assert ((5,), (4, 5)) in got  # 1:2 split
    assert ((6,), (6,)) in got and ((7,), (7,)) in got
    assert ((), (8,)) in got and ((), (9,)) in got  # page chrome as additions


def test_chrome_line_is_not_glued_onto_a_sentence():
    """Pairing a short chrome line with a real sentence must cost more than 0:1."""
    s = seg([VI[:3]])
    t = seg([NL[:3] + ["Deel dit artikel", "Reactie (12)"]], "tgt", "nl")  # chrome inside the paragraph
    a = align(s, t)
    assert_complete(a, s, t)
    assert links(a) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((), (3,)), ((), (4,))]


def test_boilerplate_score():
    for chrome in ["Reactie (0)", "Bron: https://x.vn/a.html", "No data", "Lees ook", "In dezelfde categorie", "Bình luận (3)"]:
        assert boilerplate_score(chrome) == 1.0, chrome
    assert boilerplate_score("Politiek systeem") >= 0.5
    assert boilerplate_score(NL[0]) == 0.0
    assert boilerplate_score("Nhân quyền phải được pháp luật bảo vệ,") == 0.0  # a comma ends running text
    # punctuation before a closing quote ends running text; a headline ending in a
    # quoted word stays heading-like
    assert boilerplate_score("We zijn overspeeld.'") == 0.0
    assert boilerplate_score("Hij zei: „Laat Chequers vallen.“") == 0.0
    assert boilerplate_score("Nieuw kankervaccin kan het immuunsysteem leren cellen te ‘zien’") == 0.5


TITLE_VI = "Tuyên Quang nâng cao vai trò bí thư chi bộ"
TITLE_NL = "Tuyen Quang versterkt de rol van partijcelsecretarissen"


def test_heading_glued_onto_the_first_sentence_is_a_merge():
    """A title that lost its line break ("Title First sentence.") is a 2:1, not a
    dropped title; with ``heading_chrome=0`` the heading pays the chrome cost."""
    s = seg([[TITLE_VI], VI[:4]])
    t = seg([[TITLE_NL + " " + NL[0]] + NL[1:4]], "tgt", "nl")
    a = align(s, t)
    assert_complete(a, s, t)
    assert links(a)[0] == ((0, 1), (0,))
    off = align(s, t, None, AlignOptions(heading_chrome=0.0))
    assert links(off)[0] == ((0,), ())  # the switch: the title is dropped instead
    # two related-article titles are not glued onto a sentence as a 1:2
    t2 = seg([NL[:4], ["Eén op de vijf kinderen heeft een geheim account voor sociale media"],
              ["Nieuw kankervaccin kan het immuunsysteem leren cellen te ‘zien’"]], "tgt", "nl")
    s2 = seg([VI[:4]])
    a2 = align(s2, t2)
    assert links(a2) == [((i,), (i,)) for i in range(4)] + [((), (4,)), ((), (5,))]


def test_anchors_decide_which_sentence_was_dropped():
    """Three source sentences of equal shape; the middle one is missing in the target.
    Only the numbers tell which: with anchors the 1:0 is at index 1."""
    src = ["Năm 2019 có 4.120 hộ nghèo trong toàn tỉnh.", "Năm 2021 có 3.870 hộ nghèo trong toàn tỉnh.",
           "Năm 2023 có 2.950 hộ nghèo trong toàn tỉnh."]
    tgt = ["In 2019 waren er 4.120 arme gezinnen in de provincie.", "In 2023 waren er 2.950 arme gezinnen in de provincie."]
    s, t = seg([src]), seg([tgt], "tgt", "nl")
    with_anchors = align(s, t, options=AlignOptions(use_anchors=True))
    assert_complete(with_anchors, s, t)
    assert links(with_anchors) == [((0,), (0,)), ((1,), ()), ((2,), (1,))]
    without = align(s, t, options=AlignOptions(use_anchors=False))
    assert_complete(without, s, t)
    assert "anchors" not in without.method and "anchors" in with_anchors.method


def test_similarity_uses_the_retranslation():
    """Lengths mislead (the kept sentence is as long as the dropped one); the
    re-translation tells which target sentence belongs to which source."""
    src = ["Cầu dài 2 km và có sáu làn xe chạy.", "Dự án do thành phố Cần Thơ làm chủ đầu tư."]
    tgt = ["Het project wordt gefinancierd door de stad Can Tho."]
    retrans = ["De brug is 2 km lang en heeft zes rijstroken.", "Het project wordt gefinancierd door de stad Can Tho."]
    s, t = seg([src]), seg([tgt], "tgt", "nl")
    tr = Translation(texts=retrans, groups=[0, 1], system="test")
    opt = AlignOptions(use_anchors=False, use_length=False)
    a = align(s, t, tr, opt)
    assert_complete(a, s, t)
    assert links(a) == [((0,), ()), ((1,), (0,))]
    assert "chrf" in a.method
    off = align(s, t, tr, AlignOptions(use_anchors=False, use_length=False, use_similarity=False))
    assert "chrf" not in off.method


def test_similarity_callable_in_align_sequences():
    src = [Unit(10, text="a"), Unit(10, text="b")]
    tgt = [Unit(10, text="b")]
    sim = lambda i0, i1, j0, j1: 1.0 if (i0, i1, j0, j1) == (1, 2, 0, 1) else 0.0  # noqa: E731
    out = align_sequences(src, tgt, AlignOptions(use_length=False), sim)
    assert [(lk.src, lk.tgt) for lk in out] == [((0,), ()), ((1,), (0,))]


def test_three_to_one_bead():
    src = ["Tỉnh có 126 lớp.", "Có 6.280 học viên.", "Tỷ lệ đạt 96,3%."]
    tgt = ["De provincie telde 126 klassen met 6.280 cursisten, en het slagingspercentage bedroeg 96,3%."]
    s, t = seg([src]), seg([tgt], "tgt", "nl")
    a = align(s, t)
    assert_complete(a, s, t)
    assert links(a) == [((0, 1, 2), (0,))]


def test_empty_sides():
    s = seg([VI[:3]])
    empty = Segmentation(Document("", lang="nl"), "tgt", [], [])
    a = align(s, empty)
    assert links(a) == [((0,), ()), ((1,), ()), ((2,), ())]
    assert all(lk.is_omission for lk in a.links)
    empty_src = Segmentation(Document("", lang="vi"), "src", [], [])
    t = seg([NL[:2]], "tgt", "nl")
    b = align(empty_src, t)
    assert links(b) == [((), (0,)), ((), (1,))]
    assert align(empty_src, empty).links == []


def test_one_side_much_shorter():
    s = seg([VI[:4], VI[4:]])
    t = seg([[NL[5]]], "tgt", "nl")
    a = align(s, t)
    assert_complete(a, s, t)
    assert ((5,), (0,)) in links(a)
    assert sum(lk.is_omission for lk in a.links) == 7
    # and the other way round: a long rendering of a one-sentence source
    s2 = seg([[VI[2]]])
    t2 = seg([NL[:4], NL[4:]], "tgt", "nl")
    b = align(s2, t2)
    assert_complete(b, s2, t2)
    assert ((0,), (2,)) in links(b)


def test_segmented_real_text():
    vi = "\n\n".join(" ".join(VI[k : k + 2]) for k in range(0, 8, 2))
    nl = "Vietnam.vn - Menu\n\n" + "\n\n".join(" ".join(NL[k : k + 2]) for k in range(0, 8, 2)) + "\n\nReactie (0)\n\nNo data\n"
    s = segment_document(document_from_text(vi, lang="vi"), "src", "vi")
    t = segment_document(document_from_text(nl, lang="nl"), "tgt", "nl")
    a = align(s, t)
    assert_complete(a, s, t)
    pairs = [lk for lk in a.links if lk.src and lk.tgt]
    assert [(lk.src, lk.tgt) for lk in pairs] == [((i,), (i + 1,)) for i in range(8)]
    assert [lk.tgt for lk in a.links if lk.is_addition] == [(0,), (9,), (10,)]


def test_length_features():
    assert length_cost(100, 108) < length_cost(100, 160) < length_cost(100, 300)
    assert length_cost(0, 0) == 0.0
    arr = length_cost(np.array([100, 100]), np.array([108, 300]))
    assert arr.shape == (2,) and arr[0] < arr[1]
    rng = random.Random(0)
    pairs = []
    for _ in range(400):
        n = rng.randint(20, 200)
        pairs.append(("x" * n, "y" * max(1, round(1.25 * n + rng.gauss(0, 3)))))
    c, s2 = estimate_length_params(pairs)
    assert abs(c - 1.25) < 0.02
    assert 0.0 < s2 < 1.0
    with pytest.raises(ValueError):
        estimate_length_params([("", "")])


def test_no_length_option_still_complete():
    s = seg([VI[:4], VI[4:]])
    t = seg([NL[:4], NL[4:]], "tgt", "nl")
    for opt in (AlignOptions(use_length=False), AlignOptions(use_paragraphs=False), AlignOptions(use_boilerplate=False),
                AlignOptions(max_bead=1)):
        a = align(s, t, options=opt)
        assert_complete(a, s, t)
        assert links(a) == [((i,), (i,)) for i in range(8)]


def test_char_f():
    assert char_f("de brug is lang", "de brug is lang") == pytest.approx(1.0)
    assert char_f("abc", "xyz") == 0.0
    assert char_f("", "abc") == 0.0


def test_target_only_alignment():
    t = seg([NL[:2], NL[2:3]], "tgt", "nl")
    a = target_only_alignment(t)
    assert links(a) == [((), (0,)), ((), (1,)), ((), (2,))]


def _synthetic(n: int, seed: int):
    """n source sentences; the target drops, merges and adds chrome; gold known."""
    rng = random.Random(seed)
    words = [f"w{k}" for k in range(50)]
    src, tgt, gold = [], [], []
    for i in range(n):
        length = rng.randint(3, 30)
        num = str(rng.randint(10, 99999))
        src.append(" ".join(rng.choice(words) for _ in range(length)) + f" {num}.")
        r = rng.random()
        if r < 0.03:
            gold.append(((i,), ()))
            continue
        if r < 0.06:
            tgt.append("Reactie (0)")
            gold.append(((), (len(tgt) - 1,)))
        tgt.append(" ".join(rng.choice(words) for _ in range(round(length * 1.08))) + f" {num}.")
        gold.append(((i,), (len(tgt) - 1,)))
    ps = [src[k : k + 4] for k in range(0, n, 4)]
    return ps, tgt, gold


def test_long_document_is_fast_and_linear():
    """2,000 sentences align in seconds, and 4x the sentences take far less than 16x the time."""
    times = {}
    for n in (500, 2000):
        ps, tgt, gold = _synthetic(n, n)
        s = seg(ps)
        t = seg([tgt[k : k + 4] for k in range(0, len(tgt), 4)], "tgt", "nl")
        t0 = time.perf_counter()
        a = align(s, t)
        times[n] = time.perf_counter() - t0
        assert_complete(a, s, t)
        got = set(links(a))
        assert sum(g in got for g in gold) / len(gold) > 0.95
    assert times[2000] < 20.0
    assert times[2000] < 10 * max(times[500], 0.05)


def test_large_omitted_block_is_found_outside_the_first_band():
    """70 consecutive sentences missing from the rendering, far more than the band
    (5 units): the paragraph level and the band re-solving still find the block."""
    ps, _tgt, _gold = _synthetic(240, 7)
    flat = [x for p in ps for x in p]
    rng = random.Random(1)
    words = [f"w{k}" for k in range(50)]
    tgt = []
    for i, sent in enumerate(flat):
        if 80 <= i < 150:
            continue
        num = sent.rsplit(" ", 1)[1]
        tgt.append(" ".join(rng.choice(words) for _ in range(len(sent.split()))) + f" {num}")
    s = seg(ps)
    t = seg([tgt[k : k + 4] for k in range(0, len(tgt), 4)], "tgt", "nl")
    a = align(s, t, options=AlignOptions(band=5))
    assert_complete(a, s, t)
    omitted = [lk.src[0] for lk in a.links if lk.is_omission]
    assert len(omitted) >= 66 and all(76 <= i < 154 for i in omitted)
    assert sum(1 for lk in a.links if lk.src and lk.tgt and lk.src[0] - lk.tgt[0] in (0, 70)) >= 160


def test_bigger_beads_on_request():
    src = ["Tỉnh có 126 lớp.", "Có 6.280 học viên.", "Tỷ lệ đạt 96,3%."]
    tgt = ["De provincie telde 126 klassen", "met 6.280 cursisten, en het slagingspercentage bedroeg 96,3%."]
    s, t = seg([src]), seg([tgt], "tgt", "nl")
    for opt in (AlignOptions(), AlignOptions(max_bead_total=6), AlignOptions(max_bead=2)):
        a = align(s, t, options=opt)
        assert_complete(a, s, t)
        assert all(len(lk.src) + len(lk.tgt) <= opt.max_bead_total for lk in a.links)
        assert all(max(len(lk.src), len(lk.tgt)) <= opt.max_bead for lk in a.links)
        assert links(a) == [((0,), (0,)), ((1, 2), (1,))]


def test_number_words_decide_which_sentence_was_dropped():
    """The target writes the percentages in words; only they tell which of three
    sentences of the same shape was dropped (a word counts when it meets digits)."""
    src = ["Khoảng 32% cử tri ủng hộ ông ấy.", "Khoảng 45% cử tri phản đối ông ấy.", "Khoảng 23% cử tri chưa quyết định."]
    tgt = ["Tweeëndertig procent van de kiezers steunt hem.", "Drieëntwintig procent van de kiezers twijfelt nog."]
    s, t = seg([src]), seg([tgt], "tgt", "nl")
    a = align(s, t)
    assert_complete(a, s, t)
    assert links(a) == [((0,), (0,)), ((1,), ()), ((2,), (1,))]


def test_forward_and_backward_agree_in_a_ragged_band():
    """Every row is crossed by the best path, so min over a row of forward +
    backward equals the best total, and no cell is below it. A backward pass that
    let a 0:1 run through cells right of a row's band (where the 0:1 costs are
    flat) broke this and made skip gaps ~0 on long documents."""
    from translate.alignment.aligner import _band, _backward, _beads, _fix_corridor, _forward, _Problem

    rng = random.Random(11)
    checked = 0
    for trial in range(6):
        n, m = 40, 46
        src = [Unit(rng.randint(5, 120)) for _ in range(n)]
        tgt = [Unit(rng.randint(5, 120)) for _ in range(m)]
        opt = AlignOptions()
        p = _Problem(src, tgt, opt, None, None, None)
        rows = np.arange(n + 1)
        centre = (rows * m) // n
        # ragged: some rows narrow, some wide, so a row's band ends left of cells
        # that still reach the next row's band
        lo, hi = _fix_corridor(centre - 2 - (rows % 3), centre + 1 + 4 * (rows % 4 == trial % 4), m)
        bd = _band(p, lo, hi, _beads(opt), 0)
        D, _ = _forward(bd, 0)
        B = _backward(bd, m)
        best = D[n, m - lo[n]]
        assert np.isfinite(best)
        total = np.where(bd.inband, D + B, np.inf)
        assert (total >= best - 1e-9).all()
        assert np.allclose(total.min(axis=1), best)
        checked += 1
    assert checked == 6


def test_band_anchor_counts_match_set_intersections():
    """The banded shared-anchor counts (sorted keys and bincount) give the Dice cost
    of the plain set intersections of each bead's units, in every cell of a
    ragged band, for a whole problem and for a window starting at row r0; soft
    numbers (s:) count only against digits (n:) on the other side, added to the
    strong channel's shared count and total."""
    from translate.alignment.aligner import BEAD_PENALTY, _bead_costs, _fix_corridor, _Problem

    rng = random.Random(5)
    pool = [f"n:{k}" for k in range(12)] + [f"s:{k}" for k in range(8)]
    src = [Unit(50, frozenset(rng.sample(pool, rng.randint(0, 3)))) for _ in range(60)]
    tgt = [Unit(50, frozenset(rng.sample(pool, rng.randint(0, 3)))) for _ in range(70)]
    opt = AlignOptions(use_length=False, use_boilerplate=False, use_similarity=False)
    p = _Problem(src, tgt, opt, None, None, None)
    rows = np.arange(61)
    centre = (rows * 70) // 60
    lo, hi = _fix_corridor(centre - 3 - rows % 4, centre + 5 + rows % 3, 70)
    width = int((hi - lo).max()) + 1
    beads = [(1, 1), (2, 1), (1, 2), (2, 2), (3, 1), (1, 3)]

    def strong(u):
        return {a for a in u.anchors if a.startswith("n:")}

    def digits(u):
        return {a[2:] for a in u.anchors if a.startswith("n:")}

    def words(u):
        return {a[2:] for a in u.anchors if a.startswith("s:")}

    checked = soft_seen = 0
    for r0 in (0, 7):
        costs = _bead_costs(p, lo[r0:], width, beads, r0)
        for (di, dj), c in costs.items():
            for i in range(r0 + di, 61):
                for j in range(max(lo[i], dj), hi[i] + 1):
                    ss, ts = src[i - di : i], tgt[j - dj : j]
                    sn, tn = [strong(u) for u in ss], [strong(u) for u in ts]
                    na, nb = sum(map(len, sn)), sum(map(len, tn))
                    inter = min(sum(len(a & b) for a in sn for b in tn), na, nb)
                    soft = sum(len(digits(a) & words(b)) + len(words(a) & digits(b)) for a in ss for b in ts)
                    soft_seen += soft
                    inter, tot = inter + soft, na + nb + soft
                    dice = min(2.0 * inter / tot, 1.0) if tot else 1.0
                    want = BEAD_PENALTY[(di, dj)] + opt.anchor_weight * (di + dj) / 2.0 * (1.0 - dice)
                    assert c[i - r0, j - lo[i]] == pytest.approx(want, abs=1e-9), (r0, di, dj, i, j)
                    checked += 1
    assert checked > 3000 and soft_seen > 100


def test_band_in_row_chunks_equals_one_piece(monkeypatch):
    """The band's bead costs are computed in row chunks (memory); any chunk size
    gives the same costs, so the same links, confidences and skip gaps."""
    import translate.alignment.aligner as A

    rng = random.Random(3)
    words = ["Hà Nội", "năm 2020", "3,5%", "ông Nguyễn", "tháng 7", "Quốc hội", "Việt Nam", "12.000"]
    nl_words = ["Hanoi", "in 2020", "3,5%", "de heer Nguyen", "juli", "het parlement", "Vietnam", "12.000"]
    src_p, tgt_p = [], []
    for _ in range(30):
        k = rng.randint(1, 3)
        idx = [rng.randrange(len(words)) for _ in range(k)]
        src_p.append([f"Câu {w} có {rng.randint(2, 40)} từ ngữ." for w in (words[i] for i in idx)])
        if rng.random() > 0.1:
            tgt_p.append([f"Zin {w} met woorden erin." for w in (nl_words[i] for i in idx)])
    s, t = seg(src_p), seg(tgt_p, "tgt", "nl")

    def run():
        a = align(s, t)
        return [(lk.src, lk.tgt, lk.cost, lk.confidence) for lk in a.links], a.skip_gaps

    whole = run()
    monkeypatch.setattr(A, "_BAND_CHUNK", 5)
    assert run() == whole
    monkeypatch.setattr(A, "_BAND_CHUNK", 1)
    assert run() == whole


def test_forward_and_backward_match_a_cell_by_cell_dp():
    """The row-vectorised passes (shifted gathers from rings of the last few rows)
    equal a plain cell-by-cell DP over the same bead costs, for the full bead set
    (beads reach back 3 rows) and for 1:1/1:0/0:1 only (1 row), in a ragged band
    with a start row r0 > 0 and a start and end inside the band."""
    from translate.alignment.aligner import _band, _backward, _beads, _e_inf_at, _fix_corridor, _forward, _Problem

    rng = random.Random(3)
    for max_bead in (3, 1):
        n, m, r0 = 30, 34, 4
        src = [Unit(rng.randint(5, 120)) for _ in range(n)]
        tgt = [Unit(rng.randint(5, 120)) for _ in range(m)]
        opt = AlignOptions(max_bead=max_bead)
        p = _Problem(src, tgt, opt, None, None, None)
        rows = np.arange(r0, n + 1)
        centre = (rows * m) // n
        lo, hi = _fix_corridor(centre - 2 - (rows % 3), centre + 1 + 3 * (rows % 4 == 1), m)
        bd = _band(p, lo, hi, _beads(opt), r0)
        # bead costs at random (in place: rowcost views rc), so that every bead,
        # 3:1 and 1:3 too, is the best way into some cells
        fin = np.isfinite(bd.rc)
        bd.rc[fin] = np.random.default_rng(max_bead).uniform(0.0, 6.0, fin.sum())
        R, W = len(lo), bd.width
        start, end = int(lo[0]) + 1, int(hi[-1]) - 1
        D, back = _forward(bd, start)
        B = _backward(bd, end)
        inb = lambda r, j: 0 <= r < R and lo[r] <= j <= hi[r]  # noqa: E731
        ref_d = np.full((R, W), np.inf)
        for r in range(R):
            for j in range(int(lo[r]), int(hi[r]) + 1):
                c = j - lo[r]
                v = 0.0 if (r, j) == (0, start) else np.inf
                for k, (di, dj) in enumerate(bd.bead_list):
                    if r > 0 and inb(r - di, j - dj):
                        v = min(v, ref_d[r - di, j - dj - lo[r - di]] + bd.rc[r, k, c])
                if inb(r, j - 1):
                    v = min(v, ref_d[r, c - 1] + _e_inf_at(p, bd, np.array([r]), np.array([c]))[0])
                ref_d[r, c] = v
        ref_b = np.full((R, W), np.inf)
        for r in range(R - 1, -1, -1):
            for j in range(int(hi[r]), int(lo[r]) - 1, -1):
                c = j - lo[r]
                v = 0.0 if (r, j) == (R - 1, end) else np.inf
                for k, (di, dj) in enumerate(bd.bead_list):
                    if inb(r + di, j + dj):
                        v = min(v, ref_b[r + di, j + dj - lo[r + di]] + bd.rc[r + di, k, j + dj - lo[r + di]])
                if inb(r, j + 1):
                    v = min(v, ref_b[r, c + 1] + _e_inf_at(p, bd, np.array([r]), np.array([c + 1]))[0])
                ref_b[r, c] = v
        for got, ref in ((D, ref_d), (B, ref_b)):
            fin = np.isfinite(ref)
            assert fin.sum() > R and (np.isfinite(got) == fin).all()
            assert np.allclose(got[fin], ref[fin], rtol=0, atol=1e-9)
        # each back pointer names a bead that gives D (0:1 = len(bead_list))
        assert back.dtype == np.int8 and back.shape == (R, W)
        nb = len(bd.bead_list)
        assert set(back[np.isfinite(D)].tolist()) == set(range(nb + 1))
        for r, c in zip(*np.nonzero(np.isfinite(ref_d))):
            j = lo[r] + c
            if (r, j) == (0, start):
                continue
            k = int(back[r, c])
            di, dj = bd.bead_list[k] if k < nb else (0, 1)
            step = bd.rc[r, k, c] if k < nb else _e_inf_at(p, bd, np.array([r]), np.array([c]))[0]
            assert inb(r - di, j - dj)
            assert abs(D[r - di, j - dj - lo[r - di]] + step - D[r, c]) <= 1e-9


def test_default_corridor_follows_the_pair_own_length_ratio():
    """The band starts on the diagonal of this pair (its total length ratio), not
    of a fixed vi->nl ratio: over a long document a fixed ratio that is a little
    off drifts out of any band (the 50,000-paragraph stress pair)."""
    from translate.alignment.aligner import _default_corridor

    n, m = 4000, 4000
    src = np.full(n, 100.0)
    tgt = np.full(m, 150.0)  # 1.5 Dutch chars per Vietnamese char, far from the usual ratio
    lo, hi = _default_corridor(src, tgt, 1.08, 20)
    rows = np.arange(n + 1)
    assert (lo <= rows).all() and (rows <= hi).all()  # the diagonal i == j is inside everywhere
    assert hi[-1] == m


def test_short_heading_glued_onto_its_body_is_merged_not_dropped():
    # help page: "Cú pháp" / "Giá trị trả về" on their own lines; the rendering glues
    # one heading onto the first sentence of its body (2:1), keeps the other apart
    src = seg([["Cú pháp"], [PAIRS[0][0], PAIRS[1][0]], ["Giá trị trả về"], [PAIRS[2][0], PAIRS[3][0]]])
    tgt = seg([["Syntaxis " + PAIRS[0][1], PAIRS[1][1]], ["Teruggegeven waarde"], [PAIRS[2][1], PAIRS[3][1]]],
              "tgt", "nl")
    links = [(lk.src, lk.tgt) for lk in align(src, tgt).links]
    assert links[0] == ((0, 1), (0,))
    assert ((3,), (2,)) in links and not any(s and not t for s, t in links)


def _long_paragraph(n: int, p_drop: float, seed: int):
    """One paragraph of ``n`` pseudo-sentences (random words, 20-220 characters) on
    each side, the rendering's lengths 1.08x with +-15 % noise, ``p_drop`` of the
    sentences missing from it; returns the two segmentations and the gold links."""
    rng = random.Random(seed)

    def sentence(length: int) -> str:
        words: list[str] = []
        while sum(len(w) + 1 for w in words) < length:
            words.append("".join(rng.choice("abcdeghiklmnoprstuvy") for _ in range(rng.randint(2, 8))))
        return " ".join(words).capitalize() + "."

    src, tgt, gold = [], [], []
    for i in range(n):
        length = rng.randint(20, 220)
        src.append(sentence(length))
        if rng.random() < p_drop:
            gold.append(((i,), ()))
            continue
        gold.append(((i,), (len(tgt),)))
        tgt.append(sentence(int(length * 1.08 * rng.uniform(0.85, 1.15))))
    return seg([src]), seg([tgt], "tgt", "nl"), gold


def test_one_paragraph_of_8000_sentences_with_drops_is_aligned_coarse_to_fine():
    # issue 14 item 5: a single 8,000-sentence paragraph made the sentence band the
    # full rectangle (minutes, 15 GB); the coarse-to-fine corridor keeps it linear
    src, tgt, gold = _long_paragraph(8000, 0.01, 5)
    t0 = time.perf_counter()
    a = align(src, tgt)
    dt = time.perf_counter() - t0
    links = [(lk.src, lk.tgt) for lk in a.links]
    assert [i for s, _ in links for i in s] == list(range(8000))
    correct = len(set(links) & set(gold))
    assert correct >= 0.99 * len(gold), correct
    drops = [g for g in gold if not g[1]]
    assert len(set(links) & set(drops)) >= 0.6 * len(drops)
    assert dt < 30, dt
    # the corridor is a few chunks wide, not the paragraph
    from translate.alignment.aligner import _coarse_corridor, _seg_units

    lo, hi = _coarse_corridor(_seg_units(src, "vi", None), _seg_units(tgt, "nl", None), AlignOptions())
    assert int((hi - lo).max()) <= 12 * 8
    # same result as the sentences-only path (which uses the same corridor)
    b = align(src, tgt, options=AlignOptions(use_paragraphs=False))
    assert len(set((lk.src, lk.tgt) for lk in b.links) & set(gold)) >= 0.99 * len(gold)


def test_glued_heading_sign():
    from translate.alignment.aligner import glued_heading

    for text in ("Hulp Er vonden in die tijd hevige oorlogen plaats.", "Ledig Wanneer u een Schengenvisum hebt, hoeft u niets.",
                 "Wanneer nodig Een 'flat white' is een vreemd concept.", "Return value The function returns zero."):
        assert glued_heading(text), text
    for text in ("De VS probeerde manschappen over te brengen.", "Ik zei: De man kwam.", "Hij woont in Den Haag.",
                 "Pham Kien Cuong bevestigde dat."):
        assert not glued_heading(text), text


def test_label_glued_onto_its_body_is_merged_even_when_short():
    # a two-letter label ("Mở", Open) glued onto its body: "Openen De ...": 2:1, not a drop
    src = seg([["Mở"], [PAIRS[1][0], PAIRS[7][0]]])
    tgt = seg([["Openen " + PAIRS[1][1], PAIRS[7][1]]], "tgt", "nl")
    links = [(lk.src, lk.tgt) for lk in align(src, tgt).links]
    assert links == [((0, 1), (0,)), ((2,), (1,))]
