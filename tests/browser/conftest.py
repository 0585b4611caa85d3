"""Real-browser tests: the app served by Streamlit, driven by Debian's Chromium through Playwright.

The app runs with no internet: every request the page makes must go to the app itself.
Screenshots of each step go to artifacts/browser/.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "artifacts" / "browser"
#: The browser people use (Debian's chromium): the benchmark times it, the reviews' screenshots
#: come from it.
CHROMIUM = "/usr/bin/chromium"
#: What the tests drive: Chromium's headless shell (Debian's chromium-headless-shell, the same
#: engine and version, without the windowed browser around it; what Playwright itself runs
#: headless), about a quarter less work for the same pages; the browser where it is missing.
HEADLESS_SHELL = "/usr/lib/chromium/chromium-headless-shell"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


@pytest.fixture(scope="session")
def app_state():
    """The running app's state folder (its notes database lives there)."""
    state = Path(tempfile.mkdtemp(prefix="tci-browser-"))
    yield state
    shutil.rmtree(state, ignore_errors=True)


def require_chromium() -> None:
    """Skip (or, on CI, fail) when Debian's Chromium is missing."""
    if not Path(CHROMIUM).exists():
        message = ("Chromium not installed (apt-get install chromium chromium-driver "
                   "chromium-headless-shell)")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def start_app(state: Path) -> tuple[str, subprocess.Popen]:
    """Start the app on a free loopback port with the given state folder, as
    ``scripts/run_app.sh`` does; return its URL and its process (not yet waited for)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "TCI_STATE_DIR": str(state)}
    env.pop("TCI_DATABASE_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "dashboard", "--server.port", str(port), "--server.address",
         "127.0.0.1", "--server.headless", "true"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return f"http://127.0.0.1:{port}", server


@contextlib.contextmanager
def running_app(state: Path, wait: bool = True):
    """Serve the app with the given state folder; yield its URL once it answers (or, with
    ``wait=False``, at once, with its process: ``(url, process)``)."""
    url, server = start_app(state)
    deadline = time.monotonic() + 60
    while wait:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise
            time.sleep(0.3)
    try:
        yield url if wait else (url, server)
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture(scope="session")
def app_url(app_state):
    """Start the app on a free loopback port with an empty state folder."""
    require_chromium()
    with running_app(app_state) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the session; each module may serve its own app (see app_url)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        shell = HEADLESS_SHELL if Path(HEADLESS_SHELL).exists() else CHROMIUM
        chromium = playwright.chromium.launch(executable_path=shell, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def on_messages(page, handle) -> None:
    """Call ``handle`` with each of Streamlit's own messages to this page (a ``ForwardMsg``)
    on its websocket. Call it before the page opens the app."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    def received(payload) -> None:
        if isinstance(payload, bytes):
            handle(ForwardMsg.FromString(payload))

    page.on("websocket", lambda socket: socket.on("framereceived", received))


def count_runs(page) -> None:
    """Count, in ``page.runs``, the runs of the app this page has seen finish, from Streamlit's
    own messages on its websocket: exact however quickly a run ends (the attribute Streamlit
    keeps on its root element can go from "notRunning" to "notRunning" with no "running"
    drawn between). A run stopped for another one is not counted; the other one is. Call it
    before the page opens the app."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    early = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_EARLY_FOR_RERUN")
    page.runs = 0

    def finished(message) -> None:
        if message.WhichOneof("type") == "script_finished" and message.script_finished != early:
            page.runs += 1

    on_messages(page, finished)


@pytest.fixture(scope="session")
def profile(browser):
    """One person's browser profile for the session's pages: as a person's own browser does,
    it keeps the app's files between visits (each page is still a new session of the app).
    Tests of a first visit, or of two people, make their own."""
    context = browser.new_context(viewport={"width": 1500, "height": 1000},
                                  accept_downloads=True)
    yield context
    context.close()


@pytest.fixture
def page(profile, app_url, request):
    """A fresh page (a new session of the app); records any request that leaves the app, and
    saves a final screenshot."""
    page = profile.new_page()
    count_runs(page)
    page.outside = []
    page.on("request", lambda r: page.outside.append(r.url)
            if not r.url.startswith((app_url, "data:", "blob:", "about:")) else None)
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-end.png"), full_page=True)
    page.close()


def snap(page, name: str) -> None:
    """Save a screenshot of a step."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def download(page, label: str, folder: Path) -> Path:
    """Click the download button with this label, once it shows, and save the file in folder."""
    button = page.get_by_text(label)
    button.wait_for(timeout=60_000)
    with page.expect_download(timeout=60_000) as started:
        button.click()
    path = folder / started.value.suggested_filename
    started.value.save_as(path)
    return path


def choose(page, box, text: str, option) -> None:
    """Pick an option of a multiselect (``box``, its locator) as a person does: click it,
    type to find the option, press Enter. The typing waits for the box to have the focus
    (letters typed before are lost on a busy machine), and Enter for the list to have
    filtered down to ``option`` (a pattern of its name), which on a busy machine lags."""
    from playwright.sync_api import expect

    box.click()
    page.wait_for_function("() => document.activeElement?.tagName === 'INPUT'",
                           timeout=30_000)
    page.keyboard.type(text)
    expect(page.get_by_role("option").first).to_have_text(option, timeout=30_000)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")


def map_frame_of(page):
    """The frame that holds the map, or None while there is none."""
    for frame in page.frames:
        if frame is not page.main_frame and frame.locator(".leaflet-container").count():
            return frame
    return None


def map_frame(page):
    """The map's iframe, once Leaflet has drawn the neighbourhoods."""
    frame = page.frame_locator("iframe[title$='live_map']")
    frame.locator("path.leaflet-interactive").first.wait_for(timeout=60_000)
    return frame


#: Marks the n-th neighbourhood of the map and returns a point inside its shape, relative to
#: its box (the middle of a concave shape's box can be outside it, or in a neighbour).
_PICK = """(body, n) => {
    document.querySelectorAll("[data-pick]").forEach(p => p.removeAttribute("data-pick"));
    const all = [...document.querySelectorAll("path.leaflet-interactive")];
    const path = all[n % all.length], box = path.getBBox(), screen = path.getScreenCTM();
    const on = path.getBoundingClientRect();
    path.setAttribute("data-pick", "1");
    const tries = [[4, 4]];
    for (let i = 1; i < 8; i++) for (let j = 1; j < 8; j++) tries.push([i, j]);
    for (const [i, j] of tries) {
        const point = new DOMPoint(box.x + box.width * i / 8, box.y + box.height * j / 8);
        if (path.isPointInFill(point)) {
            const at = point.matrixTransform(screen);
            return {x: at.x - on.x, y: at.y - on.y};
        }
    }
    return {x: on.width / 2, y: on.height / 2};
}"""


def click_area(frame, n: int) -> None:
    """Click inside the n-th neighbourhood of the map in ``frame`` (a Frame or FrameLocator)."""
    frame.locator("path.leaflet-interactive").first.wait_for(timeout=30_000)
    position = frame.locator("body").evaluate(_PICK, n)
    frame.locator("path[data-pick='1']").click(position=position, force=True)
