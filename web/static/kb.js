// Enhancements only: the pages work the same without this script.
// - ticking a filter or changing the sort submits the search at once;
// - long filter lists (countries, topics) get a box that narrows them as you type;
// - on a phone the filter panel starts closed.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var form = document.getElementById("search");
  if (form) {
    document.addEventListener("change", function (event) {
      var el = event.target;
      if (el.form === form && (el.type === "checkbox" || el.tagName === "SELECT")) {
        if (form.requestSubmit) form.requestSubmit(); else form.submit();
      }
    });
  }

  var panel = document.querySelector(".filters-panel");
  if (panel && window.matchMedia && window.matchMedia("(max-width: 48rem)").matches) {
    panel.removeAttribute("open");
  }

  var FILTER_FROM = 12;
  document.querySelectorAll(".facet").forEach(function (facet) {
    var items = facet.querySelectorAll(".facet-values li");
    if (items.length < FILTER_FROM) return;
    var legend = facet.querySelector("legend");
    var input = document.createElement("input");
    input.type = "search";
    input.className = "facet-filter";
    input.setAttribute("aria-label", "Narrow the " + (legend ? legend.textContent : "") + " list");
    input.placeholder = "Type to narrow…";
    facet.insertBefore(input, facet.querySelector(".facet-values"));
    var more = facet.querySelector(".facet-more");
    input.addEventListener("input", function () {
      var needle = input.value.trim().toLowerCase();
      if (needle && more) more.open = true;
      items.forEach(function (li) {
        li.hidden = needle !== "" && li.textContent.toLowerCase().indexOf(needle) === -1;
      });
    });
  });
})();
