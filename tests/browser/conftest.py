"""Real-browser fixtures: one `streamlit run` server and one Debian Chromium per test session.

Plain sync-Playwright fixtures (no pytest-playwright). Without /usr/bin/chromium, the playwright
package or axe-playwright-python, the browser tests skip with the reason, unless CI=true: there
they fail, because CI must run them (`.ci/run` installs chromium first).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from deploy.cluster import streamlit_command

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
if str(REPO) not in sys.path:  # so `import content` works however pytest was started
    sys.path.insert(0, str(REPO))

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
STARTUP_TIMEOUT_S = 60.0
LOG_TAIL_LINES = 60
# Generous per-action timeout: a cold first run loads the syllable dictionary (~0.5 s) and the
# first chart renders in ~2.5 s on a quiet machine; a busy CI box can be several times slower.
DEFAULT_TIMEOUT_MS = 20_000
CHART_TIMEOUT_MS = 30_000
SCREENSHOTS = REPO / "screenshots"

# The bare page for the accessibility baseline: a heading in the main area and a line in the
# sidebar, so Streamlit's own chrome (header, toolbar, sidebar and its collapse control) is there,
# and nothing of ours.
BASELINE_SCRIPT = (
    'import streamlit as st; st.title("Baseline"); st.sidebar.write("Sidebar"); st.write("Text")\n'
)


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def missing_requirement(*, axe: bool = False) -> str | None:
    """Why the browser suite cannot run here, or None."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} not found (Debian: apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -r requirements-dev.txt)"
    if axe:
        try:
            import axe_playwright_python.sync_playwright  # noqa: F401
        except ImportError:
            return "axe-playwright-python is not installed (pip install -r requirements-dev.txt)"
    return None


def _needs_axe(item: pytest.Item) -> bool:
    return Path(str(item.fspath)).name == "test_accessibility.py"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        path = Path(str(item.fspath)).resolve()
        if HERE not in path.parents:
            continue
        item.add_marker(pytest.mark.browser)
        reason = missing_requirement(axe=_needs_axe(item))
        if reason and not in_ci():
            item.add_marker(pytest.mark.skip(reason=f"browser tests skipped: {reason}"))
        # Under CI=true nothing is skipped: the `browser` fixture fails with the reason instead.


# --- Streamlit server ----------------------------------------------------------------------------

SERVER_LOGS: dict[str, Path] = {}  # name -> log of a running server
_FAILURES: list[str] = []  # node ids of failed browser tests; their server logs are kept


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """A failed browser test's report ends with the tail of each running server's log."""
    report = yield
    if report.failed and HERE in Path(str(item.fspath)).resolve().parents:
        _FAILURES.append(item.nodeid)
        for name, path in SERVER_LOGS.items():
            report.sections.append((f"streamlit {name} server log, tail ({path})", log_tail(path)))
    return report


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log_tail(path: Path, lines: int = LOG_TAIL_LINES) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError as exc:
        return f"(cannot read {path}: {exc})"
    return "\n".join(text.splitlines()[-lines:]) or "(empty log)"


def _wait_healthy(base_url: str, proc: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    last_error = "no answer yet"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(
                f"streamlit exited with code {proc.returncode} before becoming healthy.\n"
                f"--- tail of {log_path} ---\n{log_tail(log_path)}",
                pytrace=False,
            )
        try:
            with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
                body = response.read().decode(errors="replace").strip()
            if response.status == 200 and body == "ok":
                return
            last_error = f"HTTP {response.status}: {body[:80]!r}"
        except (urllib.error.URLError, OSError) as exc:
            last_error = str(exc)
        time.sleep(0.1)  # polling a socket that is not listening yet: no event to wait on
    pytest.fail(
        f"streamlit did not answer 'ok' on {base_url}/_stcore/health within "
        f"{STARTUP_TIMEOUT_S:.0f} s (last: {last_error}).\n"
        f"--- tail of {log_path} ---\n{log_tail(log_path)}",
        pytrace=False,
    )


def _stop(proc: subprocess.Popen) -> None:
    """Terminate the server's process group (we started it in its own session)."""
    if proc.poll() is not None:
        return
    for sig, grace in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


@contextlib.contextmanager
def streamlit_server(
    script: Path, cwd: Path, name: str, env: dict[str, str] | None = None
) -> Iterator[str]:
    """Run `streamlit run script` from `cwd` on a free loopback port; yield its base URL.

    `env` adds environment variables (e.g. CONTENT_DIR) to the server's."""
    port = free_port()
    fd, log_name = tempfile.mkstemp(prefix=f"streamlit-{name}-", suffix=".log")
    log_path = Path(log_name)
    # No file watcher: an edit during the run would otherwise put a "Source file changed"
    # prompt in the status widget, which the tests wait to disappear.
    command = streamlit_command(script, port)
    with os.fdopen(fd, "wb") as log:
        proc = subprocess.Popen(
            command,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env={**os.environ, **(env or {})},
        )
    base_url = f"http://127.0.0.1:{port}"
    SERVER_LOGS[name] = log_path
    try:
        _wait_healthy(base_url, proc, log_path)
        yield base_url
    finally:
        _stop(proc)
        SERVER_LOGS.pop(name, None)
        if not _FAILURES:  # keep the log when something failed: its tail is in the report
            log_path.unlink(missing_ok=True)


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """Base URL of `streamlit run app.py`, started from the repo root."""
    app = REPO / "app.py"
    if not app.exists():
        pytest.fail(f"{app} does not exist", pytrace=False)
    with streamlit_server(app, REPO, "app") as url:
        yield url


@pytest.fixture(scope="session")
def baseline_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a bare Streamlit page, served with the repo's .streamlit/config.toml."""
    root = tmp_path_factory.mktemp("bare-streamlit")
    script = root / "bare.py"
    script.write_text(BASELINE_SCRIPT)
    config = REPO / ".streamlit" / "config.toml"
    if config.exists():
        (root / ".streamlit").mkdir()
        shutil.copy(config, root / ".streamlit" / "config.toml")
    with streamlit_server(script, root, "baseline") as url:
        yield url


# --- Browser -------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if reason := missing_requirement():
        if in_ci():
            pytest.fail(f"CI=true, so the browser tests must run, but {reason}", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, request: pytest.FixtureRequest):
    if _needs_axe(request.node) and (reason := missing_requirement(axe=True)):
        if in_ci():
            pytest.fail(f"CI=true, so the browser tests must run, but {reason}", pytrace=False)
        pytest.skip(reason)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog) -> None:  # a script injected through the URL would open one
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.dialogs = dialogs  # type: ignore[attr-defined]
    try:
        yield page
    finally:
        context.close()


# --- Helpers for the test modules, handed out as fixtures ---------------------------------------


def wait_settled(page, *selectors: str, timeout_ms: int = CHART_TIMEOUT_MS) -> None:
    """Wait until the script run has finished and the given elements are visible."""
    for selector in selectors:
        page.wait_for_selector(selector, state="visible", timeout=timeout_ms)
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]',
        state="attached",
        timeout=timeout_ms,
    )
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=timeout_ms)
    page.evaluate("document.fonts.ready.then(() => true)")


def editorial_cli(env: dict[str, str], *args: str, stdin: str = "") -> str:
    """`python -m editorial ARGS` with `env` added, as an operator would run it; its stdout."""
    done = subprocess.run(
        [sys.executable, "-m", "editorial", *args],
        cwd=REPO,
        env={**os.environ, **env},
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def shot_into(page, name: str, notes: Path) -> Path:
    """A full-content screenshot under the test's screenshot folder, copied into `notes` when
    that folder exists (a developer's notes; absent in CI)."""
    grow_to_content(page)
    path = screenshot_path(name)
    page.screenshot(path=str(path), full_page=True)
    if notes.is_dir():
        shutil.copy(path, notes / path.name)
    return path


@pytest.fixture(scope="session")
def settle():
    """`settle(page, *selectors)`: wait for the run to finish and the selectors to show."""
    return wait_settled


# Streamlit scrolls inside <main data-testid="stMain">, not the document: a "full page" screenshot
# is one viewport tall, and axe-core skips elements scrolled out of that container (it found
# below-the-fold contrast problems only with the viewport grown to the content's height).
CONTENT_HEIGHT_JS = """() => Math.max(
    document.documentElement.scrollHeight,
    ...['[data-testid="stMain"]', '[data-testid="stSidebarContent"]'].map(
        (s) => document.querySelector(s)?.scrollHeight ?? 0))"""
MAX_HEIGHT = 20_000


def grow_to_content(page) -> int:
    """Make the viewport as tall as the page's content, so nothing is scrolled out of view."""
    width = page.viewport_size["width"]
    height = 0
    for _ in range(4):  # growing can reflow (e.g. a chart re-measures): repeat until stable
        wanted = min(int(page.evaluate(CONTENT_HEIGHT_JS)), MAX_HEIGHT)
        if wanted <= height:
            break
        height = wanted
        page.set_viewport_size({"width": width, "height": height})
        page.evaluate("new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
    return height


@pytest.fixture(scope="session")
def full_height():
    """`full_height(page)`: grow the viewport to the content's height (see grow_to_content)."""
    return grow_to_content


def screenshot_path(name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS / f"{re.sub(r'[^a-z0-9-]+', '-', name.lower())}.png"


@pytest.fixture(scope="session")
def screenshot():
    """`screenshot(page, name)`: a full-page PNG in screenshots/ (gitignored)."""

    def take(page, name: str) -> Path:
        grow_to_content(page)
        path = screenshot_path(name)
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
