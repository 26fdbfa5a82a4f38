// The search page: loads Pagefind's bundle (made by the build, see briefing/search.py) from
// pagefind/ beside the site, and runs the query from the address (?q=...), as the header's
// search box sends it. Everything is relative to the page, so the site works from any sub-path.
(function () {
  "use strict";
  var box = document.getElementById("search");
  var status = document.getElementById("search-status");
  if (!box) return;
  if (window.location.protocol === "file:") {
    status.textContent = "Search needs the site to be served over HTTP: browsers do not let a page " +
      "opened from disk load the search index. Run `python build.py serve`, or any static server " +
      "in the site's folder (for example `python -m http.server`). The timeline and the weekly " +
      "issues list every briefing.";
    return;
  }
  // Files, not folders, in the page (links to folders end in index.html when pretty_urls is off).
  var uiScript = new URL(box.getAttribute("data-ui"), window.location.href);
  var bundle = new URL(".", uiScript);
  var root = new URL(".", new URL(box.getAttribute("data-home"), window.location.href));
  var query = new URLSearchParams(window.location.search).get("q") || "";

  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = bundle.href + "pagefind-ui.css";
  document.head.appendChild(css);

  var script = document.createElement("script");
  script.src = uiScript.href;
  script.onload = function () {
    // Load the filters before the first search: Pagefind's interface otherwise shows only the
    // filters that happened to be loaded when that search finished.
    import(bundle.href + "pagefind.js")
      .then(function (pagefind) { return pagefind.options({ baseUrl: root.pathname }).then(function () { return pagefind.filters(); }); })
      .then(start, start);
  };

  function start() {
    var ui = new window.PagefindUI({
      element: "#search",
      bundlePath: bundle.pathname,
      baseUrl: root.pathname,
      showImages: false,
      showSubResults: true,
      resetStyles: false,
      autofocus: !query,
      translations: { placeholder: "Search the briefings" }
    });
    labelInput();
    if (query) ui.triggerSearch(query);
  }
  script.onerror = function () {
    status.textContent = "The search index is not there: this site was built without Pagefind. " +
      "The timeline and the weekly issues list every briefing.";
  };
  document.head.appendChild(script);

  // Pagefind's input has only a placeholder; give it a name for screen readers.
  function labelInput() {
    var input = box.querySelector("input[type=text], input[type=search]");
    if (input) {
      input.setAttribute("aria-label", "Search the briefings");
      return;
    }
    new MutationObserver(function (changes, observer) {
      var found = box.querySelector("input[type=text], input[type=search]");
      if (found) {
        found.setAttribute("aria-label", "Search the briefings");
        observer.disconnect();
      }
    }).observe(box, { childList: true, subtree: true });
  }
})();
