"""`python build.py serve`: build, serve public/ on 127.0.0.1, rebuild on change, reload the page.

The reload script is added to HTML responses by this server only; it never reaches public/.
It polls a small status URL; after a failed build the page shows the error instead of reloading.
"""

from __future__ import annotations

import datetime as dt
import gc
import http.server
import ipaddress
import json
import os
import posixpath
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from functools import partial
from pathlib import Path
from urllib.parse import unquote, urlsplit

import watchfiles

from .config import Config, load_config
from .errors import BriefingError, Reporter, environment_error, failed_file
from .stopsignals import stop_signals

STATUS_PATH = "/__briefing__/status"

RELOAD_SCRIPT = """<script>
(function () {
  var seen = null;
  function show(error) {
    var box = document.getElementById("briefing-build-error");
    if (!error) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("pre");
      box.id = "briefing-build-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;margin:0;padding:1rem;" +
        "background:#8b0000;color:#fff;font:14px/1.4 ui-monospace,monospace;z-index:99999;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "Build failed:\\n" + error;
  }
  function poll() {
    fetch("STATUS_PATH", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (seen !== null && s.build !== seen && !s.error) { location.reload(); return; }
      seen = s.build; show(s.error);
    }).catch(function () {}).finally(function () { setTimeout(poll, 700); });
  }
  poll();
})();
</script>
""".replace("STATUS_PATH", STATUS_PATH)  # (the script's braces would all need doubling for format())


class BuildState:
    """The number of the last successful build and the error of the last failed one (shared by threads)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.build = 0
        self.error: str | None = None

    def succeeded(self) -> None:
        with self.lock:
            self.build += 1
            self.error = None

    def failed(self, message: str) -> None:
        with self.lock:
            self.error = message

    def as_json(self) -> bytes:
        with self.lock:
            return json.dumps({"build": self.build, "error": self.error}).encode("utf-8")


MAX_HANDLERS = 32
"""Connections served at once; more wait in the listen backlog (a browser opens about six)."""
BACKLOG = 128


class Server(http.server.ThreadingHTTPServer):
    """A thread per connection, at most MAX_HANDLERS at a time: a flood of connections waits in
    the backlog instead of starting a thread each. Idle connections time out (Handler.timeout)."""

    request_queue_size = BACKLOG
    daemon_threads = True

    def __init__(self, *args, **kwargs):
        self.slots = threading.BoundedSemaphore(MAX_HANDLERS)
        super().__init__(*args, **kwargs)

    def process_request(self, request, client_address) -> None:
        self.slots.acquire()  # (the accept loop waits here while every handler is busy)
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves only the output folder; refuses paths that leave it; injects the reload script."""

    state: BuildState
    timeout = 10
    """Seconds a connection may stay silent before it is closed (a handler is not held forever)."""

    def __init__(self, *args, directory: str, state: BuildState, **kwargs):
        self.state = state
        super().__init__(*args, directory=directory, **kwargs)

    def end_headers(self) -> None:
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # quiet: the terminal is for build messages
        pass

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        if not self._host_allowed():
            self.send_error(400, "Unknown host")
            return
        path = urlsplit(self.path).path
        if path == STATUS_PATH:
            body = self.state.as_json()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if not self._inside_root(path):
            self.send_error(403, "Forbidden")
            return
        target = Path(self.translate_path(self.path))
        if target.is_dir():
            if not path.endswith("/"):
                super().do_GET()  # redirects to the folder with a slash
                return
            target = target / "index.html"
        if target.suffix == ".html" and target.is_file():
            self._send_html(target)
            return
        if not target.exists():
            self._send_not_found()
            return
        super().do_GET()

    def do_HEAD(self) -> None:  # noqa: N802
        if not self._host_allowed() or not self._inside_root(urlsplit(self.path).path):
            self.send_error(403, "Forbidden")
            return
        super().do_HEAD()

    def _host_allowed(self) -> bool:
        """On loopback, only requests addressed to loopback: a web page elsewhere cannot read the
        preview through DNS rebinding (a name of its own pointed at 127.0.0.1)."""
        if not _is_loopback(self.server.server_address[0]):
            return True
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]")
        return host == "" or _is_loopback(host)

    def _inside_root(self, path: str) -> bool:
        """Refuse '..' in any spelling (decoded, doubled, backslashed) before anything else."""
        decoded = unquote(unquote(path)).replace("\\", "/")
        if "\x00" in decoded:
            return False
        parts = [p for p in decoded.split("/") if p]
        if ".." in parts:
            return False
        normal = posixpath.normpath("/" + "/".join(parts))
        root = os.path.realpath(self.directory)
        real = os.path.realpath(os.path.join(root, normal.lstrip("/")))
        return real == root or real.startswith(root + os.sep)

    def _send_html(self, target: Path, status: int = 200) -> None:
        data = target.read_bytes()
        marker = b"</body>"
        pos = data.rfind(marker)
        script = RELOAD_SCRIPT.encode("utf-8")
        data = data[:pos] + script + data[pos:] if pos >= 0 else data + script
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _send_not_found(self) -> None:
        page = Path(self.directory) / "404.html"
        if page.is_file():
            self._send_html(page, 404)
        else:
            self.send_error(404, "Not found")


def watched_paths(config: Config) -> list[Path]:
    """The inputs of the build whose changes wake the server up: seeds, content, data, the themes,
    the hooks and the config file (those that exist: a hooks.py created while serving is watched
    from the next restart, though its stamp counts from the next wake-up)."""
    from .theme import theme_chain

    paths = [config.path(name) for name in ("seeds", "content", "data")] + list(theme_chain(config))
    paths += [p for p in (config.source, config.path("hooks")) if p is not None]
    return [p for p in paths if p.exists()]


def watched_files(config: Config) -> dict[str, int]:
    """mtime of every file of watched_paths."""
    stamps: dict[str, int] = {}
    for path in watched_paths(config):
        found = [str(path)] if path.is_file() else (os.path.join(d, f) for d, _dirs, files in os.walk(path) for f in files)
        for p in found:
            try:
                stamps[p] = os.stat(p).st_mtime_ns
            except OSError:
                pass
    return stamps


class BackgroundIndexer:
    """Updates the search index in a thread after a rebuild, so the page reloads at once (Pagefind
    reads every article again: seconds for thousands of them). Requests made while it runs are
    merged into one more run."""

    def __init__(self, reporter: Reporter):
        self.reporter = reporter
        self.wanted = threading.Event()
        self.config: Config | None = None
        self.thread: threading.Thread | None = None

    def request(self, config: Config) -> None:
        self.config = config
        self.wanted.set()
        if self.thread is None:
            self.thread = threading.Thread(target=self._run, name="search-index", daemon=True)
            self.thread.start()

    def _run(self) -> None:
        from .sitebuild import search_index

        while True:
            self.wanted.wait()
            self.wanted.clear()
            try:
                report = search_index(self.config, self.reporter)
            except Exception as exc:  # noqa: BLE001 - keep the thread (and search) alive for the next edit
                self.reporter.warn("serve", f"search index not updated: {type(exc).__name__}: {exc}")
                continue
            if report is not None:
                self.reporter.info(f"search index updated in {report.seconds:.2f} s")


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for one build (it would only rescan the build's many
    acyclic objects, see cli.main) and on again between builds: serve runs for hours."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def serve(config: Config, reporter: Reporter, host: str = "127.0.0.1", port: int = 8000, today: Callable[[], dt.date] = dt.date.today, future: bool = False) -> int:
    """Build, serve, and rebuild on change until Ctrl-C or SIGTERM (exit 0; during the first build,
    the build is interrupted as a build is)."""
    with stop_signals() as stop:
        return _serve(config, reporter, host, port, today, future, stop)


def _serve(config: Config, reporter: Reporter, host: str, port: int, today: Callable[[], dt.date], future: bool, stop: threading.Event) -> int:
    from .pipeline import build

    state = BuildState()
    indexer = BackgroundIndexer(reporter)

    def rebuild() -> Config:
        nonlocal config
        started = time.perf_counter()
        try:
            if config.source is not None:
                config = load_config(config.source)
            with collector_paused():
                report = build(config, reporter, today=today(), index_search=False, future=future)
            state.succeeded()
            reporter.info(f"{report.summary()} ({time.perf_counter() - started:.2f} s)")
            if report.search_pending:
                indexer.request(config)
        except BriefingError as exc:
            message = "\n".join(str(p) for p in exc.problems)
            state.failed(message)
            reporter.info(f"build failed:\n{message}")
        except Exception as exc:  # noqa: BLE001 - a bug or the machine: say so, and keep serving
            message = _failure_text(exc)
            state.failed(message)
            reporter.info(f"build failed:\n{message}")
        return config

    if not _is_loopback(host):
        reporter.warn("serve", f"listening on {host}: other machines on the network can read the site; use 127.0.0.1 to keep it local")
    rebuild()
    if stop.is_set():
        raise KeyboardInterrupt  # Ctrl-C during the first build, whatever the build did with it
    stamps = watched_files(config)  # (before "serving" is said: an edit made after that is seen)
    output = config.path("output")
    output.mkdir(parents=True, exist_ok=True)
    handler = partial(Handler, directory=str(output), state=state)
    try:
        server = Server((host, port), handler)
    except OSError as exc:
        raise BriefingError(f"cannot listen on {host}:{port}: {exc.strerror or exc}; try --port with another number") from None
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    shown = f"[{host}]" if ":" in host else host
    reporter.info(f"serving {output} at http://{shown}:{server.server_address[1]}/ (Ctrl-C to stop)")
    started = False
    try:
        with suppress(KeyboardInterrupt):  # Ctrl-C or SIGTERM; or the stop event they set ends the loop
            # The file system tells us of changes (inotify and its equals, through watchfiles): no
            # polling while nothing happens. A wake-up rebuilds only if an input's stamp differs from
            # the one taken before the last build. The first quiet second after the watch began also
            # compares them: a change made before the watch was in place has no event.
            watch = watchfiles.watch(*watched_paths(config), debounce=300, step=100, rust_timeout=1000, yield_on_timeout=True, raise_interrupt=True, stop_event=stop)
            for changes in watch:
                if not changes and started:
                    continue
                started = True
                current = watched_files(config)
                if current != stamps:
                    stamps = current  # (before the build: an edit made while it runs is seen next time)
                    config = rebuild()
        reporter.info("stopping the server")
    finally:
        try:
            server.shutdown()
        finally:
            server.server_close()
    return 0


def _failure_text(exc: Exception) -> str:
    """What the terminal and the page say of a build that failed unexpectedly (as the CLI would)."""
    from .cli import internal_error_text

    where = failed_file(exc) or "the site"
    if isinstance(exc, OSError):
        environment = environment_error(exc, exc.filename or where)
        if environment is not None:
            return str(environment)
    return internal_error_text(exc, where)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
