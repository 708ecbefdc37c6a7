import sacrebleu

from translate.score import sentence_scores


def test_sentence_scores_equal_sacrebleu_functions():
    hyp = "De brug is 2,97 km lang en heeft 6 rijstroken."
    ref = "De brug is 2,97 kilometer lang met zes rijstroken."
    s = sentence_scores(hyp, ref)
    assert s.bleu == sacrebleu.sentence_bleu(hyp, [ref]).score
    assert s.chrf == sacrebleu.sentence_chrf(hyp, [ref]).score
    assert s.chrfpp == sacrebleu.sentence_chrf(hyp, [ref], word_order=2).score
    assert 0 < s.bleu < 100 and 0 < s.chrf < 100


def test_identical_is_100():
    s = sentence_scores("Een zin.", "Een zin.")
    assert round(s.bleu, 6) == 100.0 and s.chrf == 100.0
