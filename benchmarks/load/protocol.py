"""A reader that speaks Streamlit's own WebSocket protocol, without a browser.

The browser frontend opens `/_stcore/stream` (subprotocol "streamlit"), sends a `BackMsg` with
`rerun_script` (the page, the query string and its widgets' values) and receives `ForwardMsg`s:
`new_session`, one `delta` per element, `page_info_changed` when the script rewrites the query
string, and `script_finished` when the run is over. This client does the same with the protobuf
classes of the pinned Streamlit version, so a load test measures the server's real work per page
(script run, serialisation, sending) at a fraction of a browser's cost.

No Locust import here: the same client serves the unit tests and the Locust reader
(`benchmarks/load/locustfile.py`). It uses `websocket-client`, plain blocking sockets, which
gevent's monkey patching turns cooperative inside Locust.

What it does not do: draw anything, run JavaScript or components, send the browser's cached
message hashes (so every element arrives in full, as on a first visit), or fetch static files
and media (the browser gets those from the server's static routes, not from script runs).
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any

import websocket
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: TID251 - the wire format, nothing drawn
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: TID251

STREAM_PATH = "_stcore/stream"
SUBPROTOCOL = "streamlit"
DEFAULT_TIMEOUT_S = 30.0
# Element kinds whose text a reader sees; `Run.texts` keeps them in page order.
TEXT_KINDS = ("heading", "markdown", "alert", "caption")
_FINISHED_EARLY = ForwardMsg.FINISHED_EARLY_FOR_RERUN


class ProtocolError(Exception):
    """The server closed the stream, sent something unexpected, or took too long."""


class Disconnected(ProtocolError):
    """The server or the stream is gone (refused, reset, closed): a browser reconnects."""


class StepTimeout(ProtocolError):
    """The server is there but did not finish the run in time: a browser keeps waiting, so
    reconnecting would only add load; the reader gives up instead."""


class ScriptError(ProtocolError):
    """The page's script raised: the run ended with an exception element."""


@dataclass(frozen=True)
class Widget:
    """One widget on the page as the server described it."""

    id: str
    label: str
    kind: str  # the Element field: button, radio, selectbox, button_group, checkbox, …
    options: tuple[str, ...] = ()  # as displayed (format_func applied), for choice widgets
    form_id: str = ""  # non-empty: its value is sent only when the form's submit button is
    submits_form: bool = False


@dataclass(frozen=True)
class Link:
    """A link to another page of the app (st.page_link): what a reader can follow."""

    label: str
    page: str  # the page's URL path, as `Session.open` takes it ("" for the main page)
    query: str


@dataclass
class Run:
    """What one script run drew: its elements' texts and widgets, in page order."""

    page: str  # the page script's name as the server reported it ("" before the first run)
    query: str  # the query string after the run (the script may rewrite it)
    elapsed: float  # seconds from sending the rerun to `script_finished`
    texts: list[str] = field(default_factory=list)
    headings: list[tuple[str, str]] = field(default_factory=list)  # (tag, text): ("h1", title)
    widgets: list[Widget] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)  # st.page_link, in page order
    exceptions: list[str] = field(default_factory=list)
    page_title: str = ""  # the browser tab's title (st.set_page_config)
    messages: int = 0  # ForwardMsgs received for this run
    received_bytes: int = 0

    @property
    def title(self) -> str | None:
        """The page's h1 (st.title), the heading a reader sees first."""
        return next((text for tag, text in self.headings if tag == "h1"), None)

    def has_text(self, fragment: str) -> bool:
        return any(fragment in text for text in self.texts)

    def widget(self, target: str) -> Widget:
        """A widget by id, exact label, or the key in its id (`$$ID-<hash>-<key>`)."""
        for widget in self.widgets:
            if target in (widget.id, widget.label) or widget.id.endswith(f"-{target}"):
                return widget
        raise KeyError(f"no widget {target!r} on page {self.page!r}")


class Session:
    """One reader's browser tab: an HTTP cookie jar and one WebSocket stream.

    `open()` first GETs the page (as a browser would), so a load balancer's sticky cookie
    (HAProxy's SERVERID) is in the jar and sent with the WebSocket handshake: the stream then
    reaches the same replica as the page.
    """

    def __init__(self, base_url: str, *, timeout: float = DEFAULT_TIMEOUT_S) -> None:
        self.base_url = base_url.rstrip("/") + "/"
        self.timeout = timeout
        self.cookies = http.cookiejar.CookieJar()
        self._http = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self._ws: websocket.WebSocket | None = None
        self.session_id: str | None = None
        self.page_hash = ""
        self.page = ""
        self.path = ""  # the page's URL path, "" for the main page: where a reload lands
        self.query = ""
        self.last: Run | None = None
        self._values: dict[str, tuple[Widget, Any]] = {}  # widget id -> (widget, sent value)
        self._staged: dict[str, tuple[Widget, Any]] = {}  # form fields not yet submitted

    # --- connection --------------------------------------------------------------------------

    def connect(self) -> None:
        """GET the app's page (for cookies), then open the stream with those cookies."""
        if self._ws is not None:
            return
        try:
            with self._http.open(self.base_url, timeout=self.timeout) as response:
                response.read()
        except TimeoutError as exc:
            raise StepTimeout(f"GET {self.base_url} timed out") from exc
        except OSError as exc:  # URLError, HTTPError (a balancer's 503), refused, reset
            if isinstance(getattr(exc, "reason", None), TimeoutError):
                raise StepTimeout(f"GET {self.base_url} timed out") from exc
            raise Disconnected(f"could not GET {self.base_url}: {exc}") from exc
        parts = urllib.parse.urlsplit(self.base_url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        url = urllib.parse.urlunsplit((scheme, parts.netloc, parts.path + STREAM_PATH, "", ""))
        header = [f"Cookie: {c}"] if (c := self.cookie_header()) else []
        try:
            self._ws = websocket.create_connection(
                url, timeout=self.timeout, subprotocols=[SUBPROTOCOL], header=header
            )
        except (TimeoutError, websocket.WebSocketTimeoutException) as exc:
            raise StepTimeout(f"opening {url} timed out") from exc
        except (OSError, websocket.WebSocketException) as exc:
            raise Disconnected(f"could not open {url}: {exc}") from exc

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.cookies)

    def close(self) -> None:
        """Close the stream (the server ends the session); safe to call twice."""
        ws, self._ws = self._ws, None
        if ws is not None:
            with contextlib.suppress(OSError, websocket.WebSocketException):
                ws.close(timeout=2)

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- what a reader does ------------------------------------------------------------------

    def open(self, page: str = "", query: str = "") -> Run:
        """Go to a page (`""` is the main page, else its name: "article") with a query string,
        as following a link does; widget values of the previous page are forgotten."""
        self.connect()
        self._values.clear()
        self._staged.clear()
        self.query = query.lstrip("?")
        msg = BackMsg()
        msg.rerun_script.query_string = self.query
        msg.rerun_script.page_name = page
        return self._rerun(msg)

    def follow(self, label: str) -> Run:
        """Follow a page link of the last run by its label (Markdown bold stripped or not), as
        a click on it does."""
        if self.last is None:
            raise ProtocolError("open a page first")
        link = next((k for k in self.last.links if label in (k.label, k.label.strip("*"))), None)
        if link is None:
            raise KeyError(f"no link {label!r} on page {self.last.page!r}")
        return self.open(link.page, link.query)

    def idle(self, seconds: float) -> None:
        """Wait as a reader who reads: keep the stream open and answer the server's pings
        (Streamlit's server pings every 30 s and drops a stream that stays silent past its
        timeout; the library answers pings only while receiving). Messages that arrive
        unasked are read and dropped."""
        deadline = time.perf_counter() + seconds
        while (remaining := deadline - time.perf_counter()) > 0:
            if self._ws is None:
                time.sleep(remaining)
                return
            try:
                data = self._receive(remaining)
            except websocket.WebSocketTimeoutException:
                return
            except (OSError, websocket.WebSocketException):
                data = b""
            if data == b"":  # closed: the next step finds it so and reconnects
                self.close()
                return

    def _receive(self, timeout: float) -> bytes | None:
        """One frame: a message's bytes, None for a ping (answered) or pong, b"" when closed.

        Control frames come back to the caller, so a deadline holds even while the server
        keeps pinging (`recv()` would answer them and wait on for data, timer restarted)."""
        assert self._ws is not None
        self._ws.settimeout(timeout)
        opcode, frame = self._ws.recv_data_frame(True)  # answers a ping before returning it
        if opcode in (websocket.ABNF.OPCODE_PING, websocket.ABNF.OPCODE_PONG):
            return None
        if opcode == websocket.ABNF.OPCODE_CLOSE:
            return b""
        return bytes(frame.data) if frame is not None else b""

    def reconnect(self, within: float = 10.0, pause: float = 0.5) -> Run:
        """After the stream broke: connect again and reload the page at the same address, as
        the browser does when its server went away (its session, and anything kept only in
        it, is gone). The cookie jar is kept, so a load balancer sees the old sticky cookie
        and sends the reader to a live replica. Retries until `within` seconds have passed."""
        self.close()
        deadline = time.monotonic() + within
        while True:
            try:
                return self.open(self.path, self.query)
            except Disconnected:
                if time.monotonic() + pause > deadline:
                    raise
                time.sleep(pause)

    def set_widget(self, target: str, value: Any = True) -> Run | None:
        """Click a button (value ignored), choose an option (its displayed text), tick a box.

        A field inside a form is only staged, as in the browser (returns None); its form's
        submit button sends the staged values with the click. Otherwise the page reruns and the
        new run is returned.
        """
        if self.last is None:
            raise ProtocolError("open a page first")
        widget = self.last.widget(target)
        encoded = _encode(widget, value)
        if widget.form_id and not widget.submits_form:
            self._staged[widget.id] = (widget, encoded)
            return None
        msg = BackMsg()
        msg.rerun_script.query_string = self.query
        msg.rerun_script.page_script_hash = self.page_hash
        states = msg.rerun_script.widget_states
        if widget.submits_form:
            for wid, (staged, staged_value) in list(self._staged.items()):
                if staged.form_id == widget.form_id:
                    self._values[wid] = (staged, staged_value)
                    del self._staged[wid]
        elif widget.kind not in ("button",):
            self._values[widget.id] = (widget, encoded)
        for wid, (known, known_value) in self._values.items():
            if wid != widget.id:
                _put(states.widgets.add(), known, known_value)
        _put(states.widgets.add(), widget, encoded)
        return self._rerun(msg)

    # --- messages ----------------------------------------------------------------------------

    def _rerun(self, msg: BackMsg) -> Run:
        if self._ws is None:
            raise Disconnected("not connected")
        start = time.perf_counter()
        try:
            self._ws.send_binary(msg.SerializeToString())
        except (OSError, websocket.WebSocketException) as exc:
            self.close()
            raise Disconnected(f"send failed: {exc}") from exc
        run = self._read_run(start)
        self.last = run
        present = {w.id for w in run.widgets}
        self._values = {k: v for k, v in self._values.items() if k in present}
        self._staged = {k: v for k, v in self._staged.items() if k in present}
        if run.exceptions:
            raise ScriptError(f"page {run.page!r} raised: {run.exceptions[0]}")
        return run

    def _read_run(self, start: float) -> Run:
        """Collect ForwardMsgs until the run's `script_finished`; later writes to a path win."""
        assert self._ws is not None
        elements: dict[tuple[int, ...], tuple[str, Any]] = {}
        page_title = ""
        count = size = 0
        deadline = start + self.timeout
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                self.close()
                raise StepTimeout(f"no script_finished within {self.timeout:.0f} s")
            try:
                data = self._receive(remaining)
            except (TimeoutError, websocket.WebSocketTimeoutException) as exc:
                self.close()
                raise StepTimeout(f"no script_finished within {self.timeout:.0f} s") from exc
            except (OSError, websocket.WebSocketException) as exc:
                self.close()
                raise Disconnected(f"stream closed: {exc!r}") from exc
            if data is None:  # a ping, answered
                continue
            if not data:
                self.close()
                raise Disconnected("the server closed the stream")
            count += 1
            size += len(data)
            fwd = ForwardMsg()
            fwd.ParseFromString(data)
            kind = fwd.WhichOneof("type")
            if kind == "new_session":
                self.session_id = fwd.new_session.initialize.session_id or self.session_id
                elements.clear()
            elif kind == "navigation":  # the page that runs (st.navigation or pages/)
                nav = fwd.navigation
                self.page_hash = nav.page_script_hash
                current = [p for p in nav.app_pages if p.page_script_hash == self.page_hash]
                if current:
                    self.page, self.path = current[0].page_name, current[0].url_pathname
            elif kind == "delta":
                path = tuple(fwd.metadata.delta_path)
                if fwd.delta.WhichOneof("type") == "new_element":
                    element = fwd.delta.new_element
                    field_name = element.WhichOneof("type")
                    if field_name:
                        elements[path] = (field_name, getattr(element, field_name))
            elif kind == "page_info_changed":
                self.query = fwd.page_info_changed.query_string
            elif kind == "page_config_changed" and fwd.page_config_changed.title:
                page_title = fwd.page_config_changed.title
            elif kind == "page_not_found":
                self.close()
                raise ProtocolError(f"page not found: {fwd.page_not_found.page_name!r}")
            elif kind == "script_finished":
                if fwd.script_finished == _FINISHED_EARLY:
                    elements.clear()  # st.rerun() or a newer rerun: the next run follows
                    continue
                run = Run(self.page, self.query, time.perf_counter() - start)
                run.page_title, run.messages, run.received_bytes = page_title, count, size
                for _, (name, proto) in sorted(elements.items()):
                    _describe(run, name, proto)
                return run


def _describe(run: Run, name: str, proto: Any) -> None:
    """Add one element to the run's texts, headings, widgets or exceptions."""
    if name == "exception":
        run.exceptions.append(f"{proto.type}: {proto.message}")
        return
    if name == "page_link":
        run.texts.append(proto.label)
        if not proto.external:
            page = proto.page.strip("/")
            run.links.append(Link(proto.label, page, proto.query_string))
        return
    if name in TEXT_KINDS:
        run.texts.append(proto.body)
        if name == "heading":
            run.headings.append((proto.tag, proto.body))
        return
    wid = getattr(proto, "id", "")
    if not isinstance(wid, str) or not wid.startswith("$$ID"):
        return
    if name == "button_group":
        options = tuple(o.content for o in proto.options)
    else:
        options = tuple(getattr(proto, "options", ()) or ())
    run.widgets.append(
        Widget(
            id=wid,
            label=getattr(proto, "label", ""),
            kind=name,
            options=tuple(str(o) for o in options),
            form_id=getattr(proto, "form_id", ""),
            submits_form=bool(getattr(proto, "is_form_submitter", False)),
        )
    )


def _encode(widget: Widget, value: Any) -> Any:
    """The wire value for a widget, checked against its displayed options."""
    if widget.kind in ("button", "download_button"):
        return True
    if widget.kind == "checkbox":
        return bool(value)
    if widget.kind in ("radio", "selectbox"):
        if value not in widget.options:
            raise ValueError(f"{value!r} is not one of {widget.label!r}: {widget.options}")
        return str(value)
    if widget.kind in ("button_group", "multiselect"):
        values = [value] if isinstance(value, str) else list(value)
        unknown = [v for v in values if v not in widget.options]
        if unknown:
            raise ValueError(f"{unknown} not among {widget.label!r}: {widget.options}")
        return values
    if widget.kind == "text_input":
        return str(value)
    raise ValueError(f"setting a {widget.kind} is not supported")


def _put(state: Any, widget: Widget, value: Any) -> None:
    state.id = widget.id
    if widget.kind in ("button", "download_button"):
        state.trigger_value = True
    elif widget.kind == "checkbox":
        state.bool_value = value
    elif widget.kind in ("button_group", "multiselect"):
        state.string_array_value.data.extend(value)
    else:
        state.string_value = value
