"""`check --external`: outside links are requested once each, in parallel, with a timeout; broken
ones are warnings naming page, line, URL and status. Without --external nothing touches the network.
A local http.server on 127.0.0.1 stands in for the internet (the test machines have none)."""

from __future__ import annotations

import http.server
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from briefing.errors import Reporter
from briefing.external import check_external, external_links
from tests.conftest import LoopbackServer, write_files


class Handler(http.server.BaseHTTPRequestHandler):
    hits: list[tuple[str, str]] = []

    def _answer(self, body: bool) -> None:
        Handler.hits.append((self.command, self.path))
        if self.path.startswith("/slow"):
            time.sleep(3)
        elif self.path.startswith("/pause"):
            time.sleep(1)
        if self.path.startswith("/nohead") and self.command == "HEAD":
            self.send_response(405)
            self.end_headers()
            return
        code = 404 if self.path.startswith("/missing") else 200
        self.send_response(code)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self):
        self._answer(False)

    def do_GET(self):
        self._answer(True)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    Handler.hits = []
    httpd = LoopbackServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


def site(root: Path, url: str) -> Path:
    out = root / "public"
    write_files(
        out,
        {
            "index.html": f'<p><a href="{url}/ok">a</a>\n<a href="{url}/missing">b</a></p>\n<a href="https://example.org/digest/x/">self</a>\n<img src="x.png">',
            "articles/a/index.html": f'<p>\n<a href="{url}/missing#part">again</a> <a href="{url}/slow">slow</a> <a href="{url}/nohead">n</a> <a href="mailto:a@b">m</a></p>',
        },
    )
    return out


def test_broken_links_are_warnings_naming_page_line_url_and_status(tmp_path, server):
    out = site(tmp_path, server)
    started = time.perf_counter()
    problems = check_external(out, tmp_path, "https://example.org/digest/", timeout=1.0)
    elapsed = time.perf_counter() - started
    text = [str(p) for p in problems]
    assert text == [
        f"public/articles/a/index.html:2: warning: external link {server}/missing is broken: HTTP 404 Not Found",
        f"public/articles/a/index.html:2: warning: external link {server}/slow is broken: timed out after 1 s",
        f"public/index.html:2: warning: external link {server}/missing is broken: HTTP 404 Not Found",
    ]
    assert all(p.severity == "warning" for p in problems)
    # Each URL requested once (HEAD; GET only where HEAD was refused or failed), the site's own
    # address (base_url) and mailto: never.
    heads = [path for method, path in Handler.hits if method == "HEAD"]
    assert sorted(heads) == ["/missing", "/nohead", "/ok", "/slow"]
    gets = sorted(path for method, path in Handler.hits if method == "GET")
    assert gets == ["/missing", "/nohead"]  # 405 to HEAD -> GET 200: not broken
    assert elapsed < 2.9  # the slow one stopped at its timeout, not the server's 3 s


def test_urls_are_requested_in_parallel(tmp_path, server):
    out = tmp_path / "public"
    write_files(out, {"index.html": "".join(f'<a href="{server}/pause/{i}">x</a>' for i in range(6))})
    started = time.perf_counter()
    problems = check_external(out, tmp_path, timeout=5.0, workers=8)
    assert problems == []
    assert time.perf_counter() - started < 3.0  # six 1-second answers, not one after the other (6 s)


def test_links_are_gathered_once_per_url_and_page(tmp_path):
    out = site(tmp_path, "http://127.0.0.1:9")
    links = external_links(out, tmp_path, "https://example.org/digest/")
    assert sorted(links) == ["http://127.0.0.1:9/missing", "http://127.0.0.1:9/nohead", "http://127.0.0.1:9/ok", "http://127.0.0.1:9/slow"]
    assert links["http://127.0.0.1:9/missing"] == [("public/articles/a/index.html", 2), ("public/index.html", 2)]


def test_a_refused_connection_is_reported(tmp_path):
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    out = tmp_path / "public"
    write_files(out, {"index.html": f'<a href="http://127.0.0.1:{port}/">x</a>'})
    (problem,) = check_external(out, tmp_path, timeout=2.0)
    assert "cannot connect" in problem.message and f"127.0.0.1:{port}" in problem.message


def test_check_makes_no_request_without_external_and_does_with_it(tmp_site, make_page, monkeypatch, server):
    from briefing.check import check
    from briefing.pipeline import build
    from tests.conftest import TODAY

    config = tmp_site({"content/articles/a.md": make_page(body=f"See [the report]({server}/missing).")})
    build(config, Reporter(), ingest_seeds=False, today=TODAY, index_search=False)
    calls = []
    real = urllib.request.urlopen
    monkeypatch.setattr(urllib.request, "urlopen", lambda *a, **k: calls.append(a) or real(*a, **k))
    problems = check(config, Reporter())
    assert calls == [] and Handler.hits == []
    assert not any("external link" in p.message for p in problems)
    problems = check(config, Reporter(), external=True)
    broken = [p for p in problems if f"external link {server}" in p.message]  # (the footer's links fail here: no internet)
    assert [(p.path, p.severity) for p in broken] == [("public/articles/a/index.html", "warning"), ("public/weeks/2024-w23/index.html", "warning")]
    assert f"{server}/missing is broken: HTTP 404" in broken[0].message
    assert calls


def test_the_check_command_requests_external_links_only_with_external(tmp_site, make_page, monkeypatch):
    # The command line's wiring: `check` reaches check() with external off, `check --external` with
    # it on (what check() then requests is tested above).
    import briefing.check
    from briefing.cli import main

    config = tmp_site({"content/articles/a.md": make_page()})
    asked = []
    monkeypatch.setattr(briefing.check, "check", lambda config, reporter, external=False: asked.append(external) or [])
    assert main(["check", "--config", str(config.root / "config.yaml")]) == 0
    assert main(["check", "--external", "--config", str(config.root / "config.yaml")]) == 0
    assert asked == [False, True]
