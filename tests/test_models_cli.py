"""`translate models list|pull|convert|info` and the review wiring of the engine options."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from translate.cli.main import app
from translate.mt.catalogue import CATALOGUE

runner = CliRunner()


def test_list_shows_vi_nl_routes():
    result = runner.invoke(app, ["models", "list", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    vi_nl = [r for r in rows if r["pair"] == "vi->nl"]
    assert {r["route"] for r in vi_nl} >= {"vi-en-nl", "mul-nld-bible-big"}
    direct = next(r for r in vi_nl if r["target_token"])
    assert direct["target_token"] == ">>nld<<" and "opus-mt-tc-bible-big-mul-deu_eng_nld" in direct["spec"]
    assert all(r["size_mb"] > 0 for r in rows)
    assert all(not r["cached"] for r in vi_nl), "nothing is downloaded in tests"
    table = runner.invoke(app, ["models", "list"])
    assert table.exit_code == 0 and "vi-en-nl" in table.output


def test_pull_offline_says_what_is_missing(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    result = runner.invoke(app, ["models", "pull", "vi-en-nl"])
    assert result.exit_code == 2
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:")
    assert "HF_HUB_OFFLINE" in lines[0] and "Helsinki-NLP/opus-mt-vi-en" in lines[0] and "--model" in lines[0]


def test_info_local_folder_and_missing_model(engine_model):
    result = runner.invoke(app, ["models", "info", str(engine_model), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["format"] == "transformers" and data["target_tokens"] == [">>eng<<", ">>nld<<"]
    assert data["dims"]["d_model"] == 32
    missing = runner.invoke(app, ["models", "info", CATALOGUE[0].models[0]])
    assert missing.exit_code == 2 and "not in the local cache" in missing.output and "pull" in missing.output


def test_convert_then_review_with_the_converted_folder(engine_model, tmp_path):
    pytest.importorskip("ctranslate2")
    out = tmp_path / "converted"
    result = runner.invoke(app, ["models", "convert", str(engine_model), "--out", str(out), "--quantization", "int8"])
    assert result.exit_code == 0, result.output
    assert (out / "model.bin").exists() and (out / "translate-ct2.json").exists()
    info = json.loads(runner.invoke(app, ["models", "info", str(out), "--json"]).output)
    assert info["format"] == "ctranslate2" and info["converted_from"]["quantization"] == "int8"
    again = runner.invoke(app, ["models", "convert", str(out)])
    assert again.exit_code == 2 and "already a CTranslate2 folder" in again.output

    src, tgt = tmp_path / "s.txt", tmp_path / "t.txt"
    src.write_text("Xin chào.\n\nĐảng mạnh từ mỗi chi bộ mạnh.\n", encoding="utf-8")
    tgt.write_text("Hallo.\n\nEen sterke partij.\n", encoding="utf-8")
    review = runner.invoke(app, ["review", str(src), str(tgt), "--model", str(out), "--target-token", ">>nld<<",
                                 "--json", "-", "--no-cache"])
    assert review.exit_code == 0, review.output
    data = json.loads(review.output)
    assert data["meta"]["system"].startswith("ctranslate2:")


@pytest.mark.parametrize("backend", ["transformers", "ctranslate2"])
def test_review_options_reach_the_engine_and_output_is_quiet(engine_model, tmp_path, backend, capfd):
    pytest.importorskip("ctranslate2")
    src, tgt = tmp_path / "s.txt", tmp_path / "t.txt"
    src.write_text("Xin chào.\n\nĐảng mạnh từ mỗi chi bộ mạnh.\n", encoding="utf-8")
    tgt.write_text("Hallo.\n\nEen sterke partij.\n", encoding="utf-8")
    db = tmp_path / "cache.sqlite"
    args = ["review", str(src), str(tgt), "--model", str(engine_model), "--target-token", ">>nld<<",
            "--backend", backend, "--beam", "2", "--max-length", "12", "--batch-tokens", "256",
            "--cache", str(db), "--json", "-"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    system = json.loads(result.output)["meta"]["system"]
    assert system.startswith(f"{backend}:") and "beam:2" in system and "max_length:12" in system
    assert db.exists()
    captured = capfd.readouterr()
    noise = result.output + captured.err + captured.out
    assert "Loading weights" not in noise and "sacremoses" not in noise
