"""
The manual's layout in a real browser: pages of the built docs opened in
headless Chromium at 1280 and 420 px wide, screenshots saved under the
pytest tmp dir, and the page body must not scroll sideways.

Chromium is driven through the DevTools protocol over a pipe
(``--remote-debugging-pipe``: JSON messages ending in NUL on file
descriptors 3 and 4), with the standard library only. Chromium comes from
Debian (``apt-get install chromium``; ``.ci/run`` installs it); without it
the tests skip and say so.

Run ``pytest tests/test_docs_layout.py --basetemp=DIR`` to keep the
screenshots in ``DIR``.
"""
import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile

import pytest

from test_docs import built_docs  # noqa: F401  (the fixture: the docs, built once)

PAGES = ("getting_started.html", "functions.html", "mathematics.html", "results.html")
WIDTHS = (1280, 420)
HEIGHT = 900

# Measured in the page once its fonts are loaded: the page's own width
# against the window's, the elements that stick out (outermost first), the
# display formulas that overflow their box vertically (what draws a
# vertical scroll widget beside them), and the height of a large operator
# in display style against the text.
MEASURE = r"""
document.fonts.ready.then(() => {
  const width = window.innerWidth;
  const wide = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && !(el.parentElement && wide.includes(el.parentElement))) {
      let hidden = false;   // inside a box that scrolls, or off-screen in a fixed drawer
      for (let p = el; p; p = p.parentElement) {
        const style = getComputedStyle(p);
        if (style.position === "fixed") { hidden = true; break; }
        if (p !== el && style.overflowX !== "visible" && p.scrollWidth > p.clientWidth - 1
            && p !== document.body && p !== document.documentElement) { hidden = true; break; }
      }
      if (!hidden) wide.push(el);
    }
  }
  const scrolling = [...document.querySelectorAll("div.math, math[display=block]")].filter(
    el => el.scrollHeight > el.clientHeight + 1 && getComputedStyle(el).overflowY !== "hidden"
          && getComputedStyle(el).overflowY !== "visible");
  const text = parseFloat(getComputedStyle(document.body).fontSize);
  const sums = [...document.querySelectorAll("math[display=block] munder > mo:first-child, "
                                             + "math[display=block] munderover > mo:first-child")]
    .filter(mo => mo.textContent === "\u2211").map(mo => mo.getBoundingClientRect().height / text);
  return JSON.stringify({
    width: width,
    scrollWidth: document.documentElement.scrollWidth,
    wide: wide.slice(0, 5).map(el => el.tagName.toLowerCase() + "." + [...el.classList].join(".")
                                     + " right=" + Math.round(el.getBoundingClientRect().right)),
    scrollingFormulas: scrolling.length,
    sumHeights: sums,
  });
})
"""

# The math fonts of docs/_static/custom.css: with none of them installed,
# large operators cannot be drawn in display size (the browser's fault).
MATH_FONTS = ("STIX Two Math", "Latin Modern Math", "Cambria Math", "DejaVu Math TeX Gyre",
              "Libertinus Math", "TeX Gyre Termes Math", "Noto Sans Math")


def chromium():
    """The path of Chromium, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


def math_font_installed():
    """Whether fontconfig knows one of :data:`MATH_FONTS` (None: cannot tell)."""
    if shutil.which("fc-list") is None:
        return None
    families = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    return any(font in families for font in MATH_FONTS)


class Browser:
    """Headless Chromium under the DevTools protocol, on a pipe."""

    def __init__(self, executable, width, height):
        self.to_chrome_read, self.to_chrome_write = os.pipe()
        self.from_chrome_read, self.from_chrome_write = os.pipe()
        self.profile = tempfile.mkdtemp(prefix="hcsf-chromium-")
        read_end, write_end = self.to_chrome_read, self.from_chrome_write

        def descriptors():   # Chromium reads commands on fd 3 and writes answers on fd 4
            high_read = fcntl.fcntl(read_end, fcntl.F_DUPFD, 10)    # clear of 3 and 4
            high_write = fcntl.fcntl(write_end, fcntl.F_DUPFD, 10)
            os.dup2(high_read, 3)
            os.dup2(high_write, 4)

        self.process = subprocess.Popen(
            [executable, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--remote-debugging-pipe", f"--user-data-dir={self.profile}",
             f"--window-size={width},{height}", "about:blank"],
            preexec_fn=descriptors, close_fds=False,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(self.to_chrome_read)
        os.close(self.from_chrome_write)
        self.buffer = b""
        self.events = []
        self.next_id = 0
        self.width, self.height = width, height
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call("Page.enable", session=True)
        self.call("Emulation.setDeviceMetricsOverride", session=True, width=width, height=height,
                  deviceScaleFactor=1, mobile=False)

    def message(self):
        """The next message from Chromium."""
        while b"\0" not in self.buffer:
            ready, _, _ = select.select([self.from_chrome_read], [], [], 120)
            if not ready:
                raise RuntimeError("Chromium did not answer within 120 s")
            chunk = os.read(self.from_chrome_read, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self.buffer += chunk
        text, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(text)

    def call(self, method, session=False, **params):
        """Send one command and return its result (events before it are noted)."""
        self.next_id += 1
        command = {"id": self.next_id, "method": method, "params": params}
        if session:
            command["sessionId"] = self.session
        os.write(self.to_chrome_write, json.dumps(command).encode() + b"\0")
        while True:
            message = self.message()
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]
            self.events.append(message.get("method"))

    def open(self, url):
        """Load ``url`` and wait for its load event."""
        self.events = []
        self.call("Page.navigate", session=True, url=url)
        while "Page.loadEventFired" not in self.events:
            self.events.append(self.message().get("method"))

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", session=True, expression=expression,
                           awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"]["value"]

    def screenshot(self, path, full=False):
        """Save the window (``full``: the whole page, up to 16,000 px) as a PNG."""
        params = {"format": "png"}
        if full:
            height = min(self.evaluate("document.documentElement.scrollHeight"), 16000)
            params.update(captureBeyondViewport=True,
                          clip={"x": 0, "y": 0, "width": self.width, "height": height, "scale": 1})
        data = self.call("Page.captureScreenshot", session=True, **params)["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def close(self):
        try:
            self.call("Browser.close")
        except (RuntimeError, OSError):
            pass
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for fd in (self.to_chrome_write, self.from_chrome_read):
            os.close(fd)
        shutil.rmtree(self.profile, ignore_errors=True)


@pytest.fixture(scope="module")
def executable():
    path = chromium()
    if path is None:
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium): "
                    "the layout of the docs is not checked")
    return path


@pytest.mark.parametrize("width", WIDTHS)
def test_pages_do_not_scroll_sideways(built_docs, executable, width, tmp_path):  # noqa: F811
    """At 1280 px the fixed-width theme cut code blocks; at 420 px the whole
    page scrolled sideways. Display formulas drew a vertical scroll widget,
    and display-mode sums were drawn at inline size."""
    browser = Browser(executable, width, HEIGHT)
    try:
        measured = {}
        for page in PAGES:
            browser.open((built_docs / page).as_uri())
            measured[page] = json.loads(browser.evaluate(MEASURE))
            browser.screenshot(tmp_path / f"{page[:-5]}-{width}.png")
            browser.screenshot(tmp_path / f"{page[:-5]}-{width}-full.png", full=True)
    finally:
        browser.close()
    print(f"screenshots in {tmp_path}")
    for page, m in measured.items():
        assert m["width"] == width, (page, m)
        assert m["scrollWidth"] <= m["width"], \
            f"{page} at {width} px scrolls sideways ({m['scrollWidth']} px): {m['wide']}"
        assert m["scrollingFormulas"] == 0, f"{page}: formulas with a vertical scroll widget"
    sums = measured["mathematics.html"]["sumHeights"]
    assert sums, "no display-mode sum on the page mathematics.html"
    if math_font_installed() is False:
        pytest.skip(f"no math font installed ({', '.join(MATH_FONTS)}): display sizes unchecked")
    assert min(sums) > 1.5, f"display-mode sums drawn at inline size: {sums} (text heights)"
