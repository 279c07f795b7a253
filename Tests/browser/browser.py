"""One headless Chromium, driven by Selenium, that records every request a page makes.

Chromium is started with every host name mapped to nothing except 127.0.0.1, and the DevTools
protocol blocks http(s) on file:// runs, so a page that tries to reach the network fails instead of
quietly working on a developer's laptop. Requests are read back from the performance log
(Network.* events), so a test sees every request, blocked or not.
"""
from __future__ import annotations

import base64
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

DESKTOP = (1280, 900)
PHONE = (375, 812)

# What a page reports about itself once loaded: everything the checks need, in one round trip.
_PAGE_FACTS_JS = r"""
const visible = (e) => e.getClientRects().length > 0;
return {
  url: location.href,
  title: document.title,
  contentType: document.contentType,
  links: Array.from(document.querySelectorAll('a[href], area[href]'), a => a.href),
  forms: Array.from(document.forms, f => f.action),
  images: Array.from(document.images, i => ({src: i.currentSrc || i.src, ok: i.complete && i.naturalWidth > 0,
                                             visible: visible(i)})),
  sheets: Array.from(document.querySelectorAll('link[rel~="stylesheet"]'), l => ({href: l.href, ok: !!l.sheet})),
  ids: Array.from(document.querySelectorAll('[id]'), e => e.id)
         .concat(Array.from(document.querySelectorAll('a[name]'), a => a.name)),
  listing: !!document.querySelector('#parentDirLinkBox, #listingParsingErrorBox')
           || /^(Index of |Directory listing for )/.test(document.title),
};
"""


@dataclass
class Request:
    url: str
    type: str = ""
    status: int | None = None
    error: str | None = None
    blocked: str | None = None


@dataclass
class PageLoad:
    """What happened when a URL was opened: the page's own facts, its requests and console errors."""
    requested: str
    facts: dict
    requests: list[Request]
    console_errors: list[str]
    document: Request | None = None

    @property
    def links(self) -> list[str]:
        return self.facts.get("links", [])

    @property
    def ids(self) -> set[str]:
        return set(self.facts.get("ids", []))


@dataclass
class Browser:
    driver: webdriver.Chrome
    block_http: bool = False
    _width: int = DESKTOP[0]
    notes: list[str] = field(default_factory=list)

    # ----- opening pages -----

    def open(self, url: str, wait_for: str | None = None, timeout: float = 10) -> PageLoad:
        """Opens `url` and returns what loaded. `wait_for`: a JS expression to wait for after load."""
        self._drain()
        try:
            self.driver.get(url)
        except TimeoutException:
            pass
        if wait_for:
            try:
                WebDriverWait(self.driver, timeout).until(lambda d: d.execute_script(f"return !!({wait_for});"))
            except TimeoutException:
                pass
        facts = self.driver.execute_script(_PAGE_FACTS_JS) or {}
        requests = self._requests()
        document = next((r for r in requests if r.type == "Document"), None)
        return PageLoad(url, facts, requests, self._console_errors(), document)

    def catch_up(self, load: PageLoad) -> PageLoad:
        """Adds to `load` the requests and console errors that came after it (scripts loading data)."""
        load.requests += self._requests()
        load.console_errors += self._console_errors()
        return load

    def script(self, js: str, *args):
        return self.driver.execute_script(js, *args)

    def cdp(self, command: str, params: dict | None = None):
        return self.driver.execute_cdp_cmd(command, params or {})

    # ----- emulation -----

    def emulate(self, width: int | None = None, scheme: str | None = None, media: str | None = None,
                motion: str | None = None) -> None:
        """Viewport width (a phone when below 600 px), prefers-color-scheme, media type and
        prefers-reduced-motion ("reduce" turns smooth scrolling off, so focus lands at once)."""
        if width is not None:
            height = PHONE[1] if width < 600 else DESKTOP[1]
            self.cdp("Emulation.setDeviceMetricsOverride",
                     {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
            self._width = width
        features = [{"name": "prefers-color-scheme", "value": scheme}] if scheme else []
        if motion:
            features.append({"name": "prefers-reduced-motion", "value": motion})
        self.cdp("Emulation.setEmulatedMedia", {"media": media or "", "features": features})

    def reset(self) -> None:
        self.cdp("Emulation.clearDeviceMetricsOverride")
        self.cdp("Emulation.setEmulatedMedia", {"media": "", "features": []})
        self._width = DESKTOP[0]
        self.set_http_blocking(self.block_http)
        self._drain()

    def set_http_blocking(self, on: bool) -> None:
        self.cdp("Network.enable")
        self.cdp("Network.setBlockedURLs", {"urls": ["http://*", "https://*"] if on else []})

    # ----- pictures -----

    def screenshot(self, path: Path) -> Path:
        """A full-page PNG at the current emulated width."""
        path.parent.mkdir(parents=True, exist_ok=True)
        metrics = self.cdp("Page.getLayoutMetrics")
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        clip = {"x": 0, "y": 0, "width": self._width, "height": min(int(size["height"]), 16000), "scale": 1}
        shot = self.cdp("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip})
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    # ----- keyboard -----

    def press(self, key: str) -> None:
        from selenium.webdriver.common.action_chains import ActionChains
        ActionChains(self.driver).send_keys(key).perform()

    def active_element(self):
        return self.driver.switch_to.active_element

    def find(self, css: str):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    # ----- logs -----

    def _drain(self) -> None:
        for kind in ("performance", "browser"):
            try:
                self.driver.get_log(kind)
            except Exception:  # noqa: BLE001 - a log type the driver lacks is simply empty
                pass

    def _console_errors(self) -> list[str]:
        return [e["message"] for e in self.driver.get_log("browser") if e.get("level") == "SEVERE"]

    def _requests(self) -> list[Request]:
        by_id: dict[str, Request] = {}
        order: list[str] = []
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            method, params = message.get("method", ""), message.get("params", {})
            rid = params.get("requestId")
            if method == "Network.requestWillBeSent":
                url = params["request"]["url"]
                if rid in by_id and params.get("redirectResponse"):
                    rid = f"{rid}-{len(order)}"
                by_id[rid] = Request(url, params.get("type", ""))
                order.append(rid)
            elif method == "Network.responseReceived" and rid in by_id:
                by_id[rid].status = params["response"].get("status")
            elif method == "Network.loadingFailed" and rid in by_id:
                by_id[rid].error = params.get("errorText") or "failed"
                by_id[rid].blocked = params.get("blockedReason")
        return [by_id[r] for r in order]


def chromium_paths() -> tuple[str, str]:
    binary = os.environ.get("CHROMIUM_BIN") or shutil.which("chromium") or "/usr/bin/chromium"
    driver = os.environ.get("CHROMEDRIVER_BIN") or shutil.which("chromedriver") or "/usr/bin/chromedriver"
    return binary, driver


def start_browser(block_http: bool) -> Browser:
    binary, driver_path = chromium_paths()
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size={DESKTOP[0]},{DESKTOP[1]}", "--hide-scrollbars",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-features=Translate,OptimizationHints,MediaRouter",
                "--force-color-profile=srgb", "--lang=en-GB",
                # No name resolves except the loopback server: nothing can leave the machine.
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    options.set_capability("pageLoadStrategy", "normal")
    driver = webdriver.Chrome(options=options, service=Service(driver_path))
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(60)
    browser = Browser(driver, block_http=block_http)
    browser.reset()
    return browser
