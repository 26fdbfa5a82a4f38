"""Searching a built site's index the way the search page does, without a browser.

The bundle is served over HTTP from the output folder (Pagefind fetches its files), and Node runs
`pagefind/pagefind.js` (Briefing's merging script, over every shard) or, for comparison, Pagefind's
own script on one shard as a single index. Node comes with Playwright (`playwright/driver/node`, a
test dependency), else from PATH; without either the callers skip.
"""

from __future__ import annotations

import http.server
import json
import os
import shutil
import subprocess
import tempfile
import threading
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from tests.conftest import LoopbackServer

SCRIPT = r"""
const [bundleUrl, mode, shardPath, queriesFile] = process.argv.slice(2);
globalThis.BRIEFING_SEARCH_DEBUG = process.env.BRIEFING_SEARCH_DEBUG;
const fs = await import("fs");
const dir = fs.mkdtempSync(process.env.TMPDIR_FOR_NODE + "/pf-");
for (const name of ["pagefind.js", "pagefind-core.js"]) {
  let src = await (await fetch(bundleUrl + name)).text();
  // The scripts find their bundle from their own address: here they run from a copy on disk.
  src = src.replace('new URL(".", import.meta.url)', `new URL(${JSON.stringify(bundleUrl)})`);
  fs.writeFileSync(`${dir}/${name}`, src);
}
const queries = JSON.parse(fs.readFileSync(queriesFile, "utf8"));
let search, filters;
if (mode === "merged") {
  const pf = await import(`${dir}/pagefind.js`);
  await pf.options({ baseUrl: "/" });
  search = (t, o) => pf.search(t, o);
  filters = () => pf.filters();
} else {  // Pagefind's own code on one index, as its pagefind.js runs it
  const core = await import(`${dir}/pagefind-core.js`);
  const loader = new core.PagefindInstance({ basePath: bundleUrl, primary: true });
  const inst = new core.PagefindInstance({ basePath: bundleUrl + shardPath, baseUrl: "/", primary: false });
  await inst.loadEntry();
  await loader.loadWasm(inst.findIndex("unknown").wasm || "unknown");
  await inst.init("unknown", { load_wasm: false });
  search = (t, o) => inst.search(t, o);
  filters = () => inst.filters();
}
const out = { filters: await filters(), queries: [] };
for (const q of queries) {
  const r = await search(q.term, { filters: q.filters || {} });
  const rows = [];
  for (const x of r.results) rows.push({ url: (await x.data()).url, score: x.score, id: x.id });
  out.queries.push({ rows, filters: r.filters, total: r.unfilteredResultCount });
}
console.log(JSON.stringify(out));
fs.rmSync(dir, { recursive: true });
"""


def node() -> str | None:
    try:
        from playwright._impl._driver import compute_driver_executable

        candidate = compute_driver_executable()[0]
        if os.access(candidate, os.X_OK):
            return str(candidate)
    except Exception:  # noqa: BLE001 - Playwright missing or changed: try PATH
        pass
    return shutil.which("node")


@contextmanager
def served(folder: Path):
    """An HTTP server on 127.0.0.1 for `folder`; yields its base URL."""
    handler = partial(_Quiet, directory=str(folder))
    server = LoopbackServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def run(output_dir: Path, queries: list[dict], single_shard: str | None = None) -> dict:
    """Run the queries ({"term": ..., "filters": {...}}) against the site's index: through the
    merging script, or (single_shard: a shard's path in the bundle) through Pagefind's own code on
    that shard alone. Returns {"filters": ..., "queries": [{"rows": [{url, score, id}], "filters", "total"}]}."""
    binary = node()
    assert binary is not None
    with tempfile.TemporaryDirectory() as tmp, served(output_dir) as base:
        qfile = Path(tmp) / "queries.json"
        qfile.write_text(json.dumps(queries), encoding="utf-8")
        script = Path(tmp) / "search.mjs"
        script.write_text(SCRIPT, encoding="utf-8")
        mode = "single" if single_shard else "merged"
        done = subprocess.run(
            [binary, str(script), base + "pagefind/", mode, single_shard or "", str(qfile)],
            capture_output=True,
            text=True,
            timeout=300,
            env=dict(os.environ, TMPDIR_FOR_NODE=tmp),
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.strip().splitlines()[-1])
