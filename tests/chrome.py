"""Headless Chromium for the browser tests (Debian's chromium + chromium-driver through Selenium): where the
binaries are, the flags that keep it off the network, and the marks that skip a browser test when it is absent."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path("/tmp/shots")

#: The marks of every browser test module.
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMEDRIVER).exists(), reason="chromedriver is absent (apt-get install chromium chromium-driver)"
    ),
]

#: Headless, sandbox off (root), and no background requests of Chromium's own (this machine has no network).
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def options(*extra: str) -> webdriver.ChromeOptions:
    """Chrome options with ``FLAGS`` and ``extra`` flags."""
    chrome = webdriver.ChromeOptions()
    chrome.binary_location = CHROMIUM
    for flag in (*FLAGS, *extra):
        chrome.add_argument(flag)
    return chrome


def start(chrome: webdriver.ChromeOptions) -> webdriver.Chrome:
    """A driver for ``chrome``, with a page-load limit; screenshots go to ``SHOTS``."""
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=chrome)
    driver.set_page_load_timeout(30)
    SHOTS.mkdir(exist_ok=True)
    return driver
