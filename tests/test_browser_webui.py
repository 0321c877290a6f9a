"""Real-browser tests of issue 24 §§2-4: pages fit 1280 px and a 390 px phone, the claims browser (facets,
back button, downloads, and without JavaScript), the SPARQL editor's completion from this server only, and a
gallery query. Headless Chromium (Debian's chromium + chromium-driver) via Selenium against `mirna-kg serve`
started on 127.0.0.1 by the fixture. Screenshots go to /tmp/shots/ for a person to look at.
"""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from mirna_kg import api

from . import chrome
from .chrome import BROWSER_MARKS, SHOTS
from .servers import mirna_kg_server

ROOT = Path(__file__).resolve().parent.parent
PHONE = 390

pytestmark = BROWSER_MARKS

PAGES = [
    "/",
    "/claims",
    "/claims?cancer=MONDO:0007254&recipient=CL:0000235",
    "/entity/MONDO:0007254",
    "/entity/mirbase:MI0000077",
    "/entity/hgnc:17635",
    "/entity/CL:0000235",
    "/statement/gu2026-t4-r02-miR-23a_27a_24-2",
    "/sparql",
    "/queries",
    "/queries/all_claims",
    "/search?q=miR-21",
    "/figures/",
    "/network/MONDO:0007254",
    "/ontology",
]
BREAST_MACROPHAGE = """
PREFIX mkg: <https://w3id.org/mirna-kg/ontology/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?claim WHERE {
  ?claim a mkg:RegulatoryClaim ; mkg:mirna ?m ; mkg:statedIn/dcterms:identifier ?doi ;
         mkg:cancer <http://purl.obolibrary.org/obo/MONDO_0007254> ;
         mkg:recipientCell/rdfs:subClassOf* <http://purl.obolibrary.org/obo/CL_0000235> .
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``mirna-kg serve`` on 127.0.0.1 (tests/servers.py), for the browser."""
    with mirna_kg_server(tmp_path_factory.mktemp("serve"), "--timeout", "10") as served:
        yield served.url


def chromium(width: int = 1280, *, javascript: bool = True) -> webdriver.Chrome:
    """Headless Chromium at a window width (a phone's, emulated, below 500 px), logging its network requests."""
    options = chrome.options("--hide-scrollbars", f"--window-size={max(width, 500)},1000")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = chrome.start(options)
    if width < 500:  # headless windows are at least 500 px wide: emulate the phone's viewport
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": 844, "deviceScaleFactor": 2, "mobile": True},
        )
    return driver


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    driver = chromium()
    yield driver
    driver.quit()


def wait_for(driver: webdriver.Chrome, condition, seconds: float = 20):
    return WebDriverWait(driver, seconds).until(condition)


def shown_claims(driver: webdriver.Chrome) -> set[str]:
    rows = driver.execute_script("return Array.from(document.querySelectorAll('tr.claim')).map(r => r.dataset.claim)")
    return set(rows)


def choose(driver: webdriver.Chrome, facet: str, value: str) -> str:
    """Click a facet's value (opening the facet first), and return the count shown beside it."""
    box = driver.find_element(By.CSS_SELECTOR, f"details[data-facet={facet}]")
    if not box.get_attribute("open"):
        box.find_element(By.TAG_NAME, "summary").click()
    link = box.find_element(By.CSS_SELECTOR, f"a[data-value='{value}']")
    count = link.find_element(By.XPATH, "following-sibling::span").text
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()
    return count


def requested_hosts(driver: webdriver.Chrome) -> set[str]:
    hosts = set()
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if url.startswith(("http://", "https://", "ws://", "wss://")):
                hosts.add(url.split("/")[2])
    return hosts


@pytest.mark.parametrize("width", [1280, PHONE])
def test_no_page_is_wider_than_its_window(width: int, server: str) -> None:
    driver = chromium(width)
    try:
        for path in PAGES:
            driver.get(server + path)
            time.sleep(0.5 if "sparql" not in path else 1.5)
            page, window = driver.execute_script(
                "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            assert window == width, path
            assert page <= width, f"{path} is {page} px wide in a {width} px window"
            clipped = driver.execute_script(
                "return Array.from(document.querySelectorAll('.table-wrap, .claims-results, blockquote'))"
                ".filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.className || e.tagName)"
            )
            assert not clipped, f"{path}: content runs off to the right in {clipped}"
        driver.get(server + "/claims?cancer=MONDO:0007254")
        driver.save_screenshot(str(SHOTS / f"claims-{width}.png"))
    finally:
        driver.quit()


def test_claims_browser_two_facets_give_the_sparql_rows_and_the_download_holds_them(
    server: str, browser: webdriver.Chrome
) -> None:
    expected = {str(r[0]) for r in api.open_store().select(BREAST_MACROPHAGE).rows}
    browser.get(server + "/claims")
    total = len(shown_claims(browser))
    choose(browser, "cancer", "MONDO:0007254")
    wait_for(browser, lambda d: "cancer=MONDO" in d.current_url and len(shown_claims(d)) < total)
    after_one = shown_claims(browser)
    count = choose(browser, "recipient", "CL:0000235")
    wait_for(browser, lambda d: "recipient=CL" in d.current_url and shown_claims(d) != after_one)
    assert shown_claims(browser) == expected
    assert int(count) == len(expected)  # the count beside the value said what choosing it gives
    browser.save_screenshot(str(SHOTS / "claims-filtered.png"))
    link = browser.find_element(By.PARTIAL_LINK_TEXT, "CSV").get_attribute("href")
    rows = list(csv.DictReader(io.StringIO(httpx.get(link, timeout=20).text)))
    assert {r["claim"] for r in rows} == expected and len(rows) == len(expected)
    browser.back()  # the address held the state: back is the breast-cancer view again
    wait_for(browser, lambda d: "recipient" not in d.current_url and shown_claims(d) == after_one)
    browser.refresh()  # and a fresh load of the shared address gives the same view
    assert shown_claims(browser) == after_one


def test_claims_browser_text_filter_and_sort(server: str, browser: webdriver.Chrome) -> None:
    browser.get(server + "/claims")
    total = len(shown_claims(browser))
    box = browser.find_element(By.CSS_SELECTOR, "form.claims-filter input[name=q]")
    box.send_keys("osteoclast")
    wait_for(browser, lambda d: "q=osteoclast" in d.current_url and len(shown_claims(d)) < total)
    shown = shown_claims(browser)
    texts = browser.execute_script(
        "return Array.from(document.querySelectorAll('tr.claim')).map(r => r.textContent + (r.nextElementSibling ?"
        " r.nextElementSibling.textContent : ''))"
    )
    assert shown and texts
    assert all("osteoclast" in t.lower() or "osteoclast" in t.lower().replace("-", " ") for t in texts)
    browser.find_element(By.CSS_SELECTOR, "th a[href*='sort=mirna']").click()
    wait_for(browser, lambda d: "sort=mirna" in d.current_url)
    assert shown_claims(browser) == shown


def test_claims_browser_works_without_javascript(server: str) -> None:
    driver = chromium(javascript=False)
    try:
        driver.get(server + "/claims")
        choose(driver, "cancer", "MONDO:0007254")
        choose(driver, "recipient", "CL:0000235")
        expected = {str(r[0]) for r in api.open_store().select(BREAST_MACROPHAGE).rows}
        assert shown_claims(driver) == expected
        box = driver.find_element(By.CSS_SELECTOR, "form.claims-filter input[name=q]")
        box.send_keys("FOSL1", Keys.ENTER)  # the GET form keeps the facets
        wait_for(driver, lambda d: "q=FOSL1" in d.current_url)
        assert "cancer=MONDO" in driver.current_url and shown_claims(driver) == {
            "https://w3id.org/mirna-kg/statement/gu2026-t4-r01-miR-19a-5p"  # review 000 Table 4 row 1 (Fra-1)
        }
    finally:
        driver.quit()


def _type(driver: webdriver.Chrome, text: str, expected: str) -> list[str]:
    """Put all but the last character in the editor, type the last, and wait for ``expected`` to be offered first."""
    driver.execute_script(
        "const y = window.mirnaKgEditor.yasqe; y.setValue(arguments[0]);"
        "y.getDoc().setCursor(y.getDoc().lastLine(), 1e6); y.focus();",
        text[:-1],
    )
    driver.find_element(By.CSS_SELECTOR, ".CodeMirror textarea").send_keys(text[-1])
    read = "return Array.from(document.querySelectorAll('.CodeMirror-hints li')).map(li => li.textContent)"
    return wait_for(driver, lambda d: (h := d.execute_script(read)) and h[0].startswith(expected) and h, 10)


def test_editor_completes_a_class_a_property_and_an_entity_from_this_server(server: str) -> None:
    driver = chromium()
    try:
        driver.get(server + "/sparql")
        wait_for(driver, lambda d: d.execute_script("return !!window.mirnaKgEditor"))
        prefix = "PREFIX mkg: <https://w3id.org/mirna-kg/ontology/>\nSELECT * WHERE { ?c "
        assert "regulatory claim" in _type(driver, prefix + "a mkg:RegulatoryCl", "mkg:RegulatoryClaim")[0]
        assert "target gene" in _type(driver, prefix + "mkg:targetG", "mkg:targetGene")[0]
        hints = _type(
            driver, "SELECT * WHERE { ?c ?p hsa-miR-21-5", "<https://identifiers.org/mirbase.mature:MIMAT0000076>"
        )
        assert "hsa-miR-21-5p" in hints[0]
        driver.find_element(By.CSS_SELECTOR, ".CodeMirror textarea").send_keys(Keys.ENTER)
        assert driver.execute_script("return window.mirnaKgEditor.yasqe.getValue()").endswith(
            "?p <https://identifiers.org/mirbase.mature:MIMAT0000076>"
        )
        driver.save_screenshot(str(SHOTS / "editor-completion.png"))
        assert requested_hosts(driver) == {server.split("/")[2]}  # nothing left 127.0.0.1
    finally:
        driver.quit()


def test_gallery_query_opens_and_runs_with_row_numbers_apart(server: str, browser: webdriver.Chrome) -> None:
    browser.get(server + "/sparql")
    wait_for(browser, lambda d: d.execute_script("return !!window.mirnaKgEditor"))
    browser.execute_script("window.mirnaKgEditor.yasqe.query()")  # the default query: claims by label
    wait_for(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr")) >= 5, 30)
    headings = [th.text for th in browser.find_elements(By.CSS_SELECTOR, ".yasr table thead th")]
    assert [h for h in headings if h] == ["claim", "mirna_label", "cancer_label", "target_label"]
    card = browser.find_element(By.CSS_SELECTOR, "li.query-card[data-query=pdl1_regulators]")
    assert "PD-L1" in card.text
    browser.execute_script("arguments[0].click()", card.find_element(By.CSS_SELECTOR, "a.open-in-editor"))
    wait_for(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr")) >= 5, 30)
    assert "pdl1_regulators" in browser.current_url
    first = browser.find_element(By.CSS_SELECTOR, ".yasr table tbody tr td:nth-child(1)")
    second = browser.find_element(By.CSS_SELECTOR, ".yasr table tbody tr td:nth-child(2)")
    assert first.text == "1" and first.rect["x"] + first.rect["width"] <= second.rect["x"] + 1
    browser.save_screenshot(str(SHOTS / "editor-gallery-run.png"))


def test_counts_chart_and_pairs_network(server: str, browser: webdriver.Chrome) -> None:
    browser.get(server + "/sparql")
    wait_for(browser, lambda d: d.execute_script("return !!window.mirnaKgEditor"))
    run = (
        "window.mirnaKgEditor.yasqe.setValue(arguments[0]); window.mirnaKgEditor.yasqe.query();"
        "document.querySelector('.yasr').scrollIntoView();"
    )
    browser.execute_script(
        run,
        "PREFIX mkg: <https://w3id.org/mirna-kg/ontology/>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?cancer ?cancer_label (COUNT(DISTINCT ?claim) AS ?claims) WHERE { ?claim a mkg:RegulatoryClaim ;"
        " mkg:cancer ?cancer . ?cancer rdfs:label ?cancer_label }\n"
        "GROUP BY ?cancer ?cancer_label ORDER BY DESC(?claims)",
    )
    chart = wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".yasr_btn.select_chart:not(.disabled)"))
    browser.execute_script("arguments[0].click()", chart)
    bars = wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".mkg-bar-row"))
    assert "breast cancer" in bars[0].text  # review 000 is about bone metastasis, breast cancer most of all
    browser.execute_script(
        run,
        "PREFIX mkg: <https://w3id.org/mirna-kg/ontology/>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT DISTINCT ?mirna ?mirna_label ?gene ?gene_label WHERE { ?claim a mkg:RegulatoryClaim ;"
        " mkg:mirna ?mirna ; mkg:targetGene ?gene . ?mirna rdfs:label ?mirna_label . ?gene rdfs:label ?gene_label }",
    )
    network = wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".yasr_btn.select_network:not(.disabled)"))
    browser.execute_script("arguments[0].click()", network)
    wait_for(browser, lambda d: d.execute_script("return window.mkgNetwork && window.mkgNetwork.nodes().length"))
    labels = browser.execute_script("return window.mkgNetwork.nodes().map(n => n.data('label'))")
    assert "CD274" in labels and "PTEN" in labels
    browser.save_screenshot(str(SHOTS / "editor-network.png"))
