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
from translate.cli import app

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
