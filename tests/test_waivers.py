"""Waivers survive a rerun and expire when the text changes; config loading and overrides."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from translate.cli.main import app
from translate.checks.config import FlagConfig, default_toml
from translate.checks.configfile import apply_overrides, load_config
from translate.errors import ConfigError
from translate.pipeline import ReviewOptions, review

runner = CliRunner()

SRC = "Năm 2024, 96,3% bí thư chi bộ hoàn thành tốt nhiệm vụ.\n\nTỉnh ủy đã ban hành nhiều nghị quyết quan trọng.\n"
TGT = "In 2024 voerde 93,6% van de secretarissen hun taken goed uit.\n\nHet provinciaal comité vaardigde veel belangrijke resoluties uit.\n"


def _files(tmp_path, tgt=TGT):
    s, t = tmp_path / "src.txt", tmp_path / "tgt.txt"
    s.write_text(SRC, encoding="utf-8")
    t.write_text(tgt, encoding="utf-8")
    return s, t


def test_waive_survives_rerun_and_expires(tmp_path):
    s, t = _files(tmp_path)
    report, waivers = tmp_path / "r.json", tmp_path / "waivers.json"
    r = runner.invoke(app, ["review", str(s), str(t), "--no-model", "--json", str(report), "--fail-on", "error"])
    assert r.exit_code == 1, r.output
    flags = json.loads(report.read_text())["flags"]
    num = [f for f in flags if f["code"] == "number-mismatch"]
    assert num and num[0]["key"]
    r = runner.invoke(app, ["waive", str(report), "--waivers", str(waivers), "--code", "number-mismatch", "--reason", "checked"])
    assert r.exit_code == 0, r.output
    stored = json.loads(waivers.read_text())
    assert stored["waivers"][0]["reason"] == "checked" and stored["waivers"][0]["code"] == "number-mismatch"

    # rerun: the flag is waived and no longer fails the build
    r = runner.invoke(app, ["review", str(s), str(t), "--no-model", "--json", str(report), "--fail-on", "error", "--waivers", str(waivers)])
    assert r.exit_code == 0, r.output
    again = [f for f in json.loads(report.read_text())["flags"] if f["code"] == "number-mismatch"]
    assert again and all(f["waived"] for f in again)

    # the rendering changes: the waiver no longer applies
    _files(tmp_path, TGT.replace("93,6%", "39,6%"))
    r = runner.invoke(app, ["review", str(s), str(t), "--no-model", "--json", str(report), "--fail-on", "error", "--waivers", str(waivers)])
    assert r.exit_code == 1
    data = json.loads(report.read_text())
    assert not any(f["waived"] for f in data["flags"] if f["code"] == "number-mismatch")
    assert any("matched no flag" in w for w in data["meta"]["warnings"])


def test_waive_bad_inputs(tmp_path):
    s, t = _files(tmp_path)
    report = tmp_path / "r.json"
    runner.invoke(app, ["review", str(s), str(t), "--no-model", "--json", str(report)])
    r = runner.invoke(app, ["waive", str(report), "--waivers", str(tmp_path / "w.json")])
    assert r.exit_code == 2 and "nothing selected" in r.output
    r = runner.invoke(app, ["waive", str(report), "--waivers", str(tmp_path / "w.json"), "--key", "zzzz"])
    assert r.exit_code == 2 and "no flag with key" in r.output
    r = runner.invoke(app, ["waive", str(tmp_path / "missing.json"), "--waivers", str(tmp_path / "w.json"), "--all"])
    assert r.exit_code == 2
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    r = runner.invoke(app, ["review", str(s), str(t), "--no-model", "--waivers", str(bad)])
    assert r.exit_code == 2 and "waivers file" in r.output


def test_config_file_and_overrides(tmp_path):
    p = tmp_path / "flags.toml"
    p.write_text('disabled = ["length-ratio"]\n[thresholds]\nchrf_error = 25\nlangid_min_letters = 30\n[severity]\nrepetition = "error"\n')
    cfg = load_config(p)
    assert cfg.chrf_error == 25.0 and cfg.langid_min_letters == 30 and "length-ratio" in cfg.disabled
    assert cfg.severity == {"repetition": "error"}
    cfg = apply_overrides(cfg, ["chrf_error=30"], ["byte-token,empty"])
    assert cfg.chrf_error == 30.0 and {"byte-token", "empty", "length-ratio"} <= cfg.disabled
    # the template is a valid config that reproduces the defaults
    t = tmp_path / "template.toml"
    t.write_text(default_toml())
    assert load_config(t) == FlagConfig()


@pytest.mark.parametrize(
    "text,msg",
    [
        ("[thresholds]\nchrf_eror = 2\n", "unknown threshold"),
        ("[thresholds]\nchrf_error = 'high'\n", "must be a float"),
        ('disabled = ["nope"]\n', "unknown check code"),
        ("colour = 1\n", "unknown key"),
        ("[severity]\nrepetition = 'fatal'\n", "info, warning or error"),
        ("chrf_error = \n", "not valid TOML"),
    ],
)
def test_config_errors(tmp_path, text, msg):
    p = tmp_path / "c.toml"
    p.write_text(text)
    with pytest.raises(ConfigError, match=msg):
        load_config(p)


def test_cli_config_options(tmp_path):
    s, t = _files(tmp_path)
    r = runner.invoke(app, ["review", str(s), str(t), "--no-model", "--disable", "number-mismatch", "--fail-on", "error", "-q"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["review", str(s), str(t), "--no-model", "--set", "chrf_error"])
    assert r.exit_code == 2 and "NAME=VALUE" in r.output
    r = runner.invoke(app, ["review", str(s), str(t), "--no-model", "--config", str(tmp_path / "none.toml")])
    assert r.exit_code == 2 and "config file not found" in r.output
    r = runner.invoke(app, ["checks"])
    assert r.exit_code == 0 and "page-chrome" in r.output


def test_seed_page_target_only(seed_page):
    result = review(None, str(seed_page), ReviewOptions(model=None))
    segs = result.target.segments
    flagged: dict[str, set[str]] = {}
    for f in result.flags:
        if f.severity.rank >= 1:
            for i in result.alignment.links[f.link].tgt:
                flagged.setdefault(segs[i].text, set()).add(f.code)
    chrome = {text for text, c in flagged.items() if "page-chrome" in c}
    for line in ("No data", "No videos available", "Reactie (0)", "Vietnam.vn - Nền tảng quảng bá Việt Nam",
                 "Việt NamViệt Nam14/02/2025", "In dezelfde categorie", "Erfenis", "Lokaal"):
        assert line in chrome, line
    assert any(t.startswith("Bron: https://") for t in chrome)
    # nothing in the body is flagged as wrong-language
    assert not [t for t, c in flagged.items() if "wrong-language" in c]
    assert not any(f.code == "wrong-language" for f in result.flags)
    # body sentences are not chrome
    body = [t for t in chrome if "partijcel" in t or "Tuyen Quang" in t]
    assert body == []
