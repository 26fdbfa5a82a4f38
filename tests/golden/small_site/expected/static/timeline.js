// Timeline filters: show only the briefings that name an organization and/or a country.
// The page lists every briefing without this script; the script only hides what does not match.
// The choice is kept in the address (?organization=…&country=…) so a filtered view can be shared.
(function () {
  "use strict";
  var form = document.getElementById("timeline-filters");
  if (!form) return;
  var selects = form.querySelectorAll("select[data-filter]");
  var counter = document.getElementById("filter-count");
  var items = document.querySelectorAll(".timeline .event, .axis-chart .item");
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
    items.forEach(function (el) {
      var ok = matches(el, choice);
      if (el.tagName.toLowerCase() === "li") {
        el.hidden = !ok;
        if (ok) shown += 1;
      } else {
        el.style.display = ok ? "" : "none";
      }
    });
    // Hide months and years left empty, so the headings still describe what is listed.
    document.querySelectorAll(".timeline .month, .timeline .year").forEach(function (section) {
      section.hidden = !section.querySelector(".event:not([hidden])");
    });
    var total = document.querySelectorAll(".timeline .event").length;
    counter.textContent = Object.keys(choice).length
      ? "Showing " + shown + " of " + total + " briefings"
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
