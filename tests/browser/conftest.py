"""Browser journeys: Playwright (Python) driving Debian's Chromium, with axe-core injected.

Playwright's own browser download cannot work here, so we use the system Chromium
(`apt-get install chromium`). Without it the browser tests are skipped with a notice.
"""

import os
import shutil
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
AXE = HERE / "vendor" / "axe-4.14.1.min.js"
SCREENSHOTS = HERE / "screenshots"
CHROMIUM = (
    os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
)
SKIP_NOTICE = (
    "Chromium introuvable : tests navigateur ignorés. Pour les lancer, installez le paquet "
    "Debian « chromium » (sudo apt-get install chromium) ou indiquez son chemin dans CHROMIUM."
)
# Playwright's sync API runs an event loop in this thread; the test's own database set-up
# is still synchronous code, which Django would otherwise refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(item.fspath).parents or Path(item.fspath).parent == HERE:
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM:
                item.add_marker(pytest.mark.skip(reason=SKIP_NOTICE))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="fr-FR", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    violations = watch_content_security_policy(page)
    in_flight = watch_requests(page)
    yield page
    settle(page, in_flight)
    context.close()
    assert violations == [], "the Content-Security-Policy blocked something"


def watch_requests(page) -> set:
    """The page's requests still waiting for their answer."""
    in_flight: set = set()
    page.on("request", lambda request: in_flight.add(request))
    page.on("requestfinished", lambda request: in_flight.discard(request))
    page.on("requestfailed", lambda request: in_flight.discard(request))
    return in_flight


def settle(page, in_flight: set) -> None:
    """Leave the page and let the requests it sends on leaving (a focused question reports
    the focus loss) reach the live server before the test's database is flushed: a request
    still writing would lock the SQLite test database under the flush."""
    page.goto("about:blank")
    for _ in range(50):
        if not in_flight:
            return
        page.wait_for_timeout(100)


def watch_content_security_policy(page) -> list[str]:
    """Collect what the page's Content-Security-Policy blocks: our pages must need nothing
    inline (no script, style or eval), so every journey doubles as a CSP test."""
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    return violations


def check_accessibility(page, name: str) -> list[dict]:
    """Run axe-core on the current page, save a screenshot, return serious/critical issues."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    # Evaluated through the DevTools protocol: the page's CSP forbids inline scripts.
    page.evaluate(AXE.read_text("utf-8"))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]],
        }
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
