"""Headless Chromium (Debian's chromium and chromedriver) driven through Selenium, for the
browser checks of rendered reports. Imported by the test scripts beside this file."""
import json

from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def chrome(dark=False, width=1280, height=900):
    """A headless Chromium with its performance log on (to see every request a page makes);
    `dark` emulates prefers-color-scheme: dark."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     f"--window-size={width},{height}"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    if dark:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                               {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    return driver


def requested_urls(driver):
    """Every URL the page asked for since the last call, from the performance log."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls
