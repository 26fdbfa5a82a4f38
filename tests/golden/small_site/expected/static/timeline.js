// Timeline filters: show only the briefings that name an organization and/or a country.
// The page lists every briefing without this script; the script only hides what does not match,
// and counts the month grid again (each count cell names its items in data-items).
// The choice is kept in the address (?organization=…&country=…) so a filtered view can be shared.
(function () {
  "use strict";
  var form = document.getElementById("timeline-filters");
  if (!form) return;
  var selects = form.querySelectorAll("select[data-filter]");
  var counter = document.getElementById("filter-count");
  var items = document.querySelectorAll(".timeline .event");
  var cells = document.querySelectorAll(".tl-grid td[data-items]");
  var params = new URLSearchParams(window.location.search);

  function wanted() {
    var choice = {};
    selects.forEach(function (select) {
      if (select.value) choice[select.dataset.filter] = select.value;
    });
    return choice;
  }

  function matches(el, choice) {
    return Object.keys(choice).every(function (key) {
      var values = (el.getAttribute("data-" + key) || "").split(" ");
      return values.indexOf(choice[key]) !== -1;
    });
  }

  function apply() {
    var choice = wanted();
    var shown = 0;
    var visible = {};
    items.forEach(function (el) {
      var ok = matches(el, choice);
      el.hidden = !ok;
      if (ok) {
        shown += 1;
        visible[el.getAttribute("data-slug")] = true;
      }
    });
    cells.forEach(function (td) {
      var slugs = td.getAttribute("data-items").split(" ");
      var n = slugs.filter(function (s) { return visible[s]; }).length;
      var num = td.querySelector(".num");
      if (num) num.textContent = n;
      td.classList.toggle("off", n === 0);
    });
    // Hide months and years left empty, so the headings still describe what is listed.
    document.querySelectorAll(".timeline .month, .timeline .year").forEach(function (section) {
      section.hidden = !section.querySelector(".event:not([hidden])");
    });
    var total = items.length;
    counter.textContent = Object.keys(choice).length
      ? counter.getAttribute("data-template").replace("%(shown)s", shown).replace("%(total)s", total)
      : "";
    try {
      var query = new URLSearchParams();
      selects.forEach(function (select) {
        if (select.value) query.set(select.id.replace("filter-", ""), select.value);
      });
      var search = query.toString();
      window.history.replaceState(null, "", search ? "?" + search : window.location.pathname);
    } catch (e) {
      // Some browsers refuse to rewrite file:// addresses; the filter still works.
    }
  }

  selects.forEach(function (select) {
    var value = params.get(select.id.replace("filter-", ""));
    if (value && select.querySelector('option[value="' + CSS.escape(value) + '"]')) select.value = value;
    select.addEventListener("change", apply);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  apply();
})();
