"""Input class: source and rendering given in the wrong order."""

from __future__ import annotations

from helpers.robust_texts import NL, VI, review, stderr_lines, write


def test_swapped_files_are_refused(tmp_path):
    src = write(tmp_path / "vi.txt", VI)
    tgt = write(tmp_path / "nl.txt", NL)
    result = review(tgt, src)
    assert result.exit_code == 2
    assert stderr_lines(result) == [
        f"error: {tgt} and {src}: source and rendering look swapped (the source reads as nl, the rendering as vi) "
        "(give the source first, or pass --swap)"
    ]


def test_swap_option_accepts_them(tmp_path):
    src = write(tmp_path / "vi.txt", VI)
    tgt = write(tmp_path / "nl.txt", NL)
    straight = review(src, tgt, "-q")
    swapped = review(tgt, src, "-q", "--swap")
    assert swapped.exit_code == straight.exit_code == 0
    assert swapped.stdout == straight.stdout


def test_swap_option_json_names_real_roles(tmp_path):
    import json

    src = write(tmp_path / "vi.txt", VI)
    tgt = write(tmp_path / "nl.txt", NL)
    out = tmp_path / "r.json"
    result = review(tgt, src, "--swap", "--json", out)
    assert result.exit_code == 0, result.output
    meta = json.loads(out.read_text(encoding="utf-8"))["meta"]
    assert (meta["source"], meta["target"]) == (str(src), str(tgt))


def test_wrong_language_is_a_warning_not_an_error(tmp_path):
    english = (
        "The city received more than 2.5 million tourists in March 2024, according to the tourism department.\n\n"
        "Most visitors came from South Korea, Japan and the United States, and hotel bookings rose sharply.\n\n"
        "The city government plans to invest in public transport to serve residents and tourists better.\n"
    )
    src = write(tmp_path / "en.txt", english)
    tgt = write(tmp_path / "nl.txt", NL)
    result = review(src, tgt, "-q")
    assert result.exit_code == 0, result.output
    assert f"warning: {src}: the source reads as en, not vi (check --src-lang)" in " ".join(result.stderr.split())
