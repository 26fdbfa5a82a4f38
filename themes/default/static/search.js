// The search page. Loads Pagefind's bundle (made by the build, see briefing/search.py) from
// pagefind/ beside the site and searches every language's index together: each item page is
// indexed in its own language (Russian items stemmed as Russian), and mergeIndex adds the other
// languages' indexes to the page's own. Each page also offers the index every spelling of the
// entities it names (a hidden record after the body), so a Cyrillic or a Latin spelling finds the
// same items. The query and the filters live in the address (?q=...&person=...), so a search can
// be shared. An entry of the browser's history is one search: typing more of its words updates it,
// other words or a filter make a new entry, so the back button returns to the previous search.
// Excerpts quote the body only. Everything is relative to
// the page, so the site works from any sub-path; the page's data is inlined (no fetch of JSON).
(function () {
  "use strict";
  var dataEl = document.getElementById("search-data");
  if (!dataEl) return;
  var data = JSON.parse(dataEl.textContent);
  var T = data.text;
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var card = document.getElementById("entity-card");
  var filtersBox = document.getElementById("search-filters");
  var moreWrap = document.getElementById("search-more-wrap");
  var more = document.getElementById("search-more");
  var selects = Array.prototype.slice.call(filtersBox.querySelectorAll("select[data-filter]"));
  var params = new URLSearchParams(window.location.search);
  var PAGE = 10;
  var shown = PAGE;
  var lastResults = [];
  var pagefind = null;
  var seq = 0;

  input.value = params.get("q") || "";
  var entryWords = input.value.trim();  // the words the history entry being shown was made with
  var shownSearch = window.location.search;
  form.addEventListener("submit", function (e) { e.preventDefault(); run("new"); });

  function fmt(text, values) {
    return text.replace(/%\((\w+)\)[sd]/g, function (_m, k) { return values[k]; });
  }
  function fold(s) {
    return (s || "").toLowerCase().replace(/ё/g, "е").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }
  function stem(word) {
    // a rough Russian/English stem, for matching a query to a name (Лукашенку ~ Лукашенко)
    if (/[а-я]/.test(word) && word.length > 4) return word.replace(/(ами|ями|ого|его|ому|ему|ой|ей|ом|ем|ам|ям|ах|ях|ы|и|а|я|у|ю|е|о)$/, "");
    return word.replace(/('s|s)$/, "");
  }

  // --- the entity card: the query names an entity (any spelling, any case ending) ---------------
  var entities = data.entities.map(function (e) {
    return { kind: e[0], name: e[1], url: e[2], description: e[3], count: e[4], names: [e[1]].concat(e[5] || []) };
  });
  function entityFor(query) {
    var q = fold(query);
    if (!q) return null;
    var qs = q.split(" ").map(stem).join(" ");
    var best = null;
    entities.forEach(function (e) {
      e.names.forEach(function (n) {
        var f = fold(n);
        var score = f === q ? 3 : (f.split(" ").map(stem).join(" ") === qs ? 2 : 0);
        if (!score && e.kind === "people" && f.split(" ").length > 1 && qs.indexOf(" ") === -1 && qs.length > 3 && stem(f.split(" ").pop()) === qs) score = 1;
        if (score && (!best || score > best.score || (score === best.score && e.count > best.e.count))) best = { e: e, score: score };
      });
    });
    return best && best.e;
  }
  function link(url) {
    var href = new URL(data.home, window.location.href);
    return new URL(url + (data.pretty || !url ? "" : "index.html"), new URL(".", href)).href;
  }
  function showCard(e) {
    if (!e) { card.hidden = true; card.textContent = ""; return; }
    card.textContent = "";
    var kind = document.createElement("p");
    kind.className = "kicker";
    kind.textContent = data.kinds[e.kind] || e.kind;
    var h = document.createElement("h2");
    var a = document.createElement("a");
    a.href = link(e.url);
    a.textContent = e.name;
    h.appendChild(a);
    card.appendChild(kind);
    card.appendChild(h);
    if (e.description) {
      var d = document.createElement("p");
      d.textContent = e.description;
      card.appendChild(d);
    }
    var n = document.createElement("p");
    n.className = "count";
    n.textContent = (e.count === 1 ? T.count_one : fmt(T.count_many, { num: e.count })) + " · ";
    var p = document.createElement("a");
    p.href = link(e.url);
    p.textContent = T.profile;
    n.appendChild(p);
    card.appendChild(n);
    card.hidden = false;
  }

  // --- results ------------------------------------------------------------------------------
  function escapeHtml(s) {
    return s.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }
  function excerpt(content, query) {
    // the body only: the page's record (names, spellings) follows a ⸻ mark
    var body = content.split("⸻")[0].trim();
    var words = body.split(/\s+/);
    var terms = fold(query).split(" ").filter(Boolean).map(stem);
    var hit = -1;
    for (var i = 0; i < words.length && hit < 0; i++) {
      var w = stem(fold(words[i]));
      for (var j = 0; j < terms.length; j++) {
        if (terms[j] && w && (w.indexOf(terms[j]) === 0 || terms[j].indexOf(w) === 0) && w.length > 2) { hit = i; break; }
      }
    }
    var start = hit < 0 ? 0 : Math.max(0, hit - 12);
    var piece = words.slice(start, start + 32);
    var html = piece.map(function (word) {
      var w = stem(fold(word));
      var marked = terms.some(function (t) { return t && w.length > 2 && (w.indexOf(t) === 0 || t.indexOf(w) === 0); });
      return marked ? "<mark>" + escapeHtml(word) + "</mark>" : escapeHtml(word);
    }).join(" ");
    return (start > 0 ? "… " : "") + html + (start + 32 < words.length ? " …" : "");
  }
  function render(query) {
    list.textContent = "";
    var slice = lastResults.slice(0, shown);
    slice.forEach(function (r) {
      var li = document.createElement("li");
      li.className = "result";
      if (r.language && r.language !== data.site_language) li.lang = r.language;
      var h = document.createElement("h2");
      h.className = "result-title";
      var a = document.createElement("a");
      a.href = r.url;
      a.textContent = (r.meta && r.meta.title) || r.url;
      h.appendChild(a);
      var meta = document.createElement("p");
      meta.className = "meta";
      meta.textContent = [r.meta && r.meta.date, r.meta && r.meta.place].filter(Boolean).join(" · ");
      var ex = document.createElement("p");
      ex.className = "excerpt";
      ex.innerHTML = excerpt(r.content || "", query);
      li.appendChild(h);
      li.appendChild(meta);
      li.appendChild(ex);
      list.appendChild(li);
    });
    moreWrap.hidden = lastResults.length <= shown;
  }
  more.addEventListener("click", function () { shown += PAGE; render(input.value); });

  // --- filters ------------------------------------------------------------------------------
  function chosen() {
    var f = {};
    selects.forEach(function (s) { if (s.value) f[s.getAttribute("data-filter")] = s.value; });
    return f;
  }
  function fillFilters(all, counts) {
    selects.forEach(function (s) {
      var key = s.getAttribute("data-filter");
      var values = all[key] || {};
      var keep = s.value || params.get(key) || "";
      while (s.options.length > 1) s.remove(1);
      Object.keys(values).sort(function (a, b) {
        return key === "year" ? b.localeCompare(a) : a.localeCompare(b);
      }).forEach(function (v) {
        var n = counts && counts[key] ? counts[key][v] || 0 : values[v];
        if (!n && v !== keep) return;
        var o = document.createElement("option");
        o.value = v;
        o.textContent = v + " (" + n + ")";
        s.appendChild(o);
      });
      s.value = keep;
      s.closest(".filter").hidden = s.options.length <= 1;
    });
  }
  selects.forEach(function (s) { s.addEventListener("change", function () { run("new"); }); });

  // how: "new" (a submitted search, a filter: a new entry) or "typed" (the words as they are typed:
  // more letters of the entry's words update it; fewer, or an emptied box, leave the address until
  // other words come, which make a new entry).
  function writeAddress(query, how) {
    if (how === "typed" && (!query || (query !== entryWords && entryWords.indexOf(query) === 0))) return;
    var p = new URLSearchParams();
    if (query) p.set("q", query);
    var f = chosen();
    Object.keys(f).forEach(function (k) { p.set(k, f[k]); });
    var search = p.toString() ? "?" + p.toString() : "";
    if (search === window.location.search) return;
    var push = how === "new" || !entryWords || query.indexOf(entryWords) !== 0;
    try {
      window.history[push ? "pushState" : "replaceState"](null, "", search || window.location.pathname);
    } catch (e) { return; /* file:// */ }
    if (push) entryWords = query;
    shownSearch = window.location.search;
  }
  window.addEventListener("popstate", function () {
    if (window.location.search === shownSearch) return;  // (a jump to #main, not another search)
    shownSearch = window.location.search;
    clearTimeout(timer);
    params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    entryWords = input.value.trim();
    selects.forEach(function (s) { s.value = ""; });
    if (pagefind) fillFilters(allFilters);
    run(null);
  });

  var allFilters = {};
  function run(how) {  // how: see writeAddress; null when the address is already right
    var query = input.value.trim();
    var f = chosen();
    if (how) writeAddress(query, how);
    showCard(entityFor(query));
    if (!pagefind) return;
    if (!query && !Object.keys(f).length) {
      seq++;  // (a search still loading must not land on the empty page)
      lastResults = [];
      render(query);
      status.textContent = T.empty;
      fillFilters(allFilters);
      return;
    }
    var mine = ++seq;
    status.textContent = T.loading;
    pagefind.search(query || null, { filters: f }).then(function (search) {
      if (mine !== seq || !search) return;
      fillFilters(allFilters, search.filters);
      return Promise.all(search.results.slice(0, 60).map(function (r) { return r.data(); })).then(function (items) {
        if (mine !== seq) return;
        lastResults = items;
        shown = PAGE;
        render(query);
        var n = search.results.length;
        status.textContent = !query ? fmt(T.filtered, { n: n }) : n === 0 ? fmt(T.none, { q: query }) : n === 1 ? fmt(T.one, { q: query }) : fmt(T.many, { n: n, q: query });
      });
    });
  }
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run("typed"); }, 250);
  });

  showCard(entityFor(input.value));
  function unavailable() {  // no filters will come: the results take the whole width
    document.documentElement.classList.add("search-unavailable");
  }
  if (window.location.protocol === "file:") {
    unavailable();
    // (the message's `commands` as code, built as elements: nothing in it is parsed as HTML)
    T.file.split("`").forEach(function (part, i) {
      var node = i % 2 ? document.createElement("code") : document.createTextNode(part);
      if (i % 2) node.textContent = part;
      status.appendChild(node);
    });
    return;
  }
  var bundle = new URL(data.bundle, window.location.href);
  var root = new URL(".", new URL(data.home, window.location.href));
  import(bundle.href).then(function (pf) {
    pagefind = pf;
    var base = new URL(".", bundle).pathname;
    var others = data.languages.filter(function (l) { return l !== data.site_language; });
    // The same bundle under another spelling of its path: Pagefind skips a merge of the path it
    // already loaded, though this one loads another language's index from it.
    return pf.options({ baseUrl: root.pathname }).then(function () {
      return Promise.all(others.map(function (lang, i) {
        return pf.mergeIndex(base + new Array(i + 2).join("./"), { language: lang, baseUrl: root.pathname }).catch(function () {});
      }));
    }).then(function () { return pf.filters(); }).then(function (all) {
      allFilters = all || {};
      filtersBox.hidden = false;
      fillFilters(allFilters);
      run(null);
    });
  }).catch(function () {
    unavailable();
    status.textContent = T.missing;
  });
})();
