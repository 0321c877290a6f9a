"""Real-browser tests: headless Chromium (Debian's chromium + chromium-driver) via Selenium against
`mirna-kg serve` started on 127.0.0.1 by the fixture. Screenshots go to /tmp/shots/ for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from . import chrome
from .chrome import BROWSER_MARKS, SHOTS
from .servers import mirna_kg_server

ROOT = Path(__file__).resolve().parent.parent

pytestmark = BROWSER_MARKS


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``mirna-kg serve`` on 127.0.0.1 (tests/servers.py), for the browser."""
    with mirna_kg_server(tmp_path_factory.mktemp("serve"), "--timeout", "10") as served:
        yield served.url


@pytest.fixture(scope="module")
def browser():
    driver = chrome.start(chrome.options("--window-size=1400,1000"))
    yield driver
    driver.quit()


def wait_for(driver, condition, seconds: float = 20):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds).until(condition)


def test_home_search_gene_page_shows_its_mirnas(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(server + "/")
    assert "microRNAs in the tumour microenvironment" in browser.find_element(By.TAG_NAME, "h1").text
    browser.save_screenshot(str(SHOTS / "home.png"))
    box = browser.find_element(By.CSS_SELECTOR, "section.hero input[name=q]")
    box.send_keys("PD-L1", Keys.ENTER)  # an HGNC alias of CD274 (ontology/imports/hgnc_import.ttl)
    wait_for(browser, lambda d: "/search" in d.current_url)
    browser.save_screenshot(str(SHOTS / "search.png"))
    assert browser.find_element(By.CSS_SELECTOR, "ol.results li a").text == "CD274"
    browser.find_element(By.LINK_TEXT, "CD274").click()
    wait_for(browser, lambda d: d.find_element(By.TAG_NAME, "h1").text == "CD274")
    table = browser.find_element(By.CSS_SELECTOR, "table.claims")
    assert "hsa-miR-92 (locus and arm not stated)" in table.text
    browser.save_screenshot(str(SHOTS / "gene.png"))


def test_mirna_page_shows_claims_table(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(server + "/entity/mirbase:MI0000077")
    assert browser.find_element(By.TAG_NAME, "h1").text == "hsa-mir-21"
    rows = browser.find_elements(By.CSS_SELECTOR, "table.claims tbody tr:not(.quote-row)")
    assert len(rows) >= 10
    assert "hsa-miR-21-5p" in browser.find_element(By.CSS_SELECTOR, "section.relatives").text
    browser.save_screenshot(str(SHOTS / "mirna.png"))
    browser.get(server + "/statement/gu2026-t4-r02-miR-23a_27a_24-2")
    assert "Disagreement" in browser.page_source
    browser.save_screenshot(str(SHOTS / "claim.png"))


def test_stored_query_runs_in_the_editor(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(server + "/sparql?stored=pdl1_regulators")
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr"), 30)
    rows = browser.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr")
    assert len(rows) >= 5
    browser.save_screenshot(str(SHOTS / "editor.png"))


def test_interactive_network_pans_zooms_and_clicks_through(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(server + "/network/MONDO:0007254")
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#cy[data-ready=true] canvas"), 30)
    assert browser.execute_script("return window.cy.nodes().length") > 20
    assert browser.execute_script("return window.cy.edges().length") > 20
    labels = browser.execute_script("return window.cy.nodes().map(function (n) { return n.data('label'); })")
    assert "miR-19a-5p" in labels  # a TAM miRNA of review 000's Table 4
    # labels are readable at the start (not the whole tall graph squeezed into the box)
    assert browser.execute_script("return window.cy.zoom()") >= 0.8
    browser.save_screenshot(str(SHOTS / "network.png"))
    # zoom and pan work through cytoscape's API (what the mouse wheel and drag call)
    browser.execute_script("window.cy.zoom(window.cy.zoom() * 1.5); window.cy.panBy({x: 50, y: -100});")
    # hovering a miRNA shows its targets beside the graph
    browser.execute_script("window.cy.nodes('[label = \"miR-148b-3p\"]').emit('mouseover')")
    assert "TSC2" in browser.find_element(By.ID, "network-info").text
    browser.save_screenshot(str(SHOTS / "network-hover.png"))
    # clicking a node (a real mouse click at its rendered position) opens its entity page
    from selenium.webdriver.common.action_chains import ActionChains

    box = browser.find_element(By.ID, "cy")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
    browser.execute_script("window.cy.zoom(1); window.cy.center(window.cy.nodes('[label = \"miR-19a-5p\"]'));")
    x, y = browser.execute_script(
        "var p = window.cy.nodes('[label = \"miR-19a-5p\"]').renderedPosition(); return [p.x, p.y];"
    )
    size = box.size
    ActionChains(browser).move_to_element_with_offset(
        box, int(x - size["width"] / 2), int(y - size["height"] / 2)
    ).click().perform()
    wait_for(browser, lambda d: "/entity/mirbase.mature:" in d.current_url)
    assert "miR-19a-5p" in browser.find_element(By.TAG_NAME, "h1").text
    browser.save_screenshot(str(SHOTS / "network-clicked.png"))


def test_cancer_and_mirna_pages_show_their_figures(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(server + "/entity/MONDO:0007254")
    figure = browser.find_element(By.CSS_SELECTOR, "section.entity-figure img")
    browser.execute_script("arguments[0].scrollIntoView()", figure)
    wait_for(browser, lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", figure))
    browser.save_screenshot(str(SHOTS / "cancer-figure.png"))
    browser.find_element(By.LINK_TEXT, "Explore the interactive network").click()
    wait_for(browser, lambda d: "/network/MONDO:0007254" in d.current_url)
    browser.get(server + "/entity/mirbase:MI0000077")
    figure = browser.find_element(By.CSS_SELECTOR, "section.entity-figure img")
    browser.execute_script("arguments[0].scrollIntoView()", figure)
    wait_for(browser, lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", figure))
    browser.save_screenshot(str(SHOTS / "mirna-ego.png"))
    browser.get(server + "/figures/")
    assert len(browser.find_elements(By.CSS_SELECTOR, "section.figure-item img")) >= 5
    browser.save_screenshot(str(SHOTS / "gallery.png"))
