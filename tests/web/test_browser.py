"""End to end in a real browser: a reviewer signs off an organization, its head downloads
the packet. Headless Chromium from Debian's `chromium` and `chromium-driver` packages,
driven by Selenium against uvicorn on a free loopback port; skipped when they are
missing, except under CI=true (`.ci/run` installs them)."""

import io
import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.web.conftest import PASSWORDS, SCHOOL

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
)


def _have_browser() -> bool:
    return Path(CHROMIUM).exists() and Path(DRIVER).exists()


if not _have_browser():
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI needs {CHROMIUM} and {DRIVER}: .ci/run installs them", pytrace=False)
    pytest.skip("no chromium / chromedriver here", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(app) -> Iterator[str]:
    import uvicorn

    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    desk = uvicorn.Server(config)
    thread = threading.Thread(target=desk.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not desk.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    desk.should_exit = True
    thread.join(10)


@pytest.fixture
def browser() -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="metodist-chromium-")
    downloads = Path(profile) / "downloads"
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}/data")
    options.add_argument("--window-size=1280,1000")
    options.add_experimental_option(
        "prefs",
        {
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False,
            "plugins.always_open_pdf_externally": True,
        },
    )
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.implicitly_wait(10)
    driver.downloads = downloads  # type: ignore[attr-defined]
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _go(driver, element) -> None:  # type: ignore[no-untyped-def]
    """Click what leads to another page and wait until that page has replaced this one."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.wait import WebDriverWait

    page = driver.find_element(By.TAG_NAME, "html")
    element.click()
    wait = WebDriverWait(driver, 120)
    wait.until(expected_conditions.staleness_of(page))
    # loaded, deferred scripts (HTMX) included
    wait.until(lambda d: d.execute_script("return document.readyState") == "complete")


def _sign_in(driver, base: str, login: str) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    driver.get(f"{base}/login")
    driver.find_element(By.NAME, "login").send_keys(login)
    driver.find_element(By.NAME, "password").send_keys(PASSWORDS[login])
    _go(driver, driver.find_element(By.CSS_SELECTOR, "form button[type=submit]"))


def _wait_for(predicate, timeout: float = 60.0):  # type: ignore[no-untyped-def]
    from selenium.common.exceptions import StaleElementReferenceException

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = predicate()
        except StaleElementReferenceException:  # HTMX swapped it while we read it
            found = None
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError("timed out")


def test_reviewer_signs_off_and_the_head_downloads_the_packet(server, browser):
    from selenium.webdriver.common.by import By

    driver, base = browser, server
    _sign_in(driver, base, "rev")
    assert "Сводка цикла" in driver.find_element(By.TAG_NAME, "h1").text

    # open the organization from the queue, then one recommendation's explanation
    _go(driver, driver.find_element(By.LINK_TEXT, "Проверка рекомендаций"))
    _go(driver, driver.find_element(By.CSS_SELECTOR, f'a[href="/queue/{SCHOOL}"]'))
    _go(driver, driver.find_element(By.CSS_SELECTOR, "table.queue tbody a"))
    body = driver.find_element(By.TAG_NAME, "body").text
    assert "Почему: условия правила" in body and "Факты, на которых сработало правило" in body

    # a decision in place (HTMX swaps the block), recorded under the reviewer's login
    driver.find_element(By.NAME, "comment").send_keys("проверено на месте")
    page = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, 'button[value="approve"]').click()
    _wait_for(lambda: "проверено на месте" in driver.find_element(By.ID, "decision").text)
    assert page.tag_name == "html"  # the same page: swapped in place, not reloaded
    assert "rev" in driver.find_element(By.ID, "decision").text

    # approve the organization after reading
    driver.get(f"{base}/queue/{SCHOOL}")
    driver.find_element(By.NAME, "read").click()
    _go(driver, driver.find_element(By.CSS_SELECTOR, "form.bulk button"))
    assert "Одобрено рекомендаций" in driver.find_element(By.CSS_SELECTOR, ".done").text

    # render and publish its packet
    driver.get(f"{base}/packets/{SCHOOL}")
    _go(driver, driver.find_element(By.XPATH, "//button[contains(., 'Сформировать пакет')]"))
    _go(driver, driver.find_element(By.XPATH, "//button[contains(., 'Опубликовать')]"))
    assert "Опубликован" in driver.find_element(By.TAG_NAME, "body").text
    _go(driver, driver.find_element(By.CSS_SELECTOR, "form.who button"))  # sign out

    # the head signs in, lands on the packet, downloads it: no «ПРОЕКТ»
    _sign_in(driver, base, "head")
    assert SCHOOL in driver.current_url
    driver.find_element(By.LINK_TEXT, "Скачать пакет (PDF)").click()
    pdf = _wait_for(lambda: [p for p in driver.downloads.glob("*.pdf")], 60)[0]
    _wait_for(lambda: pdf.stat().st_size > 0 and not list(driver.downloads.glob("*.crdownload")))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert "ПРОЕКТ" not in text and len(text) > 1000
    # and may not open the review queue
    driver.get(f"{base}/queue/{SCHOOL}")
    assert "Нет доступа" in driver.find_element(By.TAG_NAME, "h1").text
