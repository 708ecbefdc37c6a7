"""The HTML review page in real headless Chromium (Debian packages chromium, chromium-driver).

Runs the CLI on a small source/rendering pair with an injected ``<script>`` and a
planted wrong number, opens the page from disk and checks what a translator sees.
Skips when chromium or chromedriver is absent. Never touches the network:
selenium-manager is kept offline and the driver path is given explicitly.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import reportdemo
from translate.cli.main import app

pytestmark = [pytest.mark.browser]

CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    if not (os.path.exists(CHROMEDRIVER) and os.path.exists(CHROMIUM)):
        pytest.skip("chromium/chromedriver not installed (apt-get install chromium chromium-driver)")
    os.environ["SE_OFFLINE"] = "true"
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,1000",
                f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        opts.add_argument(arg)
    opts.binary_location = CHROMIUM
    try:
        drv = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    except Exception as exc:  # a broken local browser install is a skip, not a failure of the report
        pytest.skip(f"cannot start headless chromium: {str(exc).splitlines()[0]}")
    yield drv
    drv.quit()


def _visible(elements) -> list[bool]:
    return [e.is_displayed() for e in elements]


def test_html_report_in_headless_chromium(driver, tmp_path):
    from selenium.webdriver.common.by import By

    src, tgt, ref = reportdemo.write_inputs(tmp_path)
    page = tmp_path / "review.html"
    res = CliRunner().invoke(app, ["review", str(src), str(tgt), "--against", str(ref), "--html", str(page), "-q"])
    assert res.exit_code == 0, res.output
    driver.get(Path(page).resolve().as_uri())

    # the injected script did not run, and is visible as text
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    assert "<script>window.__pwned=1</script>" in driver.find_element(By.ID, "pairs").text

    pairs = driver.find_elements(By.CSS_SELECTOR, "article.pair")
    flagged = driver.find_elements(By.CSS_SELECTOR, "article.pair.flagged")
    assert len(pairs) > len(flagged) >= 2
    # the planted wrong number is flagged, with highlighted spans in the text
    wrong = [a for a in flagged if "1.520" in a.text]
    assert wrong and "number-mismatch" in wrong[0].text
    marks = wrong[0].find_elements(By.CSS_SELECTOR, "mark.hl")
    assert marks and any("1.520" in m.text for m in marks)
    assert driver.find_elements(By.CSS_SELECTOR, "article.pair.flagged mark.hl.sev-error")
    # document scores with signatures in the header
    assert "nrefs:1" in driver.find_element(By.ID, "doc-scores").text

    # "flagged only" hides the clean pairs and keeps the flagged ones
    assert all(_visible(pairs))
    driver.find_element(By.ID, "only-flagged").click()
    for a in pairs:
        assert a.is_displayed() == ("flagged" in a.get_attribute("class").split())

    # keyboard: j goes to the first flag, again to the second, k back
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys("j")
    first = driver.find_element(By.CSS_SELECTOR, "article.pair.current").get_attribute("id")
    body.send_keys("j")
    second = driver.find_element(By.CSS_SELECTOR, "article.pair.current").get_attribute("id")
    body.send_keys("k")
    back = driver.find_element(By.CSS_SELECTOR, "article.pair.current").get_attribute("id")
    assert first != second and back == first and first == flagged[0].get_attribute("id")
    assert driver.find_element(By.ID, "flag-pos").text == f"flag 1 / {len(flagged)}"

    # re-translation on demand
    details = flagged[0].find_elements(By.CSS_SELECTOR, "details.retrans")
    if details:
        assert not details[0].get_attribute("open")
        details[0].find_element(By.TAG_NAME, "summary").click()
        assert details[0].get_attribute("open") is not None

    shot = tmp_path / "review.png"
    assert driver.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
    assert driver.execute_script("return typeof window.__pwned") == "undefined"


DEMO = Path(__file__).resolve().parents[1] / "corpora" / "demo"


def test_corpora_demo_page_in_headless_chromium(driver, tmp_path):
    """The README demo's review page: planted problems flagged and highlighted, filter works."""
    from selenium.webdriver.common.by import By

    if not (DEMO / "vi.txt").exists():
        pytest.skip("corpora/demo not found")
    page = tmp_path / "demo.html"
    res = CliRunner().invoke(app, ["review", str(DEMO / "vi.txt"), str(DEMO / "nl.txt"), "--no-model", "--html", str(page), "-q"])
    assert res.exit_code == 0, res.output
    driver.get(page.resolve().as_uri())
    pairs = driver.find_elements(By.CSS_SELECTOR, "article.pair")
    flagged = driver.find_elements(By.CSS_SELECTOR, "article.pair.flagged")
    assert len(pairs) > len(flagged) > 0
    codes = {li.get_attribute("data-code") for li in driver.find_elements(By.CSS_SELECTOR, "article.pair li.flag")}
    assert {"number-mismatch", "wrong-language", "addition"} <= codes
    number = [a for a in flagged if "53 minuten" in a.text]
    assert number and number[0].find_elements(By.CSS_SELECTOR, "mark.hl")
    # what was skipped (no model) is said in the header
    assert "no model" in driver.find_element(By.ID, "notes").text
    driver.find_element(By.ID, "only-flagged").click()
    assert [a.is_displayed() for a in pairs] == ["flagged" in a.get_attribute("class").split() for a in pairs]
    shot = tmp_path / "demo.png"
    assert driver.save_screenshot(str(shot)) and shot.stat().st_size > 10_000


DOCS = Path(__file__).resolve().parents[1] / "docs"


def _wait_file(folder: Path, suffix: str, timeout: float = 10.0) -> Path:
    import time

    end = time.time() + timeout
    while time.time() < end:
        done = [p for p in folder.glob(f"*{suffix}") if not p.name.endswith(".crdownload")]
        if done:
            time.sleep(0.2)
            return done[0]
        time.sleep(0.1)
    raise AssertionError(f"no {suffix} downloaded into {folder}: {list(folder.iterdir())}")


def _reload(driver) -> None:
    """Reload the page and wait until its script has run (it writes the decided count): on a
    loaded machine chromedriver can hand back elements of a page still being parsed, whose
    controls do not show the stored decisions yet."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.refresh()
    WebDriverWait(driver, 20).until(lambda d: d.execute_script(
        "return document.readyState === 'complete' && !!(document.getElementById('decided-count') || {}).textContent"))


def test_decisions_survive_reload_export_as_waivers_and_rereview(driver, tmp_path):
    """Issue 15: decide in the page, reload, export the waivers file and the corrected
    rendering, re-review with both: the false alarm is waived, the edit is in the review."""
    import json

    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import Select, WebDriverWait

    src, tgt, ref = reportdemo.write_inputs(tmp_path)
    page = tmp_path / "review.html"
    res = CliRunner().invoke(app, ["review", str(src), str(tgt), "--against", str(ref), "--html", str(page), "-q"])
    assert res.exit_code == 0, res.output
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.get(page.resolve().as_uri())
    driver.execute_script("window.localStorage.clear()")
    _reload(driver)

    # the grouped list of all flags at the top links to each flag
    groups = driver.find_elements(By.CSS_SELECTOR, "#flag-index details.group")
    codes = [g.get_attribute("data-code") for g in groups]
    assert "number-mismatch" in codes and len(codes) == len(set(codes))
    link = driver.find_element(By.CSS_SELECTOR, "details.group[data-code='number-mismatch'] li.idx a")
    target_id = link.get_attribute("href").split("#")[1]
    number = driver.find_element(By.ID, target_id)
    assert number.get_attribute("data-code") == "number-mismatch"

    # filter by check and by severity
    pairs = driver.find_elements(By.CSS_SELECTOR, "article.pair")
    Select(driver.find_element(By.ID, "filter-check")).select_by_value("number-mismatch")
    visible = [a for a in pairs if a.is_displayed()]
    assert visible and all("number-mismatch" in a.text for a in visible)
    assert all(li.get_attribute("data-code") == "number-mismatch"
               for li in driver.find_elements(By.CSS_SELECTOR, "li.idx") if li.is_displayed())
    Select(driver.find_element(By.ID, "filter-check")).select_by_value("")
    Select(driver.find_element(By.ID, "filter-severity")).select_by_value("error")
    shown = [li for li in driver.find_elements(By.CSS_SELECTOR, "article.pair li.flag") if li.is_displayed()]
    assert shown and all(li.get_attribute("data-severity") == "error" for li in shown)
    Select(driver.find_element(By.ID, "filter-severity")).select_by_value("")
    assert all(a.is_displayed() for a in pairs)

    # decide: the wrong number is a false alarm (with a hostile comment), another flag is to do
    evil = "<script>window.__pwned2=1</script><img src=x onerror=window.__pwned3=1>"
    benign = "1.520 is the corrected figure"
    Select(number.find_element(By.CSS_SELECTOR, "select.decision")).select_by_value("false-alarm")
    number.find_element(By.CSS_SELECTOR, "input.comment").send_keys(benign)
    others = [li for li in driver.find_elements(By.CSS_SELECTOR, "article.pair li.flag[data-key]")
              if li.get_attribute("id") != target_id]
    todo = others[0]
    todo_id = todo.get_attribute("id")
    Select(todo.find_element(By.CSS_SELECTOR, "select.decision")).select_by_value("to-do")
    todo.find_element(By.CSS_SELECTOR, "input.comment").send_keys(evil)

    # edit the first sentence of the rendering in the page
    first = driver.find_element(By.ID, "pair-0")
    first.find_element(By.CSS_SELECTOR, "button.edit").click()
    seg = first.find_element(By.CSS_SELECTOR, ".col.tgt p.seg")
    assert seg.get_attribute("contenteditable") in ("plaintext-only", "true")
    seg.send_keys(Keys.CONTROL + Keys.END)
    seg.send_keys(" Echt waar.")
    first.find_element(By.CSS_SELECTOR, "button.edit").click()
    # the page saves on the select's change and the inputs' input events; on a loaded machine the
    # browser may deliver them after send_keys returns, so the reload waits until they are stored
    WebDriverWait(driver, 10).until(lambda d: all(
        x in (d.execute_script("return JSON.stringify(window.localStorage)") or "")
        for x in ("false-alarm", "to-do", "corrected figure", "Echt waar")))

    # reload: everything is still there, and nothing hostile ran
    _reload(driver)
    try:  # the page restores the decisions as it starts; give a loaded machine time to show them
        WebDriverWait(driver, 10).until(
            lambda d: d.find_element(By.ID, target_id).get_attribute("data-decision") == "false-alarm")
    except TimeoutException:
        pass  # the assertions below say what is missing
    number = driver.find_element(By.ID, target_id)
    assert Select(number.find_element(By.CSS_SELECTOR, "select.decision")).first_selected_option.get_attribute("value") == "false-alarm"
    assert number.find_element(By.CSS_SELECTOR, "input.comment").get_attribute("value") == benign
    state = driver.find_element(By.CSS_SELECTOR, f"li.idx[data-flag='{number.get_attribute('data-flag')}'] .state")
    assert state.text == "false alarm: " + benign
    todo = driver.find_element(By.ID, todo_id)
    assert Select(todo.find_element(By.CSS_SELECTOR, "select.decision")).first_selected_option.get_attribute("value") == "to-do"
    assert todo.find_element(By.CSS_SELECTOR, "input.comment").get_attribute("value") == evil
    state = driver.find_element(By.CSS_SELECTOR, f"li.idx[data-flag='{todo.get_attribute('data-flag')}'] .state")
    assert state.text == "to do: " + evil  # shown as text, not markup
    assert not driver.find_elements(By.CSS_SELECTOR, "#decisions img, #decisions script")
    assert driver.find_element(By.CSS_SELECTOR, "#pair-0 .col.tgt p.seg").text.endswith("Echt waar.")
    assert "2 of" in driver.find_element(By.ID, "decided-count").text
    for name in ("__pwned", "__pwned2", "__pwned3"):
        assert driver.execute_script(f"return typeof window.{name}") == "undefined"

    # the screenshot in the README is this panel
    DOCS.mkdir(exist_ok=True)
    panel = driver.find_element(By.ID, "decisions")
    driver.execute_script("window.scrollTo(0, 0)")
    assert panel.screenshot(str(DOCS / "decisions-panel.png"))
    assert (DOCS / "decisions-panel.png").stat().st_size > 5_000

    # export the decisions as a waivers file and the corrected rendering
    driver.find_element(By.ID, "export-waivers").click()
    waivers = _wait_file(downloads, ".waivers.json")
    data = json.loads(waivers.read_text(encoding="utf-8"))
    assert data["schema"] == "translate-waivers" and [w["code"] for w in data["waivers"]] == ["number-mismatch"]
    assert data["waivers"][0]["reason"] == "false alarm: " + benign
    assert {d["comment"] for d in data["decisions"]} == {benign, evil}
    assert {d["decision"] for d in data["decisions"]} == {"false-alarm", "to-do"}
    driver.find_element(By.ID, "download-rendering").click()
    corrected = _wait_file(downloads, ".corrected.txt")
    original = tgt.read_text(encoding="utf-8")
    fixed = corrected.read_text(encoding="utf-8")
    assert fixed == original.replace(reportdemo.TGT[0], reportdemo.TGT[0] + " Echt waar.", 1)  # same layout

    # second review with the exported waivers: the false alarm is waived, the to-do is not
    out = tmp_path / "again.json"
    xlf = tmp_path / "again.xlf"
    res = CliRunner().invoke(app, ["review", str(src), str(tgt), "--against", str(ref), "--waivers", str(waivers),
                                   "--json", str(out), "--xliff", str(xlf), "-q"])
    assert res.exit_code in (0, 1), res.output
    report = json.loads(out.read_text(encoding="utf-8"))
    nm = [f for f in report["flags"] if f["code"] == "number-mismatch"]
    assert nm and all(f["waived"] for f in nm)
    assert not any(f["waived"] for f in report["flags"] if f["code"] != "number-mismatch")
    # ... and the XLIFF carries the decisions as states
    from lxml import etree

    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    states = {tu.get("resname"): tu.find("x:target", ns).get("state") for tu in etree.parse(str(xlf)).iterfind(".//x:trans-unit", ns)}
    assert states[f"pair-{reportdemo.WRONG_NUMBER}"] == "signed-off"
    todo_link = next(d["link"] for d in data["decisions"] if d["decision"] == "to-do")
    assert states[f"pair-{todo_link}"] == "needs-translation"

    # review of the corrected rendering shows the edit
    again = tmp_path / "fixed.json"
    res = CliRunner().invoke(app, ["review", str(src), str(corrected), "--against", str(ref), "--json", str(again), "-q"])
    assert res.exit_code in (0, 1), res.output
    texts = [link["tgt_text"] for link in json.loads(again.read_text(encoding="utf-8"))["links"]]
    assert any(t.endswith("Echt waar.") for t in texts)


def test_r_key_without_a_selected_flag(driver, tmp_path):
    from selenium.webdriver.common.by import By

    src, tgt, ref = reportdemo.write_inputs(tmp_path)
    page = tmp_path / "review.html"
    res = CliRunner().invoke(app, ["review", str(src), str(tgt), "--against", str(ref), "--html", str(page), "-q"])
    assert res.exit_code == 0, res.output
    driver.get(page.resolve().as_uri())
    assert not driver.find_elements(By.CSS_SELECTOR, "article.pair.current")
    assert not any(d.get_attribute("open") for d in driver.find_elements(By.CSS_SELECTOR, "details.retrans"))
    driver.find_element(By.TAG_NAME, "body").send_keys("r")
    assert any(d.get_attribute("open") is not None for d in driver.find_elements(By.CSS_SELECTOR, "details.retrans"))
