"""Re-translation engine: both backends agree, batching, guards, forced decoding, errors."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from translate.cli.main import app
from translate.errors import ConfigError, ModelError
from translate.mt.forced import build_token_scores, map_pieces_to_words
from translate.mt.base import DecodeOptions, PivotBackend
from translate.mt.batching import looks_looped, progress_bar, split_long
from translate.mt.marian import MarianBackend
from translate.mt.registry import load_backend, resolve_engine

pytest.importorskip("ctranslate2")
from translate.mt.ct2 import CT2Backend, convert_model  # noqa: E402

SOURCES = [
    "Tỉnh ủy Tuyên Quang đã ban hành Đề án 16-ĐA/TU ngày 3 tháng 1 năm 2020.",
    "Năm 2024, 96,3% bí thư chi bộ hoàn thành tốt nhiệm vụ.",
    "Đảng mạnh từ mỗi chi bộ mạnh.",
    "Người dân tin tưởng vào sự lãnh đạo của chi bộ.",
    "Xin chào",
    "Giá vé tàu tăng 15% so với năm ngoái.",
    "Học sinh trở lại trường sau kỳ nghỉ hè.",
    "Một hai ba bốn năm sáu bảy tám chín mười.",
]
RENDERINGS = [
    "Het Provinciaal Partijcomité van Tuyen Quang vaardigde Project 16-DA/TU uit.",
    "In 2024 voerde 96,3% van de secretarissen hun taken goed uit.",
    "Een sterke partij ontstaat uit elke sterke partijcel.",
    "De mensen vertrouwen op het leiderschap.",
    "Hallo",
    "De prijs van treinkaartjes steeg met 15%.",
    "Leerlingen gaan terug naar school.",
    "Een twee drie vier vijf zes zeven acht negen tien.",
]


OPTS = DecodeOptions(max_length=40)


@pytest.fixture(scope="module")
def hf(engine_model):
    return MarianBackend(str(engine_model), target_token=">>nld<<", options=OPTS)


@pytest.fixture(scope="module")
def ct2(engine_model):
    return CT2Backend(str(engine_model), target_token=">>nld<<", compute_type="float32", options=OPTS)


def test_backends_give_the_same_greedy_translations(hf, ct2):
    a, b = hf.translate(SOURCES), ct2.translate(SOURCES)
    assert a == b
    assert len(set(a)) > 3, "the test model must depend on its input"
    assert all(a), "no empty translation of a non-empty sentence"


@pytest.mark.slow  # both engines on the multilingual model: about 8 s
def test_multilingual_target_token_agrees_on_shared_fixture(tiny_multilingual_model):
    """The known CTranslate2 issue (gibberish after >>xx<< models) would show as a difference here."""
    opts = DecodeOptions(max_length=24, retry_loops=False)
    a = MarianBackend(str(tiny_multilingual_model), target_token=">>nld<<", options=opts).translate(SOURCES[:4])
    b = CT2Backend(str(tiny_multilingual_model), target_token=">>nld<<", options=opts,
                   compute_type="float32").translate(SOURCES[:4])
    assert a == b


def test_unknown_target_token_is_a_clear_error(engine_model):
    with pytest.raises(ConfigError, match=r">>fra<<.*not in the vocabulary"):
        CT2Backend(str(engine_model), target_token=">>fra<<", compute_type="float32")


def test_forced_decoding_scores_agree_and_map_to_words(hf, ct2):
    sa = hf.score_tokens(SOURCES, RENDERINGS)
    sb = ct2.score_tokens(SOURCES, RENDERINGS)
    assert len(sa) == len(sb) == len(RENDERINGS)
    for x, y, target in zip(sa, sb, RENDERINGS):
        assert x.tokens == y.tokens
        assert max(abs(p - q) for p, q in zip(x.logprobs, y.logprobs)) < 1e-3
        assert all(lp <= 0 for lp in x.logprobs)
        assert [w.text for w in x.words] == target.split()
        for w in x.words:
            assert target[w.start : w.end] == w.text
            assert w.min_logprob >= w.logprob - 1e-9
        assert sum(w.logprob for w in x.words) + x.eos_logprob == pytest.approx(x.total)
        assert x.token_word[-1] == -1 and x.tokens[-1] == "</s>"


def test_forced_decoding_depends_on_the_source(ct2):
    """The same rendering scores differently under different sources, and identically when repeated."""
    a = ct2.score_tokens([SOURCES[0], SOURCES[1], SOURCES[0]], [RENDERINGS[0]] * 3)
    assert a[0].logprobs == pytest.approx(a[2].logprobs, abs=1e-4)
    assert a[0].logprobs != pytest.approx(a[1].logprobs, abs=1e-2)


def test_piece_to_word_mapping():
    spans, owner = map_pieces_to_words("De  kat zat.", ["\u2581De", "\u2581k", "at", "\u2581", "zat", "."])
    assert spans == [(0, 2), (4, 7), (8, 12)]
    assert owner == [0, 1, 1, 2, 2, 2]
    scores = build_token_scores("De  kat zat.", ["\u2581De", "\u2581k", "at", "\u2581", "zat", "."],
                                [-1, -2, -3, -0.5, -0.5, -0.1, -0.2])
    assert [(w.text, w.n_tokens) for w in scores.words] == [("De", 1), ("kat", 2), ("zat.", 3)]
    assert scores.words[1].logprob == -5 and scores.words[1].min_logprob == -3
    # normalisation changed the text: fall back to character positions
    spans, owner = map_pieces_to_words("ab cd", ["\u2581abcd"])
    assert owner == [1] or owner == [0]


def test_batching_restores_order_and_dedupes(ct2, engine_model):
    small = CT2Backend(str(engine_model), target_token=">>nld<<", compute_type="float32",
                       options=DecodeOptions(batch_tokens=40, max_length=40))
    sentences = SOURCES + SOURCES[:3] + [SOURCES[0]]
    out = small.translate(sentences)
    assert small.stats["generate_calls"] >= 3, "a small token budget must give several batches"
    assert small.stats["sentences"] == len(SOURCES), "duplicates are translated once"
    one_by_one = [ct2.translate([s])[0] for s in sentences]
    assert out == one_by_one


def test_length_caps(engine_model):
    backend = CT2Backend(str(engine_model), target_token=">>nld<<", compute_type="float32",
                         options=DecodeOptions(max_length=3, retry_loops=False))
    seen = []
    generate = backend._generate

    def recording(batch, max_new, min_new, opts):
        out = generate(batch, max_new, min_new, opts)
        seen.append((max_new, [len(o) for o in out]))
        return out

    backend._generate = recording
    backend.translate(SOURCES)
    assert seen and all(cap == 3 and max(lengths) <= 3 for cap, lengths in seen)
    opts = DecodeOptions(max_ratio=0.5)
    assert opts.cap(10) == 15 and opts.cap(1000) == 256


def test_over_long_sentences_are_split(hf):
    long = ", ".join(SOURCES[:4] * 3)
    backend = MarianBackend(str(hf.model_name), target_token=">>nld<<", options=DecodeOptions(max_input_tokens=40, max_length=20))
    out = backend.translate([long, SOURCES[4]])
    assert backend.stats["split"] == 1 and out[0]
    pieces = split_long(long, lambda t: len(t.split()), 10)
    assert len(pieces) > 1 and all(len(p.split()) <= 10 for p in pieces)
    assert " ".join(pieces).split() == long.split(), "nothing dropped"


def test_loop_detection_and_retry(engine_model):
    assert looks_looped([5, 5, 5, 5])
    assert looks_looped([1, 2, 3, 2, 3, 2, 3, 2, 3])
    assert not looks_looped([1, 2, 3, 4, 5, 6, 7, 8])
    backend = CT2Backend(str(engine_model), target_token=">>nld<<", compute_type="float32")
    backend.translate(SOURCES)
    assert backend.stats["retried"] >= 1  # the random model loops; the guard decodes those again
    ids = [backend._tokenizer(text_target=t).input_ids[:-1] for t in backend.translate(SOURCES)]
    assert sum(looks_looped(i) for i in ids) < backend.stats["retried"] / 2 + 1


def test_pivot_chain_translates_and_scores(tiny_model, engine_model):
    first = MarianBackend(str(tiny_model), options=DecodeOptions(max_length=10))
    last = CT2Backend(str(engine_model), target_token=">>nld<<", compute_type="float32", options=OPTS)
    chain = PivotBackend([first, last])
    assert len(chain.translate(SOURCES[:2])) == 2
    scores = chain.score_tokens(SOURCES[:2], RENDERINGS[:2])
    assert [w.text for w in scores[0].words] == RENDERINGS[0].split()
    assert "->" in chain.signature()


def test_engine_names(engine_model):
    assert resolve_engine("auto") == "ctranslate2"
    with pytest.raises(ConfigError, match="unknown backend"):
        resolve_engine("onnx")
    b = load_backend(str(engine_model), engine="transformers", cache=False, target_token=">>nld<<")
    assert b.signature().startswith("transformers:")
    c = load_backend(str(engine_model), cache=False, target_token=">>nld<<", beam=2)
    assert c.signature().startswith("ctranslate2:") and "compute:int8" in c.signature() and "beam:2" in c.signature()
    assert b.signature() != c.signature()


def test_conversion_is_cached_and_complete(engine_model, tmp_path):
    out = convert_model(str(engine_model), tmp_path / "ct2", quantization="float32")
    marker = (out / "translate-ct2.json").stat().st_mtime_ns
    assert convert_model(str(engine_model), tmp_path / "ct2", quantization="float32") == out
    assert (out / "translate-ct2.json").stat().st_mtime_ns == marker, "second call must not convert again"
    assert (out / "source.spm").exists(), "tokenizer travels with the converted model"
    direct = load_backend(str(out), engine="transformers", cache=False, target_token=">>nld<<")
    assert direct.signature().startswith("ctranslate2:"), "a converted folder runs on CTranslate2"


def test_half_converted_and_unreadable_folders_give_clear_errors(engine_model, tmp_path, tiny_model):
    out = convert_model(str(engine_model), tmp_path / "ct2", quantization="float32")
    half = tmp_path / "half"
    shutil.copytree(out, half)
    (half / "model.bin").unlink()
    with pytest.raises(ModelError, match="half-converted"):
        CT2Backend(str(half))
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "config.json").write_text("{ not json", encoding="utf-8")
    with pytest.raises(ModelError):
        MarianBackend(str(broken))
    noweights = tmp_path / "noweights"
    shutil.copytree(tiny_model, noweights)
    (noweights / "model.safetensors").unlink()
    with pytest.raises(ModelError):
        CT2Backend(str(noweights))

    demo_src = tmp_path / "src.txt"
    demo_tgt = tmp_path / "tgt.txt"
    demo_src.write_text(SOURCES[0] + "\n", encoding="utf-8")
    demo_tgt.write_text(RENDERINGS[0] + "\n", encoding="utf-8")
    runner = CliRunner()
    for folder, words in ((half, "half-converted"), (broken, "broken"), (noweights, "noweights")):
        result = runner.invoke(app, ["review", str(demo_src), str(demo_tgt), "--model", str(folder), "--no-cache"])
        assert result.exit_code == 2, result.output
        assert "error:" in result.output and words in result.output
        assert "Traceback" not in result.output


def test_bad_backend_name_exits_2(tmp_path, engine_model):
    src, tgt = tmp_path / "s.txt", tmp_path / "t.txt"
    src.write_text(SOURCES[0], encoding="utf-8")
    tgt.write_text(RENDERINGS[0], encoding="utf-8")
    result = CliRunner().invoke(app, ["review", str(src), str(tgt), "--model", str(engine_model), "--backend", "onnx"])
    assert result.exit_code == 2 and "unknown backend" in result.output


def test_damaged_cache_folder_is_converted_again(engine_model):
    first = convert_model(str(engine_model), quantization="float32")
    (first / "model.bin").unlink()
    again = convert_model(str(engine_model), quantization="float32")
    assert again == first and (again / "model.bin").stat().st_size > 0


def test_progress_bar_only_on_long_jobs_in_a_terminal():

    assert progress_bar(1000, False, "x") is None
    assert progress_bar(5, True, "x") is None
    assert progress_bar(1000, True, "x") is None  # pytest captures stderr: not a terminal


def test_decode_options_are_checked():
    with pytest.raises(ConfigError):
        DecodeOptions(beam=0)
    assert DecodeOptions(beam=4).tag() != DecodeOptions(beam=1).tag()
