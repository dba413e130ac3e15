"""Schemathesis hooks for scripts/fuzz-service.sh.

- Half of the generated company requests carry a real unit and access code (FUZZ_UNIT, FUZZ_CODE), and
  half of the session pages a live card session (FUZZ_SESSION), so the fuzzing reaches the card, the
  correction form filled from a session, the receipt and the status page — not only the refusals.
- A check: no HTML page has an element whose whole text (or shown field value) is nil, null or undefined.
- Every response's status is tallied in FUZZ_TALLY (JSON), for the run's figures.
"""
import atexit
import html.parser
import json
import os
import random

import schemathesis

UNIT, CODE, SESSION = os.environ.get("FUZZ_UNIT"), os.environ.get("FUZZ_CODE"), os.environ.get("FUZZ_SESSION")
TALLY_FILE = os.environ.get("FUZZ_TALLY")
WORDS = {"nil", "null", "undefined", "nan"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "line", "rect", "path", "circle"}
_tally: dict[str, int] = {}
_random = random.Random(1)

CODE_BODIES = {"/api/v1/company/card", "/api/v1/company/corrections", "/company/card", "/company/correction", "/company/requests"}
SESSION_PAGES = {"/company/card", "/company/correction"}


@schemathesis.hook
def map_case(context, case):
    # Only positive cases: a negative case must stay invalid, or its "accepted" answer means nothing.
    meta = getattr(case, "meta", None)
    if meta is not None and meta.generation.mode.is_negative:
        return case
    operation = case.operation
    if UNIT and operation.method.upper() == "POST" and operation.path in CODE_BODIES \
            and isinstance(case.body, dict) and _random.random() < 0.5:
        body = dict(case.body)
        body["unit"], body["code"] = UNIT, CODE
        case.body = body
    if SESSION and operation.path in SESSION_PAGES and _random.random() < 0.5:
        cookies = dict(case.cookies or {})
        cookies["tilsyn_card"] = SESSION
        case.cookies = cookies
    return case


class _Texts(html.parser.HTMLParser):
    """Each element's whole text, and the values forms show."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.bad, self.skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("value", "placeholder", "aria-label", "title", "alt") and value and value.strip().lower() in WORDS:
                self.bad.append(f"<{tag} {name}={value!r}>")
        if tag in ("style", "script"):
            self.skip += 1
        if tag not in VOID:
            self.stack.append([tag, ""])

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self.skip = max(0, self.skip - 1)
        for k in range(len(self.stack) - 1, -1, -1):
            if self.stack[k][0] == tag:
                while len(self.stack) > k:
                    name, text = self.stack.pop()
                    if " ".join(text.split()).lower() in WORDS:
                        self.bad.append(f"<{name}>{text.strip()}</{name}>")
                break

    def handle_data(self, data):
        if not self.skip:
            for element in self.stack:
                element[1] += data


@schemathesis.check
def no_empty_value_elements(ctx, response, case):
    """An HTML page shows no element whose text is nil, null or undefined."""
    if "text/html" not in response.headers.get("content-type", [""])[0]:
        return None
    parser = _Texts()
    parser.feed(response.text)
    parser.close()
    if parser.bad:
        raise AssertionError(f"elements whose text is an empty value: {parser.bad[:5]}")
    return None


@schemathesis.hook
def after_call(context, case, response):
    key = f"{case.method.upper()} {case.operation.path} {response.status_code}"
    _tally[key] = _tally.get(key, 0) + 1


@atexit.register
def _write_tally():
    if not TALLY_FILE:
        return
    try:
        with open(TALLY_FILE) as f:
            previous = json.load(f)
    except (OSError, ValueError):
        previous = {}
    for key, n in _tally.items():
        previous[key] = previous.get(key, 0) + n
    with open(TALLY_FILE, "w") as f:
        json.dump(previous, f, indent=1, sort_keys=True)
