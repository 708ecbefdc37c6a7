"""Lazy model loading: building a backend and its cache key reads no weights; a second
review of the same source with an edited rendering never loads the model."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

import translate.mt.marian as tr
from translate.cli.main import app
from translate.errors import ModelError
from translate.mt.base import DecodeOptions, engine_stats
from translate.mt.marian import MarianBackend
from translate.mt.registry import load_backend

ct2 = pytest.importorskip("ctranslate2")
import translate.mt.ct2 as ect2  # noqa: E402
from translate.mt.ct2 import CT2Backend, converted_folders  # noqa: E402

SOURCE = "Xin chào.\n\nĐảng mạnh từ mỗi chi bộ mạnh. Người dân tin tưởng vào sự lãnh đạo của chi bộ.\n"
RENDERING = "Hallo.\n\nEen sterke partij ontstaat uit elke sterke partijcel. De mensen vertrouwen op het leiderschap.\n"
EDITED = "Hallo!\n\nEen sterke partij ontstaat uit elke sterke partijcel. De mensen vertrouwen het leiderschap.\n"
OPTS = DecodeOptions(max_length=16)


def _no_loading(monkeypatch) -> None:
    """Any attempt to load or convert a model fails the run."""
    def refuse(*_a, **_k):
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(tr, "load_marian", refuse)
    monkeypatch.setattr(ect2, "convert_model", refuse)
    monkeypatch.setattr(ect2, "load_tokenizer", refuse)
    monkeypatch.setattr(ct2, "Translator", refuse)


@pytest.mark.parametrize("engine", ["transformers", "ctranslate2"])
def test_constructing_a_backend_and_its_signature_load_no_weights(engine, tiny_model, tmp_path, monkeypatch):
    model = tmp_path / "fresh"  # a folder never converted before
    shutil.copytree(tiny_model, model)
    with monkeypatch.context() as m:
        _no_loading(m)
        b = load_backend(str(model), engine=engine, cache=tmp_path / "c.sqlite", max_length=16)
        sig = b.signature()
        assert engine_stats(b)["loads"] == 0 and not b.backend.loaded
    if engine == "ctranslate2":
        assert converted_folders(str(model)) == [], "conversion waits for the first cache miss"
    out = b.translate(["Xin chào.", "Xin chào."])
    assert b.backend.loaded and engine_stats(b)["loads"] == 1 and len(out) == 2
    assert b.signature() == sig, "the cache key does not depend on whether the weights are loaded"
    if engine == "ctranslate2":
        assert len(converted_folders(str(model))) == 1
    b.translate(["Đảng mạnh."])
    assert engine_stats(b)["loads"] == 1, "loaded once"


def test_lazy_backends_agree_with_each_other_and_check_target_tokens_early(engine_model):
    a = MarianBackend(str(engine_model), target_token=">>nld<<", options=OPTS)
    c = CT2Backend(str(engine_model), target_token=">>nld<<", compute_type="float32", options=OPTS)
    assert not a.loaded and not c.loaded
    assert a.translate(["Đảng mạnh từ mỗi chi bộ mạnh."]) == c.translate(["Đảng mạnh từ mỗi chi bộ mạnh."])
    from translate.errors import ConfigError

    with pytest.raises(ConfigError, match=">>fra<<"):  # from vocab.json, before any weight is read
        MarianBackend(str(engine_model), target_token=">>fra<<")


def test_pivot_chain_is_lazy_member_by_member(tiny_model, engine_model, tmp_path):
    chain = load_backend(f"{tiny_model}+{engine_model}", engine="transformers", cache=tmp_path / "c.sqlite",
                         target_token=">>nld<<", max_length=12)
    assert engine_stats(chain)["loads"] == 0
    chain.translate(["Xin chào."])
    assert engine_stats(chain)["loads"] == 2
    fresh = load_backend(f"{tiny_model}+{engine_model}", engine="transformers", cache=tmp_path / "c.sqlite",
                         target_token=">>nld<<", max_length=12)
    fresh.translate(["Xin chào."])
    assert engine_stats(fresh)["loads"] == 0 and engine_stats(fresh)["cache_hits"] == 2


def _review(args) -> dict:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _retranslations(data: dict) -> list:
    return [link["reference"] for link in data["links"]]


@pytest.mark.parametrize("engine", ["transformers", "ctranslate2"])
def test_second_review_after_editing_the_rendering_never_loads_the_model(engine, engine_model, tmp_path, monkeypatch):
    """The issue's sentence: "A second review of the same source after editing the
    rendering must not run the model at all." Any load attempt in the second run fails it."""
    src, tgt = tmp_path / "vi.txt", tmp_path / "nl.txt"
    src.write_text(SOURCE, encoding="utf-8")
    tgt.write_text(RENDERING, encoding="utf-8")
    base = ["review", str(src), str(tgt), "--model", str(engine_model), "--target-token", ">>nld<<",
            "--backend", engine, "--max-length", "16", "--cache", str(tmp_path / "c.sqlite"), "--json", "-"]
    first = _review(base)
    use = first["meta"]["model_use"]
    assert use["loaded"] and use["ran_in"] == ["translate", "token_scores"] and use["translate"]["cached"] == 0

    tgt.write_text(EDITED, encoding="utf-8")
    with monkeypatch.context() as m:
        _no_loading(m)
        second = _review(base + ["--no-token-scores"])
    assert _retranslations(second) == _retranslations(first)
    use = second["meta"]["model_use"]
    assert use == {"loaded": False, "ran_in": [], "translate": {"cached": use["translate"]["cached"], "computed": 0},
                   "token_scores": "off"}
    assert use["translate"]["cached"] >= 3
    assert any("--no-token-scores" in line for line in second["skipped"])

    # token scores on: only the edited pairs are scored, and only that stage loads the model
    third = _review(base)
    use = third["meta"]["model_use"]
    assert use["loaded"] and use["ran_in"] == ["token_scores"] and use["translate"]["computed"] == 0
    assert use["token_scores"]["computed"] >= 1 and use["token_scores"]["cached"] >= 1
    assert _retranslations(third) == _retranslations(first)

    # everything cached now (translations and scores): the default review loads nothing
    with monkeypatch.context() as m:
        _no_loading(m)
        fourth = _review(base)
    assert fourth["meta"]["model_use"]["loaded"] is False and fourth["meta"]["model_use"]["ran_in"] == []
    assert fourth["flags"] == third["flags"]
    jsonschema = pytest.importorskip("jsonschema")
    from pathlib import Path

    import translate

    schema = json.loads((Path(translate.__file__).parent / "schema" / "review.schema.json").read_text(encoding="utf-8"))
    for doc in (first, second, third):
        jsonschema.Draft202012Validator(schema).validate(doc)


def test_scoring_needs_a_model_that_is_gone_skips_only_the_scores(engine_model, tmp_path, monkeypatch):
    src, tgt = tmp_path / "vi.txt", tmp_path / "nl.txt"
    src.write_text(SOURCE, encoding="utf-8")
    tgt.write_text(RENDERING, encoding="utf-8")
    base = ["review", str(src), str(tgt), "--model", str(engine_model), "--target-token", ">>nld<<",
            "--backend", "transformers", "--max-length", "16", "--cache", str(tmp_path / "c.sqlite"), "--json", "-"]
    first = _review(base + ["--no-token-scores"])
    tgt.write_text(EDITED, encoding="utf-8")

    def gone(model, revision=None):
        raise ModelError(f"{model}: cannot load the model (weights are gone)", "re-save it")

    monkeypatch.setattr(tr, "load_marian", gone)
    second = _review(base)
    assert _retranslations(second) == _retranslations(first)
    assert any(line.startswith("token scores skipped:") and "weights are gone" in line for line in second["skipped"])
    assert second["meta"]["model_use"]["ran_in"] == []
