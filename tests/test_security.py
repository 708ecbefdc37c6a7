"""Security: reports cannot be made to run or render input text as code, model
folders are only read (never executed), and a review makes no network request."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from helpers.robust_texts import NL, VI, review, write

ROOT = Path(__file__).resolve().parents[1]

NASTY = (
    "Rendering met [bold red]markup[/] en [/] en \x1b[31mANSI\x1b[0m en \x1b]0;titel\x07 en "
    "<script>alert('x')</script> en ]]> en &amp; en \u202eomgekeerd\u202c en \u2028 en \"quotes\".\n"
)


def nasty_pair(tmp_path: Path) -> tuple[Path, Path]:
    return write(tmp_path / "vi.txt", VI + "\n" + NASTY), write(tmp_path / "nl.txt", NL + "\n" + NASTY)


def test_no_trust_remote_code_anywhere():
    needle = "trust_remote_code" + "=True"
    hits = []
    for path in ROOT.rglob("*"):
        if path.suffix not in {".py", ".toml", ".cfg", ".json", ".yaml", ".yml", ".sh"} or ".venv" in path.parts:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if needle in text.replace(" ", ""):
            hits.append(str(path.relative_to(ROOT)))
    assert hits == []


def test_malicious_model_folder_is_not_executed(tmp_path, tiny_model):
    """A folder with custom code (auto_map) and a pickle that runs a command on
    load: the loader refuses the pickle and never imports the code."""
    import shutil

    folder = tmp_path / "model"
    shutil.copytree(tiny_model, folder)
    marker = tmp_path / "PWNED"

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    for f in folder.glob("*.safetensors"):
        f.unlink()
    with open(folder / "pytorch_model.bin", "wb") as fh:
        pickle.dump({"model.shared.weight": Evil()}, fh)
    (folder / "evil.py").write_text(f"open({str(marker)!r}, 'w').write('ran')\nfrom transformers import MarianMTModel as EvilModel\n")
    cfg = json.loads((folder / "config.json").read_text())
    cfg["auto_map"] = {"AutoModel": "evil.EvilModel", "AutoModelForSeq2SeqLM": "evil.EvilModel"}
    (folder / "config.json").write_text(json.dumps(cfg))

    src, tgt = write(tmp_path / "vi.txt", VI), write(tmp_path / "nl.txt", NL)
    from translate.cli.main import app
    from typer.testing import CliRunner

    for backend in ([], ["--backend", "transformers"]):  # default (CTranslate2 conversion) and plain transformers
        result = CliRunner().invoke(app, ["review", "--model", str(folder), *backend, str(src), str(tgt), "-q", "--no-cache"])
        assert result.exit_code == 2, result.output
        (line,) = result.stderr.splitlines()
        assert line.startswith(f"error: {folder}: ") and "eights only load failed" in line  # torch refused the pickle
        assert not marker.exists()
        assert "Traceback" not in result.output


def test_terminal_report_shows_input_as_inert_text(tmp_path):
    from translate.cli.main import app
    from typer.testing import CliRunner

    src, tgt = nasty_pair(tmp_path)
    result = CliRunner().invoke(app, ["review", "--no-model", str(src), str(tgt)], env={"COLUMNS": "1000"})
    assert result.exit_code == 0, result.output  # "[/]" used to raise rich's MarkupError
    out = result.stdout
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    expected = (
        "Rendering met [bold red]markup[/] en [/] en \\x1b[31mANSI\\x1b[0m en \\x1b]0;titel\\x07 en "
        "<script>alert('x')</script> en ]]> en &amp; en <U+202E>omgekeerd<U+202C> en"
    )
    assert out.count(expected) == 2  # source and rendering columns


def test_terminal_safe():
    from translate.report.core import terminal_safe

    assert terminal_safe("a\x1b[31mb\x07c\u202ed\te\x9b") == "a\\x1b[31mb\\x07c<U+202E>d\te\\x9b"
    assert terminal_safe("Hà Nội [b]x[/b] שלום 😀") == "Hà Nội [b]x[/b] שלום 😀"


def test_json_report_round_trips_input_text(tmp_path):
    src, tgt = nasty_pair(tmp_path)
    out = tmp_path / "r.json"
    result = review(src, tgt, "--json", out)
    assert result.exit_code == 0, result.output
    raw = out.read_text(encoding="utf-8")
    assert "\x1b" not in raw and "\x07" not in raw  # control characters are \u-escaped
    report = json.loads(raw)
    texts = {s["text"] for s in report["segments"]["tgt"]}
    assert any("<script>alert('x')</script>" in t and "\x1b[31mANSI" in t for t in texts)


def test_json_to_stdout_is_valid(tmp_path):
    src, tgt = nasty_pair(tmp_path)
    result = review(src, tgt, "--json", "-")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["summary"]["tgt_segments"] == len(report["segments"]["tgt"])


def test_html_and_xml_exports_escape_input(tmp_path):
    from lxml import etree

    src, tgt = nasty_pair(tmp_path)
    paths = {k: tmp_path / f"out.{k}" for k in ("html", "tmx", "xliff", "junit")}
    result = review(src, tgt, "--html", paths["html"], "--tmx", paths["tmx"], "--xliff", paths["xliff"], "--junit", paths["junit"])
    assert result.exit_code == 0, result.output
    page = paths["html"].read_text(encoding="utf-8")
    assert "<script>alert('x')</script>" not in page
    assert "&lt;script&gt;alert(" in page
    for key in ("tmx", "xliff", "junit"):
        tree = etree.parse(str(paths[key]))  # well-formed despite ]]>, & and control characters
        text = "".join(tree.getroot().itertext())
        assert "<script>alert('x')</script>" in text or key == "junit"


@pytest.mark.slow  # a CLI subprocess with the socket layer patched: about 5 s
def test_no_network_request(tmp_path):
    """--no-model and the default model review (nothing cached, HF_HUB_OFFLINE unset)
    run with socket.socket's connect/send and name lookups patched to record and
    raise: no connection attempt, no DNS lookup."""
    src, tgt = write(tmp_path / "vi.txt", VI), write(tmp_path / "nl.txt", NL)
    log = tmp_path / "attempts.log"
    driver = textwrap.dedent(
        f"""
        import socket, sys
        LOG = {str(log)!r}
        def refuse(*a, **k):
            with open(LOG, "a") as fh:
                fh.write(repr(a[:2]) + "\\n")
            raise OSError("network access attempted")
        # creating a socket is not a request (urllib3 probes IPv6 support with a local
        # bind on import); connecting, sending or resolving a name is
        for name in ("connect", "connect_ex", "sendto", "sendmsg"):
            setattr(socket.socket, name, lambda self, *a, _n=name, **k: refuse(_n, *a))
        socket.create_connection = refuse
        socket.getaddrinfo = refuse
        sys.argv = ["translate"] + sys.argv[1:]
        from translate.cli.main import main
        main()
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_"))}
    env.update(PYTHONPATH=str(ROOT), HF_HOME=str(tmp_path / "hf-home"))
    for args in (["--no-model"], []):
        proc = subprocess.run(
            [sys.executable, "-c", driver, "review", *args, "-q", str(src), str(tgt)],
            capture_output=True, text=True, env=env, timeout=300,
        )
        assert proc.returncode == 0, proc.stderr
        assert "Traceback" not in proc.stderr
        assert not log.exists(), log.read_text()
        if not args:
            assert "not in the local cache" in " ".join(proc.stdout.split())
