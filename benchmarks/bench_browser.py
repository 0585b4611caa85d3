"""Browser benchmark: how long what a person does in the app takes, in headless Chromium.

The app is started by this script on loopback, the way ``scripts/run_app.sh`` starts it, with
an empty state folder; every request that leaves the machine is refused. Each figure is the
wall time from the person's action (a page opened, a click, a key) until the page shows its
answer, as median and worst of several runs:

    .venv/bin/python -m benchmarks.bench_browser            # Oldham and Greater Manchester
    .venv/bin/python -m benchmarks.bench_browser --runs 3 --sessions 10

Timed here, never in the tests. Needs Debian's chromium (``/usr/bin/chromium``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from tests.browser.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    click_area,
    count_runs,
    map_frame_of,
    running_app,
)

OLDHAM, REGION = "Oldham", "Greater Manchester"
OLDHAM_AREAS, REGION_AREAS, OLDHAM_WARDS, REGION_WARDS = 142, 1702, 20, 215
LSOAS, WARDS = "LSOAs (2021)", "Electoral wards (May 2023)"  # as the sidebar's Areas names them
#: Only the app itself: any other host fails at once, before a request leaves the machine.
OFFLINE = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
LAPTOP = {"width": 1440, "height": 900}
LIMIT = 120  # s: the longest a step may take before the benchmark gives up on it


#: What the benchmark watches, run by the browser itself (a poll from Python at this rate
#: would hold up the page it is timing).
WATCH = """
window.tci = {
  frames() { return [...document.querySelectorAll("iframe")].map(f => {
    try { return f.contentDocument; } catch (e) { return null; } }).filter(Boolean); },
  areas() { return Math.max(0, ...tci.frames().map(
    d => d.querySelectorAll("path.leaflet-interactive").length)); },
  legend() { for (const d of tci.frames()) { const l = d.querySelector(".tci-legend");
    if (l) return l.innerText; } return ""; },
  idle() { const app = document.querySelector("[data-testid='stApp']");
    return !!app && app.getAttribute("data-test-script-state") === "notRunning"; },
  shown(pattern) { return new RegExp(pattern, "m").test(document.body.innerText); },
  area() { return new URLSearchParams(location.search).get("area"); },
  paint() { for (const d of tci.frames()) { const r = d.getElementById("root");
    if (r && r.dataset.paint) return r.dataset.paint; } return ""; },
};
"""


def _wait(page: Page, predicate: str, arg: object = None, limit: float = LIMIT) -> float:
    """Wait until a JavaScript predicate holds in the page; return the seconds it took
    (inf when it never did within the limit)."""
    start = time.perf_counter()
    try:
        page.wait_for_function(predicate, arg=arg, polling=20, timeout=limit * 1000)
    except Exception:  # noqa: BLE001 - a timeout, or the page went away
        return float("inf")
    return time.perf_counter() - start


def _map_drawn(page: Page, areas: int, limit: float = LIMIT) -> float:
    return _wait(page, "n => window.tci && tci.areas() === n && tci.idle()", areas, limit)


def _legend(page: Page) -> str:
    return page.evaluate("window.tci ? tci.legend() : ''")


def _choose(page: Page, label: str, option: str) -> float:
    """Pick an option of a selectbox as a person does (type to find it, Enter); return the
    time of the Enter, when the person has chosen."""
    box = page.get_by_role("combobox", name=label, exact=True)
    box.focus()
    page.keyboard.type(option)  # leaves only the options that match
    chosen = time.perf_counter()
    page.keyboard.press("Enter")
    return chosen


class Figures:
    """The times of each step, printed as median and worst."""

    def __init__(self) -> None:
        self.times: dict[str, list[float]] = {}
        self.notes: dict[str, str] = {}

    def add(self, step: str, seconds: float) -> None:
        self.times.setdefault(step, []).append(seconds)
        print(f"  {step}: {seconds:.2f}s", file=sys.stderr, flush=True)

    def print(self, title: str) -> None:
        print(f"\n{title}")
        print(f"{'what the person does':<58} {'median':>8} {'worst':>8}  runs")
        for step, times in self.times.items():
            print(f"{step:<58} {statistics.median(times):>7.2f}s {max(times):>7.2f}s  "
                  f"{len(times)}" + (f"  {self.notes[step]}" if step in self.notes else ""))


def _session(where, url: str, path: str = "/") -> tuple[object, Page]:
    """Open the app in a new session: a new tab of a browser that has been there before
    (``where`` a browser context, its files cached), or a new visitor's empty browser
    (``where`` a browser). Return what to close afterwards, and the page."""
    if hasattr(where, "new_context"):
        context = where.new_context(viewport=LAPTOP)
        context.add_init_script(WATCH)
        page, closing = context.new_page(), context
    else:
        page = closing = where.new_page()
    count_runs(page)  # the builder's steps wait for the runs they start
    page.goto(url + path, wait_until="commit")
    return closing, page


def _clicks(page: Page, figures: Figures, count: int, first: bool) -> None:
    """Click neighbourhoods on the map; time each until its profile shows beside the map."""
    frame = map_frame_of(page)
    for n in range(count):
        before = page.evaluate("tci.area()")
        start = time.perf_counter()
        try:
            click_area(frame, 7 + 13 * n)
            moved = _wait(page, "b => tci.area() && tci.area() !== b", before, 10)
        except Exception:  # noqa: BLE001 - the map was being drawn again under the pointer
            moved = float("inf")
            frame = map_frame_of(page)
        if moved == float("inf"):
            if first:
                figures.add("the first click of a session: profile shown", float("inf"))
            continue
        code = page.evaluate("tci.area()")
        _wait(page, "c => tci.shown('^' + c + ' · ') && tci.idle()", code)
        taken = time.perf_counter() - start
        if first and n == 0:
            figures.add("the first click of a session: profile shown", taken)
        else:
            figures.add("click a neighbourhood: its profile beside the map", taken)


def oldham(browser, url: str, runs: int, figures: Figures) -> None:
    """The steps on Oldham, in new sessions on a warm server."""
    lost = 0
    for _ in range(runs):
        start = time.perf_counter()
        context, page = _session(browser, url)
        _map_drawn(page, OLDHAM_AREAS)
        _wait(page, "() => tci.shown('^E0\\\\d{7} · ')")
        figures.add("a new session (new tab) on a warm server: map shown",
                    time.perf_counter() - start)
        before = len(figures.times.get("the first click of a session: profile shown", []))
        _clicks(page, figures, 4, first=True)
        after = figures.times.get("the first click of a session: profile shown", [])
        lost += any(t == float("inf") for t in after[before:])

        legend = _legend(page)
        start = _choose(page, "Show", "Domain: Crime and safety")
        _wait(page, "l => tci.legend() !== l && tci.legend().includes('Crime') && tci.idle()",
              legend)
        figures.add("show another measure", time.perf_counter() - start)
        start = _choose(page, "Classes", "Deciles (ten equal groups)")
        _wait(page, "() => tci.legend().includes('Decile 1') && tci.idle()")
        figures.add("show another classification", time.perf_counter() - start)

        start = _choose(page, "Areas", WARDS)
        _map_drawn(page, OLDHAM_WARDS)
        figures.add("switch the areas (LSOAs to wards)", time.perf_counter() - start)
        start = _choose(page, "Areas", LSOAS)
        _map_drawn(page, OLDHAM_AREAS)
        figures.add("switch the areas (wards to LSOAs)", time.perf_counter() - start)
        context.close()
    figures.notes["the first click of a session: profile shown"] = (
        f"lost in {lost} of {runs} sessions")


def visits(browser, url: str, runs: int, figures: Figures) -> None:
    """First visits to other pages, and what is done there: verifying and adding an asset,
    meeting mode's arrow keys, saving a note, recording a promise."""
    pages = (("/profile?area=E01005376", "Rank interval:", "first visit to Profile"),
              ("/assets", "Need against assets", "first visit to Community assets"),
              ("/?mode=meeting", "Neighbourhood 1 of", "first visit to meeting mode"),
              ("/promises", "Download the public tracker", "first visit to You said, we did"),
              ("/voice", "What people say", "first visit to What people say"))
    for path, ready, step in pages:
        for _ in range(runs):
            start = time.perf_counter()
            context, page = _session(browser, url, path)
            _wait(page, "r => tci.shown(r) && tci.idle()", ready)
            figures.add(step, time.perf_counter() - start)
            if path.startswith("/?mode"):
                _map_drawn(page, OLDHAM_AREAS)
                for n in range(2, 6):
                    start = time.perf_counter()
                    page.keyboard.press("ArrowRight")
                    _wait(page, "n => tci.shown('^Neighbourhood ' + n + ' of') && tci.idle()", n)
                    figures.add("meeting mode: one arrow-key step to the next card",
                                time.perf_counter() - start)
            if path == "/assets":
                for done, act in (("verify an asset: confirmation shown", _verify_asset),
                                  ("add an asset: confirmation shown", _add_asset)):
                    try:
                        start, said = act(page)
                    except Exception:  # noqa: BLE001 - the form did not open: no figure
                        continue
                    _wait(page, "t => tci.shown(t) && tci.idle()", said)
                    figures.add(done, time.perf_counter() - start)
            if path.startswith("/profile"):
                for n in range(2):
                    text = f"Benchmark note {n}: the bus shelter on Hollins Road was repaired."
                    try:
                        start = _add_note(page, text)
                    except Exception:  # noqa: BLE001 - the form did not open: no figure
                        continue
                    _wait(page, "t => document.body.innerText.includes(t) && tci.idle()", text)
                    figures.add("save a note: shown", time.perf_counter() - start)
            if path == "/promises":
                for n in range(2):
                    asked = f"Benchmark request {n}: a crossing outside the school."
                    try:
                        start = _add_promise(page, asked)
                    except Exception:  # noqa: BLE001 - the form did not open: no figure
                        continue
                    _wait(page, "t => document.body.innerText.includes(t) && tci.idle()",
                          asked)
                    figures.add("record a promise: shown", time.perf_counter() - start)
            context.close()


def _verify_asset(page: Page) -> tuple[float, str]:
    """Press "Verified today" for the asset the register's picker shows; return when it was
    pressed and the confirmation to wait for."""
    button = page.get_by_role("button", name="Verified today")
    button.wait_for(timeout=10_000)
    name = button.inner_text().split("Verified today: ", 1)[1].split(" is still there")[0]
    pressed = time.perf_counter()
    button.click()
    return pressed, f"Recorded that {name} was still there today"


def _add_asset(page: Page) -> tuple[float, str]:
    """Fill in the register's "Add an asset" form and press Add asset; return when it was
    pressed and the confirmation to wait for."""
    page.locator("summary", has_text="Add an asset").click()
    form = page.locator("[data-testid='stForm']").filter(
        has=page.get_by_role("button", name="Add asset"))
    name = f"Benchmark food pantry {time.monotonic_ns()}"
    form.get_by_label("Name", exact=True).fill(name)
    form.get_by_label("Longitude").fill("-2.1168")
    form.get_by_label("Latitude").fill("53.5409")
    form.get_by_label("Address", exact=True).fill("1 Union Street, Oldham")
    pressed = time.perf_counter()
    form.get_by_role("button", name="Add asset").click()
    return pressed, f"Added {name} to the register"


def _add_note(page: Page, text: str) -> float:
    """Write a note in the profile's form and press Add note; return when it was pressed."""
    summary = page.locator("summary", has_text="Add a note")
    form = page.locator("details", has=summary)
    box = form.get_by_label("What was said or seen")
    if not box.is_visible():  # its expander is closed
        summary.click()
    box.wait_for(state="visible", timeout=10_000)
    box.fill(text)
    pressed = time.perf_counter()
    form.get_by_role("button", name="Add note").click()
    return pressed


def _add_promise(page: Page, asked: str) -> float:
    """Fill in the "Record a promise" form and press Add promise; return when it was
    pressed."""
    summary = page.locator("summary", has_text="Record a promise")
    form = page.locator("details", has=summary)
    box = form.get_by_label("What people asked for (you said)")
    if not box.is_visible():  # its expander is closed
        summary.click()
    box.wait_for(state="visible", timeout=10_000)
    box.fill(asked)
    form.get_by_label("What was promised (we will)").fill("A crossing by the summer.")
    form.get_by_label("Organisation that promised it").fill("Oldham Council")
    form.get_by_label("Where it was made (the meeting or conversation)").fill("School meeting")
    pressed = time.perf_counter()
    form.get_by_role("button", name="Add promise").click()
    return pressed


def survey(browser, url: str, runs: int, figures: Figures) -> None:
    """The asset survey: an editor makes a campaign's link; organisations open it and send
    their answers; the editor accepts each; the Voluntary sector page counts them."""
    start = time.perf_counter()
    context, page = _session(browser, url, "/asset-survey")
    _wait(page, "r => tci.shown(r) && tci.idle()", "Waiting to be read")
    figures.add("first visit to Asset survey", time.perf_counter() - start)
    page.get_by_role("tab", name="Links").click()
    page.get_by_role("button", name="Make a campaign link").click()
    link = page.locator("[data-testid='stCode']").first
    link.wait_for(timeout=LIMIT * 1000)
    address = link.inner_text().strip()
    context.close()
    for n in range(runs):
        start = time.perf_counter()
        context, page = _session(browser, address, "")
        _wait(page, "r => tci.shown(r) && tci.idle()", "Send the answers")
        figures.add("an organisation opens the survey's link: form shown",
                    time.perf_counter() - start)
        page.get_by_label("Organisation name *").fill(f"Benchmark Community Group {n}")
        fields = page.locator("[data-testid='stMultiSelect']").filter(has_text="Fields of work")
        fields.click()
        page.keyboard.type("Health")
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")
        page.get_by_label("Postcode of your base *").fill("OL1 1AA")
        page.get_by_label("Volunteers (people)").fill("12")
        pressed = time.perf_counter()
        page.get_by_role("button", name="Send the answers").click()
        _wait(page, "r => tci.shown(r) && tci.idle()", "have reached the council")
        figures.add("send the survey's answers: thank-you shown", time.perf_counter() - pressed)
        context.close()
    for _ in range(runs):
        context, page = _session(browser, url, "/asset-survey")
        _wait(page, "r => tci.shown(r) && tci.idle()", "Waiting to be read")
        pressed = time.perf_counter()
        page.get_by_role("button", name="Accept", exact=True).click()
        _wait(page, "r => tci.shown(r) && tci.idle()", "to the register")
        figures.add("accept an organisation's answers: confirmation shown",
                    time.perf_counter() - pressed)
        context.close()
    for _ in range(runs):
        start = time.perf_counter()
        context, page = _session(browser, url, "/sector")
        _wait(page, "r => tci.shown(r) && tci.idle()", "Need against capacity")
        figures.add("first visit to Voluntary sector", time.perf_counter() - start)
        context.close()


def analyst(browser, url: str, runs: int, figures: Figures) -> None:
    """The analyst's questions: open a neighbourhood's profile to its change since 2019, its
    comparison with areas like it and with the borough; open Areas like this one and
    Change over time."""
    visits = (("/profile", "Change since 2019",
               "first visit to a profile: its change since 2019 shown"),
              ("/neighbours", "Compared with its neighbours",
               "first visit to Areas like this one: neighbours compared"),
              ("/over-time", "Moved furthest towards less need",
               "first visit to Change over time: movers listed"))
    for _ in range(runs):
        for path, shown, label in visits:
            start = time.perf_counter()
            context, page = _session(browser, url, path)
            _wait(page, "r => tci.shown(r) && tci.idle()", shown)
            figures.add(label, time.perf_counter() - start)
            context.close()


def builder(browser, url: str, runs: int, figures: Figures) -> None:
    """Change a domain's weight in the builder: its own map, then the Map page, show it."""
    from tests.browser.test_builder import set_domain_weight

    for n in range(runs):
        context, page = _session(browser, url, "/builder")
        _wait(page, "() => tci.shown('Download the spec') && tci.paint() && tci.idle()")
        before = page.evaluate("tci.paint()")
        changed = set_domain_weight(page, "crime", str(2 + n))  # when Enter is pressed
        _wait(page, "p => tci.paint() && tci.paint() !== p && tci.idle()", before)
        figures.add("builder: change a weight until its map shows it",
                    time.perf_counter() - changed)
        page.get_by_role("link", name="Map", exact=True).click()
        _map_drawn(page, OLDHAM_AREAS)
        figures.add("builder: change a weight, then open the Map page: map shown",
                    time.perf_counter() - changed)
        context.close()


def region(browser, url: str, runs: int, figures: Figures) -> None:
    """All of Greater Manchester: open it, click, switch its areas and measures."""
    for _ in range(runs):
        context, page = _session(browser, url)
        _map_drawn(page, OLDHAM_AREAS)
        start = _choose(page, "Borough", "Greater Manchester")
        _map_drawn(page, REGION_AREAS)
        figures.add("open all of Greater Manchester: map shown", time.perf_counter() - start)
        _clicks(page, figures, 3, first=False)
        legend = _legend(page)
        start = _choose(page, "Show", "Domain: Crime and safety")
        _wait(page, "l => tci.legend() !== l && tci.legend().includes('Crime') && tci.idle()",
              legend)
        figures.add("show another measure", time.perf_counter() - start)
        start = _choose(page, "Areas", WARDS)
        _map_drawn(page, REGION_WARDS)
        figures.add("switch the areas (LSOAs to wards)", time.perf_counter() - start)
        context.close()


def crowd(browser, url: str, sessions: int, figures: Figures) -> None:
    """Many new sessions at once: each one's time until its map is shown."""
    contexts = [browser.new_context(viewport=LAPTOP) for _ in range(sessions)]
    for context in contexts:
        context.add_init_script(WATCH)
    pages = [c.new_page() for c in contexts]
    start = time.perf_counter()
    for page in pages:
        page.goto(url, wait_until="commit")
    pending = set(range(sessions))
    while pending and time.perf_counter() - start < LIMIT * 2:
        for n in list(pending):
            try:
                if pages[n].evaluate("n => !!window.tci && tci.areas() === n", OLDHAM_AREAS):
                    figures.add(f"{sessions} new sessions at once: each one's map shown",
                                time.perf_counter() - start)
                    pending.discard(n)
            except Exception:  # noqa: BLE001 - still loading
                pass
        time.sleep(0.05)
    for _ in pending:
        figures.add(f"{sessions} new sessions at once: each one's map shown", float("inf"))
    for context in contexts:
        context.close()


#: The groups of steps, by the name --only gives them.
GROUPS = {"oldham": oldham, "visits": visits, "survey": survey, "analyst": analyst,
          "builder": builder,
          "region": region, "crowd": crowd}


def _server_memory(pid: int) -> str:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return f"{int(line.split()[1]) // 1024} MB"
    except OSError:
        pass
    return "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each step (default 3)")
    parser.add_argument("--sessions", type=int, default=10,
                        help="sessions opened at once for the crowd figure (default 10; 0 skips)")
    parser.add_argument("--only", nargs="+", choices=GROUPS, default=list(GROUPS),
                        help="the groups of steps to time (default: all)")
    options = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=CHROMIUM_ARGS + OFFLINE)
        with tempfile.TemporaryDirectory(prefix="tci-bench-") as state:
            figures = Figures()
            with running_app(Path(state), wait=False) as (url, server):
                start = time.perf_counter()
                while not _health(url) and time.perf_counter() - start < LIMIT:
                    time.sleep(0.05)
                up = time.perf_counter()
                figures.add("the server starts: it answers", up - start)
                returning, page = _session(browser, url)
                _map_drawn(page, OLDHAM_AREAS, LIMIT * 2)
                figures.add("first visit right after the server starts: map shown",
                            time.perf_counter() - up)
                page.close()  # the browser stays, with the app's files in its cache
                start = time.perf_counter()
                new, page = _session(browser, url)
                _map_drawn(page, OLDHAM_AREAS)
                figures.add("a new visitor (empty browser cache): map shown",
                            time.perf_counter() - start)
                new.close()
                for group in ("oldham", "visits", "analyst", "survey", "builder"):
                    if group in options.only:
                        GROUPS[group](returning, url, options.runs, figures)
                figures.print(f"{OLDHAM} ({OLDHAM_AREAS} LSOAs), laptop size "
                              f"{LAPTOP['width']}x{LAPTOP['height']}")
                if "region" in options.only:
                    wide = Figures()
                    region(returning, url, max(1, options.runs - 1), wide)
                    wide.print(f"All of {REGION} ({REGION_AREAS} LSOAs)")
                if "crowd" in options.only and options.sessions:
                    many = Figures()
                    before = _server_memory(server.pid)
                    crowd(browser, url, options.sessions, many)
                    many.print(f"{options.sessions} sessions at once (server memory {before} "
                               f"before, {_server_memory(server.pid)} after)")
        browser.close()


def _health(url: str) -> bool:
    import urllib.request

    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as answer:
            return answer.status == 200
    except OSError:
        return False


if __name__ == "__main__":
    threading.current_thread().name = "bench"
    main()
