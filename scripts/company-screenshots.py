#!/usr/bin/env python3
"""Drive headless Chromium (Selenium + chromedriver) through every state of the company page, in Danish and
English, as a company would: type, click, follow links; a full-page PNG of each state.

Also the browser half of the rule that no page shows an empty value: on every state, no element whose
whole text (or shown field value) is nil, null or undefined. Exits non-zero naming the state if one does.

    python3 scripts/company-screenshots.py BASE OUTDIR  (environment: RISK_UNIT RISK_CODE RANDOM_UNIT
        RANDOM_CODE OFF_UNIT OFF_CODE; run by scripts/company-screenshots.sh, which starts the service)

Needs: apt-get install chromium chromium-driver; pip install selenium.
"""
import base64
import json
import os
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

BASE, OUT = sys.argv[1], sys.argv[2]
ENV = os.environ
WIDTH = 1100

EMPTY_VALUE_CHECK = """
const bad = [];
const words = new Set(['nil', 'null', 'undefined', 'nan']);
for (const e of document.body.querySelectorAll('*')) {
  if (words.has(e.textContent.trim().toLowerCase())) bad.push(e.tagName + ': ' + e.textContent.trim());
  for (const a of ['value', 'placeholder', 'aria-label', 'title']) {
    const v = e.getAttribute(a);
    if (v !== null && words.has(v.trim().toLowerCase())) bad.push(e.tagName + '[' + a + ']: ' + v);
  }
}
return bad;
"""


def browser():
    options = webdriver.ChromeOptions()
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", f"--window-size={WIDTH},900",
                 "--lang=da-DK"]:
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


checked = []
problems = []


def shoot(driver, name):
    """A full-page screenshot of what the browser shows now, and the empty-value check."""
    # The whole page, beyond the window: Chromium's own full-page capture (DevTools protocol).
    size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": WIDTH, "height": min(size["height"], 16000), "scale": 1}})
    path = os.path.join(OUT, name + ".png")
    with open(path, "wb") as f:
        f.write(base64.b64decode(shot["data"]))
    bad = driver.execute_script(EMPTY_VALUE_CHECK)
    checked.append({"state": name, "url": driver.current_url, "title": driver.title, "empty_value_elements": bad})
    if bad:
        problems.append(f"{name}: {bad}")
    print(f"{path}  ({driver.title})")


def fill(driver, values):
    for name, value in values.items():
        element = driver.find_element(By.NAME, name)
        if element.tag_name == "select":
            element.find_element(By.CSS_SELECTOR, f"option[value='{value}']").click()
        else:
            element.clear()
            element.send_keys(value)


def submit(driver):
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()


def look_up(driver, lang, unit, code):
    driver.get(f"{BASE}/company?lang={lang}")
    fill(driver, {"unit": unit, "code": code})
    submit(driver)


def run(lang):
    driver = browser()
    try:
        n = lambda i, state: f"{lang}-{i:02d}-{state}"
        driver.get(f"{BASE}/company?lang={lang}")
        shoot(driver, n(1, "lookup-form"))

        look_up(driver, lang, ENV["RANDOM_UNIT"], ENV["RANDOM_CODE"])
        shoot(driver, n(3, "random-card"))
        look_up(driver, lang, ENV["OFF_UNIT"], ENV["OFF_CODE"])
        shoot(driver, n(4, "not-on-list-card"))

        # The risk card last, so the session is the risk unit's: its line links open the correction form.
        look_up(driver, lang, ENV["RISK_UNIT"], ENV["RISK_CODE"])
        shoot(driver, n(2, "risk-card"))
        # The language link keeps the card (session), without the code.
        other = "en" if lang == "da" else "da"
        driver.find_element(By.CSS_SELECTOR, f"nav a[href='/company/card?lang={other}']").click()
        assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == other, "the language link lost the card"
        # …and back again, still without the code.
        driver.find_element(By.CSS_SELECTOR, f"nav a[href='/company/card?lang={lang}']").click()
        assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang

        # The correction form from a card line's own link: the line and its current value filled in.
        links = driver.find_elements(By.CSS_SELECTOR, "td.correct a")
        assert links, "no per-line correction links on the card"
        target = next((a for a in links if "field=overtime_hours_per_fte" in a.get_attribute("href")), links[0])
        target.click()
        shoot(driver, n(7, "correction-form"))

        fill(driver, {
            "code": ENV["RISK_CODE"],
            "claimed_value": "38" if lang == "da" else "38",
            "message": ("Overarbejdet er opgjort forkert: tallet medregner timer fra vores vikarbureau."
                        if lang == "da" else "The overtime figure is wrong: it counts hours worked by agency staff."),
            "contact": "kontakt@virksomhed.dk",
        })
        submit(driver)
        shoot(driver, n(8, "receipt"))
        reference = driver.find_element(By.TAG_NAME, "h1").find_element(By.XPATH, "following-sibling::p").text
        digits = "".join(ch for ch in reference.split(".")[0] if ch.isdigit())

        driver.find_element(By.CSS_SELECTOR, "a[href^='/company/requests']").click()
        fill(driver, {"unit": ENV["RISK_UNIT"], "code": ENV["RISK_CODE"], "reference": digits})
        submit(driver)
        shoot(driver, n(9, "request-status"))

        look_up(driver, lang, ENV["RISK_UNIT"], "AAAA-AAAA-AAAA-AA")
        shoot(driver, n(5, "wrong-code"))
        # Wrong codes until the limiter refuses (bounded).
        for _ in range(40):
            look_up(driver, lang, ENV["RISK_UNIT"], "AAAA-AAAA-AAAA-AA")
            if driver.find_elements(By.CSS_SELECTOR, "p.notice") and any(
                    w in driver.find_element(By.CSS_SELECTOR, "p.notice").text for w in ["Vent ", "Wait "]):
                break
        shoot(driver, n(6, "rate-limit"))
    finally:
        driver.quit()


os.makedirs(OUT, exist_ok=True)
for k, language in enumerate(["da", "en"]):
    if k:
        # The first language ended on the rate limit: let the client's and the unit's buckets refill.
        time.sleep(65)
    run(language)
with open(os.path.join(OUT, "states.json"), "w") as f:
    json.dump(checked, f, indent=1, ensure_ascii=False)
print(f"{len(checked)} states checked in the browser; {len(problems)} with an empty-value element")
if problems:
    print("\n".join(problems), file=sys.stderr)
    sys.exit(1)
