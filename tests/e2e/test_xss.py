"""Hostile text saved through the real form does not run in Chromium.

Every vector of the DOMPurify corpus and our own Markdown/htmx vectors (268) is
posted through the new-need form of the running app as a Köping draft, then its
saved page is opened in Chromium, hovered, focused and tabbed through, and
watched three ways: dialogs (and popups, websockets), elements or attributes
outside the allow-list, and network requests other than the page itself and the
app's static assets. Any CSP violation the page reports counts as well.

The positive control runs the same watch on unsanitised python-markdown output
in a page without CSP. When this was written (Chromium 156) 60 of the 268
vectors ran script or reached the network there, 47 of them with a dialog, and
253 put forbidden markup in the DOM.

Two tabs take turns, so one page settles while the other loads.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urljoin

import markdown
from playwright.sync_api import Error

from models.privacy import control_character
from tests.conftest import CONTROLS, csrf_token
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, sign_in
from tests.unit.test_rendering import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    CORPUS,
    OWN_VECTORS,
)

PAYLOADS = [*CORPUS, *OWN_VECTORS]
NEW_NEED = "/nodes/koping/submissions/new?kind=need"
SETTLE_S = 0.05  # at least this long between hovering a page and reading it
TAB_PRESSES = 2
# Prototype getters and methods, not the plain properties: payloads such as
# <input name=attributes> or <img name=querySelectorAll> clobber those.
PRISTINE = """
  const get = (proto, name) => Object.getOwnPropertyDescriptor(proto, name).get;
  const query = (sel) => Document.prototype.querySelectorAll.call(document, sel);
"""
# Hover and focus everything in the roots, for onmouseover/onfocus payloads.
POKE = (
    "selector => {"
    + PRISTINE
    + """
  const dispatch = EventTarget.prototype.dispatchEvent;
  for (const el of query(selector)) {
    for (const type of ['mouseover', 'mouseenter', 'mousemove', 'pointerover']) {
      dispatch.call(el, new MouseEvent(type, {bubbles: true}));
    }
    if (el instanceof HTMLElement) HTMLElement.prototype.focus.call(el);
    else if (el instanceof SVGElement) SVGElement.prototype.focus.call(el);
  }
}"""
)
# What the document holds: forbidden things inside the roots, and counts over
# the whole document to compare with a clean page. Then, if asked, stop every
# timer so none carries over into the next content set in the same page.
INSPECT = (
    "({selector, allowed, attributes, stopTimers}) => {"
    + PRISTINE
    + """
  const attributesOf = get(Element.prototype, 'attributes');
  const localNameOf = get(Element.prototype, 'localName');
  const ok = new Set(allowed);
  const schemes = new Set(['http:', 'https:', 'mailto:']);
  const found = [];
  for (const el of query(selector)) {
    const tag = localNameOf.call(el);
    if (!ok.has(tag)) found.push(`<${tag}>`);
    for (const {name, value} of attributesOf.call(el)) {
      if (/^(on|hx-|data-|style)/i.test(name)) found.push(`${name} on <${tag}>`);
      else if (!(attributes[tag] || []).includes(name)) {
        found.push(`${name} not allowed on <${tag}>`);
      }
      if ((tag === 'a' && name === 'href') || /:href$/i.test(name)) {
        let scheme = null;
        try { scheme = new URL(value, document.baseURI).protocol; } catch (e) {}
        if (!schemes.has(scheme)) found.push(`${name}=${value.slice(0, 40)}`);
      }
    }
  }
  const handlers = [...query('*')].filter(
    el => [...attributesOf.call(el)].some(a => /^on/i.test(a.name)));
  const h1 = query('h1')[0];
  const seen = {
    found,
    scripts: query('script').length,
    handlers: handlers.length,
    embeds: query('iframe, frame, object, embed, base, meta[http-equiv], portal')
      .length,
    heading: h1 ? get(Node.prototype, 'textContent').call(h1) : '',
    csp: window.__csp || [],
  };
  if (stopTimers) {
    const last = setTimeout(() => {});
    for (let id = 0; id <= last; id++) { clearTimeout(id); clearInterval(id); }
  }
  return seen;
}"""
)


class Tab:
    """A page and everything it did since last asked: dialogs, popups, requests."""

    def __init__(self, allowed: tuple[str, ...], page=None) -> None:
        self.allowed = allowed
        self.document = ""
        self.fired: list[str] = []
        self.poked = 0.0
        self.status: int | None = None
        if page is not None:
            self.attach(page)

    def attach(self, page) -> None:
        self.page = page
        page.on("dialog", self._dialog)
        page.on("popup", lambda popup: self.fired.append(f"popup {popup.url}"))
        page.on("websocket", lambda ws: self.fired.append(f"websocket {ws.url}"))
        page.on("request", self._request)

    def _dialog(self, dialog) -> None:
        self.fired.append(f"{dialog.type} {dialog.message[:40]!r}")
        dialog.dismiss()

    def _request(self, request) -> None:
        url = request.url
        if url != self.document and not url.startswith(self.allowed):
            self.fired.append(f"request {request.method} {url[:80]}")

    def take(self) -> list[str]:
        fired, self.fired = self.fired, []
        return fired

    def poke(self, selector: str) -> None:
        """Hover and focus everything in the roots, then tab along the page."""
        self.poked = time.monotonic()
        self.page.evaluate(POKE, selector)
        for _ in range(TAB_PRESSES):
            self.page.keyboard.press("Tab")

    def inspect(self, selector: str, stop_timers: bool = False) -> dict:
        """Read the document once the page has settled since it was poked."""
        left = self.poked + SETTLE_S - time.monotonic()
        if left > 0:
            self.page.wait_for_timeout(left * 1000)
        return self.page.evaluate(
            INSPECT,
            {
                "selector": selector,
                "allowed": sorted(ALLOWED_TAGS),
                "attributes": {t: sorted(a) for t, a in ALLOWED_ATTRIBUTES.items()},
                "stopTimers": stop_timers,
            },
        )


def sweep(tabs: list[Tab], count: int, show: Callable, read: Callable) -> list:
    """Show item n in one tab and read item n-1 in the other, which has settled."""
    results = []
    pending = None
    for n in range(count):
        tab = tabs[n % len(tabs)]
        show(tab, n)
        if pending is not None:
            results.append(read(*pending))
        pending = (tab, n)
    if pending is not None:
        results.append(read(*pending))
    return results


def save(request, base: str, token: str, title: str, body: str) -> tuple[int, str]:
    """Post the real new-need form as a draft; return the status and Location."""
    response = request.post(
        urljoin(base, NEW_NEED),
        form={
            "title": title,
            "summary": "XSS-test",
            "body": body,
            "action": "draft",
            "csrf_token": token,
        },
        max_redirects=0,
    )
    return response.status, urljoin(base, response.headers.get("location", ""))


def test_no_vector_saved_through_the_form_runs_in_chromium(page, live_server):
    sign_in(page, "koping@samnod.test")
    request = page.context.request
    form = request.get(urljoin(live_server, NEW_NEED))
    assert form.ok, form.status
    token = csrf_token(form.text())
    static = (f"{live_server}/static/",)
    main = Tab(static, page)

    # A clean page first: what the layout holds, and proof each detector sees.
    status, url = save(request, live_server, token, "XSS-test clean", "Ren **text**.")
    assert status == 303, status
    main.document = url
    page.goto(url, wait_until="load")
    main.poke(".prose *")
    clean = main.inspect(".prose *")
    assert clean["found"] == [] and clean["heading"] == "XSS-test clean", clean
    assert clean["scripts"] == 2 and clean["csp"] == [], clean  # htmx and app.js
    assert clean["handlers"] == clean["embeds"] == 0, clean
    assert main.take() == []
    page.evaluate(
        """() => { const p = document.querySelector('.prose');
        p.insertAdjacentHTML('beforeend', '<b data-x="1" hx-get="/x">b</b>');
        p.insertAdjacentHTML('beforeend', '<a href="javascript:void 0">a</a>');
        fetch('/nodes/').then((r) => r.text()); alert('probe'); }"""
        # The body is read: an unread answer that may not be cached never ends,
        # and the page would never be idle.
    )
    probe = main.inspect(".prose *")
    assert probe["found"] == [
        "<b>",
        "data-x on <b>",
        "hx-get on <b>",
        "href=javascript:void 0",
    ], probe
    page.wait_for_load_state("networkidle")
    fired = main.take()
    assert any(f.startswith("alert") for f in fired), fired
    assert any(f.endswith("/nodes/") for f in fired), fired

    failures = []
    saved = []
    for n, payload in enumerate(PAYLOADS):
        if control_character(payload, multiline=True) is not None:
            # Refused at the field (422); the vector without its control
            # characters must still be harmless.
            status, url = save(request, live_server, token, f"XSS-test {n}", payload)
            if status != 422:
                failures.append((n, payload[:60], [f"control accepted: {status}"]))
            payload = CONTROLS.sub("", payload)
        status, url = save(request, live_server, token, f"XSS-test {n}", payload)
        if status == 303 and url.rsplit("/", 1)[-1].isdigit():
            saved.append((n, url))
        else:
            failures.append((n, payload[:60], [f"form answered {status} {url}"]))

    def show(tab: Tab, i: int) -> None:
        tab.document = saved[i][1]
        response = tab.page.goto(tab.document, wait_until="load")
        tab.status = response.status if response else None
        tab.poke(".prose *")

    def read(tab: Tab, i: int) -> tuple:
        n = saved[i][0]
        seen = tab.inspect(".prose *")
        fired = tab.take() + seen["found"]
        if tab.status != 200:
            fired.append(f"status {tab.status}")
        if seen["heading"] != f"XSS-test {n}":
            fired.append(f"heading {seen['heading']!r}")
        for key in ("scripts", "handlers", "embeds"):
            if seen[key] != clean[key]:
                fired.append(f"{key} {seen[key]} (clean page: {clean[key]})")
        fired += [f"CSP {violation}" for violation in seen["csp"]]
        return n, PAYLOADS[n][:60], fired

    tabs = [main, Tab(static, page.context.new_page())]
    viewed = sweep(tabs, len(saved), show, read)
    failures += [result for result in viewed if result[2]]
    page.wait_for_timeout(SETTLE_S * 1000)
    late = [f for tab in tabs for f in tab.take()]
    assert (len(saved), len(viewed)) == (len(PAYLOADS), len(PAYLOADS))
    assert failures == [] and late == [], (failures, late)


class Sandbox:
    """Chromium of its own, two tabs, no network, for the unsanitised control.

    Script runs here, and Chromium 156 quits when one page shows an alerting
    data: URL <object> and later an alerting srcdoc <iframe> (vectors 110 and
    254): that must not take the session's shared browser down with it.
    """

    def __init__(self, browser_type) -> None:
        self.browser_type = browser_type
        self.tabs = [Tab(("about:", "data:")) for _ in range(2)]
        self.restarts = 0
        self.browser = None
        self.start()

    def start(self) -> None:
        if self.browser is not None:
            self.browser.close()
        self.browser = self.browser_type.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        context = self.browser.new_context()
        # Nothing leaves the browser: every request is recorded, then refused.
        context.route("**/*", lambda route: route.abort())
        for tab in self.tabs:
            tab.attach(context.new_page())

    def show(self, tab: Tab, n: int) -> None:
        html = markdown.markdown(PAYLOADS[n])
        try:
            tab.page.set_content(html, wait_until="load")
        except Error:
            if self.browser.is_connected():
                raise
            self.restarts += 1
            self.start()
            tab.page.set_content(html, wait_until="load")
        tab.poke("body *")

    def read(self, tab: Tab, n: int) -> tuple:
        try:
            seen = tab.inspect("body *", stop_timers=True)
            if tab.page.url != "about:blank":  # the payload navigated away
                tab.page.goto("about:blank")
        except Error as error:
            seen = {"found": [f"unreadable: {error.message[:60]}"]}
        return n, tab.take(), seen["found"]


def test_the_harness_sees_unsanitised_payloads_fire(browser):
    sandbox = Sandbox(browser.browser_type)
    try:
        results = sweep(sandbox.tabs, len(PAYLOADS), sandbox.show, sandbox.read)
    finally:
        sandbox.browser.close()
    executed = [(n, fired) for n, fired, _ in results if fired]
    markup = [n for n, _, found in results if found]
    assert len(results) == len(PAYLOADS)
    # 60 executed and 253 left forbidden markup when this test was written.
    assert len(executed) >= 30, (len(executed), sandbox.restarts, executed)
    assert len(markup) >= 30, (len(markup), markup)
