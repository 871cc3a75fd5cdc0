"""Drives rendered reports through headless Chromium and checks what a reader does with them:
sorting and filtering tables, downloading a table's CSV, following a cross-reference, the
sticky contents, the dark theme, the charts' text alternatives, and that the page asks for
nothing outside itself. Prints one line per check; exits non-zero on the first failure.

usage: check_report_page.py MAIN_HTML MEMBERSHIP_CSV METADATA_CSV TABLES_HTML VALUES_CSV [SHOT_DIR]
"""
import base64
import csv
import io
import os
import sys
import urllib.parse

from selenium.webdriver.common.by import By

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import browser  # noqa: E402


def check(condition, message):
    if not condition:
        raise AssertionError(message)
    print("ok:", message.split(":")[0])


def rows_of(text):
    return [row for row in csv.reader(io.StringIO(text, newline=""))]


def same_table(ours, theirs):
    """Cell by cell; numbers compare as numbers (a CSV may write 0.50 where the report has 0.5)."""
    if len(ours) != len(theirs):
        return False
    for a, b in zip(ours, theirs):
        if len(a) != len(b):
            return False
        for x, y in zip(a, b):
            if x != y:
                try:
                    if float(x) != float(y):
                        return False
                except ValueError:
                    return False
    return True


def downloaded(driver, stage):
    link = driver.find_element(By.CSS_SELECTOR, f"#stage-{stage} a.table-download")
    href = link.get_attribute("href")
    prefix = "data:text/csv;charset=utf-8;base64,"
    check(href.startswith(prefix), f"download of {stage} is an embedded CSV: {href[:60]}")
    check(link.get_attribute("download") == f"{stage}.csv", f"download is named after its stage: {link.get_attribute('download')}")
    return base64.b64decode(href[len(prefix):]).decode("utf-8")


def column(driver, table, index):
    script = """
        return Array.from(arguments[0].tBodies[0].rows).filter(r => !r.hidden)
            .map(r => r.cells[arguments[1]].textContent);"""
    return driver.execute_script(script, table, index)


def header(table, name):
    for index, th in enumerate(table.find_elements(By.CSS_SELECTOR, "thead th")):
        if th.text.strip().rstrip("\u2195\u25b2\u25bc").strip() == name:
            return index, th
    raise AssertionError(f"no column {name}")


def number(text):
    cleaned = text.replace(",", "").strip()
    return float(cleaned) if cleaned else None


def check_sort(table, name, driver):
    index, th = header(table, name)
    th.find_element(By.CSS_SELECTOR, "button.sort").click()
    values = [number(v) for v in column(driver, table, index)]
    present = [v for v in values if v is not None]
    check(len(present) > 1 and present == sorted(present) and values[:len(present)] == present,
          f"sorting {name} ascending orders the numbers, empty cells last: {values}")
    check(th.get_attribute("aria-sort") == "ascending", f"aria-sort ascending on {name}")
    th.find_element(By.CSS_SELECTOR, "button.sort").click()
    values = [number(v) for v in column(driver, table, index)]
    present = [v for v in values if v is not None]
    check(present == sorted(present, reverse=True) and values[:len(present)] == present,
          f"a second click on {name} reverses the order: {values}")
    check(th.get_attribute("aria-sort") == "descending", f"aria-sort descending on {name}")


def check_filter(driver, stage, needle):
    box = driver.find_element(By.CSS_SELECTOR, f"#stage-{stage} input.table-filter")
    table = driver.find_element(By.CSS_SELECTOR, f"#stage-{stage} table")
    total = len(table.find_elements(By.CSS_SELECTOR, "tbody tr"))
    box.send_keys(needle)
    shown = driver.execute_script("return Array.from(arguments[0].tBodies[0].rows).filter(r => !r.hidden).map(r => r.textContent)", table)
    check(0 < len(shown) < total and all(needle.lower() in row.lower() for row in shown),
          f"filtering {stage} by '{needle}' leaves the {len(shown)} of {total} rows containing it")
    box.clear()
    box.send_keys(" ")
    box.clear()
    driver.execute_script("arguments[0].dispatchEvent(new Event('input'))", box)


def check_requests(driver, page):
    urls = browser.requested_urls(driver)
    outside = [u for u in urls if not (u.startswith("data:") or u.startswith("about:") or u == page)]
    check(page in urls and not outside, f"no request leaves the page: {outside}")


def check_charts(driver, least):
    charts = driver.find_elements(By.CSS_SELECTOR, "svg[role='img']")
    labels = [(c.get_attribute("aria-label") or "").strip() for c in charts]
    titles = driver.execute_script("return Array.from(document.querySelectorAll(\"svg[role='img']\")).map(s => (s.querySelector('title') || {}).textContent || '')")
    check(len(charts) >= least and all(len(label) > 20 for label in labels) and all(t.strip() for t in titles),
          f"{len(charts)} charts have role=img with a text alternative and a title: {labels[:3]}")
    return labels


def check_cross_reference(driver, target):
    driver.execute_script("window.scrollTo(0, 0)")
    script = "return [location.hash, document.getElementById(arguments[0]).getBoundingClientRect().top, innerHeight]"
    _, before, height = driver.execute_script(script, f"stage-{target}")
    link = driver.find_element(By.CSS_SELECTOR, f"main a[href='#stage-{target}']")
    link.click()
    hash_, top, _ = driver.execute_script(script, f"stage-{target}")
    check(before > height and hash_ == f"#stage-{target}" and -5 < top < height / 2,
          f"the cross-reference {link.text} jumps to its figure: {hash_}, top {before} -> {top}")


def check_headings(driver):
    levels = driver.execute_script("return Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6')).map(h => +h.tagName[1])")
    skips = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
    check(levels and levels[0] == 1 and not skips, f"{len(levels)} headings in order, no level skipped: {skips}")


def check_sticky_toc(driver):
    driver.execute_script("window.scrollTo(0, document.body.scrollHeight / 2)")
    top = driver.execute_script("return document.querySelector('nav.toc').getBoundingClientRect().top")
    check(0 <= top <= 40, f"the contents stay in view on a wide screen: top {top}")
    driver.execute_script("window.scrollTo(0, 0)")


def main_report(page, membership_csv, metadata_csv, shots):
    driver = browser.chrome(width=1400, height=1000)
    try:
        driver.get(page)
        light = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
        labels = check_charts(driver, 3)
        check(any("Histogram of" in label and "Cells per cluster" in label for label in labels),
              "a captioned histogram's text alternative has its caption and summary")
        check_headings(driver)
        check_cross_reference(driver, "cluster_sizes")
        check_sticky_toc(driver)
        table = driver.find_element(By.CSS_SELECTOR, "#stage-table table")
        check_sort(table, "count", driver)
        check_filter(driver, "table", column(driver, table, 0)[0])
        with open(membership_csv, newline="", encoding="utf-8") as f:
            check(same_table(rows_of(downloaded(driver, "membership")), rows_of(f.read())),
                  "the membership download equals the CSV the stage fetched")
        link = driver.find_element(By.CSS_SELECTOR, "#stage-cells a.table-file")
        target = urllib.parse.urlparse(link.get_attribute("href")).path
        check(os.path.samefile(urllib.parse.unquote(target), metadata_csv),
              f"the cell metadata, over the embedding cap, links its CSV file: {link.get_attribute('href')}")
        if shots:
            driver.save_screenshot(os.path.join(shots, "light.png"))
        check_requests(driver, page)
    finally:
        driver.quit()
    driver = browser.chrome(dark=True, width=1400, height=1000)
    try:
        driver.get(page)
        dark = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
        ink = driver.execute_script("""
            const root = getComputedStyle(document.documentElement).getPropertyValue('--chart-text').trim();
            const probe = document.createElement('span'); probe.style.color = root; document.body.appendChild(probe);
            return [getComputedStyle(document.querySelector("svg[role='img'] text")).fill, getComputedStyle(probe).color];""")
        check(light != dark and dark == "rgb(13, 17, 23)", f"dark mode changes the page background: {light} -> {dark}")
        check(ink[0] == ink[1] and ink[0] == "rgb(230, 237, 243)", f"chart text takes the dark theme's --chart-text: {ink}")
        if shots:
            driver.save_screenshot(os.path.join(shots, "dark.png"))
        check_requests(driver, page)
    finally:
        driver.quit()


def tables_report(page, values_csv):
    driver = browser.chrome(width=1000, height=800)
    try:
        driver.get(page)
        table = driver.find_element(By.CSS_SELECTOR, "#stage-values table")
        check_sort(table, "size", driver)
        index, _ = header(table, "name")
        header(table, "name")[1].find_element(By.CSS_SELECTOR, "button.sort").click()
        names = column(driver, table, index)
        check(names.index("item 2") < names.index("item 10"), f"text sorts naturally: {names[:12]}")
        check_filter(driver, "values", "é")
        with open(values_csv, newline="", encoding="utf-8") as f:
            expected = rows_of(f.read())
        ours = rows_of(downloaded(driver, "values"))
        check(len(expected) > 100 and same_table(ours, expected),
              f"the download holds all {len(ours) - 1} rows, not the 20 shown, quoted as the CSV is")
        check_cross_reference(driver, "sizes")
        check_charts(driver, 1)
        check_requests(driver, page)
    finally:
        driver.quit()


if __name__ == "__main__":
    main_html, membership, metadata, tables_html, values = sys.argv[1:6]
    main_report("file://" + urllib.parse.quote(os.path.abspath(main_html)), membership, metadata,
                sys.argv[6] if len(sys.argv) > 6 else None)
    tables_report("file://" + urllib.parse.quote(os.path.abspath(tables_html)), values)
    print("all checks passed")
