"""Take screenshots of a running app in headless Chromium (Debian's /usr/bin/chromium).

Usage: python scripts/screenshot.py URL OUT.png [--click-map] [--width 1600 --height 1000]
Used to make the README's screenshot and to look at the app as a user would.
"""

from __future__ import annotations

import argparse

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("out")
    parser.add_argument("--width", type=int, default=1600)
    parser.add_argument("--height", type=int, default=1000)
    parser.add_argument("--wait", type=float, default=8.0, help="seconds to let the app settle")
    parser.add_argument("--click-map", action="store_true",
                        help="click the middle of the map's first polygon first")
    args = parser.parse_args()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": args.height})
        messages = []
        page.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
        page.goto(args.url, wait_until="networkidle")
        page.wait_for_timeout(args.wait * 1000)
        if args.click_map:
            frame = page.frame_locator("iframe[title$='live_map']")
            frame.locator("path.leaflet-interactive").nth(40).click(force=True)
            page.mouse.move(5, 5)  # away from the map, so no tooltip hides it
            page.wait_for_timeout(args.wait * 1000)
        page.screenshot(path=args.out, full_page=True)
        for message in messages:
            print(message)
        browser.close()


if __name__ == "__main__":
    main()
