"""The preview check: load the report `atlasweave preview` serves in headless Chromium, edit the
document, and see the open page reload by itself with the new text.

Usage: check_preview_reload.py URL DOCUMENT OLD_TEXT NEW_TEXT
Exits 0 when the page showed OLD_TEXT, reloaded after the edit and then showed NEW_TEXT, and
asked for nothing outside the preview's own address."""
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By

from browser import chrome, requested_urls


def wait_for(condition, what, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except WebDriverException:
            pass  # the page is being replaced
        time.sleep(0.2)
    sys.exit(f"timed out after {seconds} s waiting for {what}")


def body_text(driver):
    return driver.find_element(By.TAG_NAME, "body").text


def main():
    url, document, old, new = sys.argv[1:5]
    driver = chrome()
    try:
        driver.get(url)
        wait_for(lambda: old in body_text(driver), f"the page to show {old!r}")
        # Gone once the page is loaded again: shows that it reloaded, not that it changed in place.
        driver.execute_script("window.atlasweaveBeforeEdit = true")
        path = Path(document)
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        wait_for(lambda: driver.execute_script("return window.atlasweaveBeforeEdit === undefined")
                 and new in body_text(driver), f"the page to reload showing {new!r}")
        if old in body_text(driver):
            sys.exit(f"the reloaded page still shows {old!r}")
        origin = "{0.scheme}://{0.netloc}/".format(urlsplit(url))
        foreign = [u for u in requested_urls(driver) if not u.startswith((origin, "data:"))]
        if foreign:
            sys.exit(f"the page asked for other addresses: {foreign}")
        print("reloaded")
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
