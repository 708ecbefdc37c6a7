"""Translation cache: hits skip the model, keys include the signature, two processes are safe."""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Sequence

import pytest

from translate.mt.cache import CachedBackend, TranslationCache, default_cache_path
from translate.errors import ConfigError, ModelError
from translate.pipeline import ReviewOptions, review
from translate.mt.base import Backend
from translate.mt.registry import load_backend
from translate.mt.stage import translate_segments


class CountingBackend(Backend):
    """Test double: upper-cases sentences and counts what it was asked to translate."""

    name = "counting"

    def __init__(self, tag: str = "v1") -> None:
        self.tag = tag
        self.calls = 0
        self.sentences: list[str] = []

    def signature(self) -> str:
        return f"counting:{self.tag}"

    def translate(self, sentences: Sequence[str]) -> list[str]:
        self.calls += 1
        self.sentences.extend(sentences)
        return [s.upper() for s in sentences]


def test_second_run_does_not_call_the_model(tmp_path):
    cache = TranslationCache(tmp_path / "c.sqlite")
    inner = CountingBackend()
    backend = CachedBackend(inner, cache)
    first = backend.translate(["a", "b", "a", "c"])
    assert first == ["A", "B", "A", "C"]
    assert inner.calls == 1 and inner.sentences == ["a", "b", "c"], "duplicates translated once"
    again = CachedBackend(CountingBackend(), TranslationCache(tmp_path / "c.sqlite"))
    assert again.translate(["c", "a", "b"]) == ["C", "A", "B"]
    assert again.backend.calls == 0 and again.hits == 3
    partly = CachedBackend(CountingBackend(), cache)
    assert partly.translate(["a", "new"]) == ["A", "NEW"]
    assert partly.backend.sentences == ["new"], "only the miss goes to the model"


def test_signature_is_part_of_the_key(tmp_path):
    cache = TranslationCache(tmp_path / "c.sqlite")
    CachedBackend(CountingBackend("v1"), cache).translate(["x"])
    other = CountingBackend("v2")
    CachedBackend(other, cache).translate(["x"])
    assert other.calls == 1
    assert cache.count() == 2


def test_exact_source_text_is_the_key(tmp_path):
    cache = TranslationCache(tmp_path / "c.sqlite")
    CachedBackend(CountingBackend(), cache).translate(["Hà Nội"])
    inner = CountingBackend()
    CachedBackend(inner, cache).translate(["Hà Nội ", "Ha Noi"])
    assert inner.sentences == ["Hà Nội ", "Ha Noi"]


def test_review_twice_after_editing_the_rendering_skips_the_model(tmp_path):
    src, tgt = tmp_path / "src.txt", tmp_path / "tgt.txt"
    src.write_text("Xin chào.\n\nĐảng mạnh từ mỗi chi bộ mạnh. Xin chào.\n", encoding="utf-8")
    tgt.write_text("Hallo.\n\nEen sterke partij. Hallo.\n", encoding="utf-8")
    db = tmp_path / "c.sqlite"
    first = CountingBackend()
    review(str(src), str(tgt), ReviewOptions(backend=CachedBackend(first, TranslationCache(db))))
    assert first.calls == 1
    tgt.write_text("Hallo!\n\nEen heel sterke partij. Hallo.\n", encoding="utf-8")
    second = CountingBackend()
    result = review(str(src), str(tgt), ReviewOptions(backend=CachedBackend(second, TranslationCache(db))))
    assert second.calls == 0
    assert result.translation is not None and "XIN CHÀO." in result.translation.texts


def _fill(path: str, worker: int, n: int) -> None:
    cache = TranslationCache(path)
    for k in range(0, n, 10):
        # overlapping keys between workers (same text, same translation) and private ones
        pairs = [(f"shared {j}", f"SHARED {j}") for j in range(k, k + 10)]
        pairs += [(f"w{worker} {j}", f"W{worker} {j}") for j in range(k, k + 10)]
        cache.put_many("sig", pairs)
        got = cache.get_many("sig", [p[0] for p in pairs])
        assert got == dict(pairs)
    cache.close()


def test_two_processes_filling_one_cache(tmp_path):
    path = str(tmp_path / "shared.sqlite")
    TranslationCache(path).close()
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_fill, args=(path, w, 200)) for w in (1, 2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    cache = TranslationCache(path)
    assert cache.integrity_ok()
    assert cache.count("sig") == 200 + 2 * 200
    assert cache.get_many("sig", ["w1 7", "w2 199", "shared 42"]) == {
        "w1 7": "W1 7", "w2 199": "W2 199", "shared 42": "SHARED 42"}


def test_cache_location_and_switches(tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSLATE_CACHE", "off")
    assert default_cache_path() is None
    monkeypatch.setenv("TRANSLATE_CACHE", str(tmp_path / "x.sqlite"))
    assert default_cache_path() == tmp_path / "x.sqlite"
    monkeypatch.delenv("TRANSLATE_CACHE")
    monkeypatch.setenv("TRANSLATE_CACHE_DIR", str(tmp_path / "root"))
    assert default_cache_path() == tmp_path / "root" / "translations.sqlite"
    (tmp_path / "file").write_text("x")
    with pytest.raises(ConfigError, match="cannot be opened"):
        TranslationCache(tmp_path / "file" / "db.sqlite")


def test_real_engine_cache_hit(engine_model, tmp_path):
    pytest.importorskip("ctranslate2")
    db = tmp_path / "c.sqlite"
    sentences = ["Xin chào", "Đảng mạnh từ mỗi chi bộ mạnh.", "Xin chào"]
    a = load_backend(str(engine_model), cache=db, target_token=">>nld<<")
    out = a.translate(sentences)
    assert a.backend.stats["generate_calls"] >= 1
    b = load_backend(str(engine_model), cache=db, target_token=">>nld<<")
    assert b.translate(sentences) == out
    assert b.backend.stats["generate_calls"] == 0 and b.hits == 2
    c = load_backend(str(engine_model), cache=db, target_token=">>nld<<", beam=2)
    c.translate(sentences[:1])
    assert c.backend.stats["generate_calls"] >= 1, "other decoding settings: other key"
    # the segment-level entry point goes through the same cache
    assert isinstance(translate_segments, object)


def test_pivot_members_are_cached_and_scoring_reuses_the_pivot_text(tiny_model, engine_model, tmp_path):
    pytest.importorskip("ctranslate2")
    db = tmp_path / "c.sqlite"
    spec = f"{tiny_model}+{engine_model}"
    chain = load_backend(spec, cache=db, target_token=">>nld<<", max_length=12)
    chain.translate(["Xin chào", "Đảng mạnh."])
    first, last = chain.backends
    calls = first.backend.stats["generate_calls"]
    scores = chain.score_tokens(["Xin chào"], ["Hallo daar"])
    assert first.backend.stats["generate_calls"] == calls, "the vi->en step comes from the cache"
    assert [w.text for w in scores[0]] == ["Hallo", "daar"]  # iterating gives the words
    fresh = load_backend(spec, cache=db, target_token=">>nld<<", max_length=12)
    fresh.translate(["Xin chào", "Đảng mạnh."])
    assert all(b.backend.stats["generate_calls"] == 0 for b in fresh.backends)


def test_backends_without_a_model_do_not_offer_scoring(tmp_path):
    cached = CachedBackend(CountingBackend(), TranslationCache(tmp_path / "c.sqlite"))
    assert not cached.can_score
    with pytest.raises(ModelError, match="no forced-decoding scores"):
        cached.score_tokens(["Xin chào"], ["Hallo"])


def test_forced_decoding_scores_are_cached(engine_model, tmp_path):
    pytest.importorskip("ctranslate2")
    db = tmp_path / "c.sqlite"
    a = load_backend(str(engine_model), cache=db, target_token=">>nld<<", compute_type="float32")
    first = a.score_tokens(["Xin chào", "Đảng mạnh."], ["Hallo daar", "Sterk."])
    b = load_backend(str(engine_model), cache=db, target_token=">>nld<<", compute_type="float32")
    calls = []
    inner = b.backend._score
    b.backend._score = lambda s, t: calls.append(len(s)) or inner(s, t)
    again = b.score_tokens(["Xin chào", "Đảng mạnh."], ["Hallo daar", "Sterk!"])
    assert calls == [1], "only the edited rendering is scored again"
    assert again[0].logprobs == first[0].logprobs and [w.text for w in again[0]] == ["Hallo", "daar"]


def _open_and_write(path, barrier, results):
    barrier.wait()
    try:
        c = TranslationCache(path)
        c.put_many("sig", [("a", "b")])
        c.close()
        results.put("ok")
    except Exception as exc:  # reported to the parent, which asserts on it
        results.put(repr(exc))


@pytest.mark.slow  # 25 rounds of 6 processes opening one cache: 3-15 s with the machine shared
def test_processes_opening_a_new_cache_at_once_all_succeed(tmp_path):
    """Corpus workers start together on one fresh cache file; switching it to WAL must not
    fail with "database is locked" (SQLite skips its busy handler there: CI saw it)."""
    ctx = mp.get_context("fork")
    failures = []
    for trial in range(25):
        path = tmp_path / f"c{trial}.db"
        barrier, results = ctx.Barrier(6), ctx.Queue()
        procs = [ctx.Process(target=_open_and_write, args=(str(path), barrier, results)) for _ in range(6)]
        for p in procs:
            p.start()
        outcome = [results.get(timeout=60) for _ in procs]
        for p in procs:
            p.join()
        failures += [r for r in outcome if r != "ok"]
    assert failures == []
