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
    // In the page's language (web/messages/LANG.json, given in a <meta> by the server).
    var narrow = "Type to narrow…";
    try {
      var meta = document.querySelector('meta[name="kb-messages"]');
      narrow = (meta && JSON.parse(meta.content).js_narrow) || narrow;
    } catch (e) { /* English */ }
    input.setAttribute("aria-label", narrow + " " + (legend ? legend.textContent : ""));
    input.placeholder = narrow;
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

// Handouts: the notes a trainer picks, kept in this browser (localStorage "kb-handout":
// {ids, title}) and in the handout page's URL (/handout?ids=a,b&title=T), which can be
// shared as a link. The server renders every handout page from its URL alone; this adds:
// - an "Add to handout" button on each result and on a note's page;
// - the header's Handout link carries the handout and says how many notes it holds;
// - on /handout: move up and down, remove and set the title in place, the URL
//   (history.replaceState), the export links and localStorage following each change.
(function () {
  "use strict";
  var KEY = "kb-handout";
  var MAX = 100;  // core/handout.h MAX_HANDOUT_NOTES: the server refuses more
  // The page's words in its language (web/messages/LANG.json, given by the server).
  var words = {};
  try {
    var meta = document.querySelector('meta[name="kb-messages"]');
    if (meta) words = JSON.parse(meta.content) || {};
  } catch (e) { /* English below */ }
  function t(key, english) { return typeof words[key] === "string" ? words[key] : english; }
  // A language picked in the URL stays picked in the links made here.
  var lang = new URLSearchParams(window.location.search).get("lang");
  var langSuffix = lang ? "&lang=" + encodeURIComponent(lang) : "";

  function load() {
    try {
      var s = JSON.parse(window.localStorage.getItem(KEY) || "null");
      if (s && Array.isArray(s.ids)) {
        return {
          ids: s.ids.filter(function (x) { return typeof x === "string" && x !== ""; }).slice(0, MAX),
          title: typeof s.title === "string" ? s.title : "",
        };
      }
    } catch (e) { /* storage refused or corrupt: start empty */ }
    return { ids: [], title: "" };
  }

  function query(state) {
    var q = "?ids=" + state.ids.map(encodeURIComponent).join(",");
    if (state.title) q += "&title=" + encodeURIComponent(state.title);
    return q + langSuffix;
  }

  function updateHeader(state) {
    var link = document.querySelector(".handout-link");
    if (!link) return;
    link.href = state.ids.length ? "/handout" + query(state) : "/handout" + (lang ? "?lang=" + encodeURIComponent(lang) : "");
    var count = link.querySelector(".handout-count");
    if (count) count.textContent = state.ids.length ? "(" + state.ids.length + ")" : "";
  }

  function save(state) {
    try { window.localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* the URL still holds it */ }
    updateHeader(state);
  }

  var status = document.getElementById("handout-status");
  function announce(message) {
    if (status && message) status.textContent = message;
  }

  // ---- "Add to handout" on results and notes ----
  function renderAdd(button, state) {
    var inside = state.ids.indexOf(button.dataset.id) !== -1;
    button.setAttribute("aria-pressed", inside ? "true" : "false");
    button.textContent = inside ? t("js_in_handout", "✓ In handout") : t("js_add", "Add to handout");
  }

  function addButton(id, title) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "handout-add";
    b.dataset.id = id;
    b.setAttribute("aria-label", t("js_add_label", "Add to handout:") + " " + title);
    return b;
  }

  function idOfDocLink(href) {
    var m = /^\/doc\/([^\/?#]+)/.exec(href || "");
    return m ? decodeURIComponent(m[1]) : null;
  }

  document.querySelectorAll("ol.hits li.hit").forEach(function (hit) {
    var link = hit.querySelector(".hit-title a");
    var id = link && idOfDocLink(link.getAttribute("href"));
    if (!id) return;
    var p = document.createElement("p");
    p.className = "hit-actions";
    p.appendChild(addButton(id, link.textContent.trim()));
    hit.appendChild(p);
  });
  var noteHeading = document.querySelector(".doc-page article.note h1");
  var noteId = idOfDocLink(window.location.pathname);
  if (noteHeading && noteId) {
    var p = document.createElement("p");
    p.className = "note-actions";
    p.appendChild(addButton(noteId, noteHeading.textContent.trim()));
    noteHeading.parentNode.insertBefore(p, noteHeading.nextSibling);
  }

  function renderAll(state) {
    document.querySelectorAll(".handout-add").forEach(function (b) { renderAdd(b, state); });
    updateHeader(state);
  }

  document.addEventListener("click", function (event) {
    var b = event.target.closest && event.target.closest(".handout-add");
    if (!b) return;
    var state = load();
    var i = state.ids.indexOf(b.dataset.id);
    if (i === -1) {
      if (state.ids.length >= MAX) {
        window.alert(t("js_max", "A handout holds at most " + MAX + " notes."));
        return;
      }
      state.ids.push(b.dataset.id);
    } else {
      state.ids.splice(i, 1);
    }
    save(state);
    renderAll(state);
  });
  // Another tab changed the handout.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY && !document.querySelector(".handout-page")) renderAll(load());
  });

  // ---- the handout page ----
  var page = document.querySelector(".handout-page");
  if (!page) {
    renderAll(load());
    return;
  }
  // A bare /handout is this browser's handout: show it from its URL.
  if (!new URLSearchParams(window.location.search).has("ids")) {
    var stored = load();
    if (stored.ids.length) {
      window.location.replace("/handout" + query(stored));
      return;
    }
  }

  var list = page.querySelector(".handout-notes");
  var titleInput = page.querySelector("#handout-title");
  var heading = page.querySelector(".handout-heading");
  heading.setAttribute("tabindex", "-1");

  function notes() { return list ? Array.prototype.slice.call(list.querySelectorAll(":scope > .handout-note")) : []; }
  function titleOf(li) { var a = li.querySelector(".handout-note-title"); return a ? a.textContent.trim() : li.dataset.id; }

  function pageState() {
    var ids = notes().map(function (li) { return li.dataset.id; });
    page.querySelectorAll(".handout-missing-id").forEach(function (li) { ids.push(li.dataset.id); });
    return { ids: ids, title: titleInput ? titleInput.value.trim() : "" };
  }

  // Reference numbers follow the notes' order: each source numbered at its first citation.
  function renumberReferences() {
    var sources = [], cited = [];
    notes().forEach(function (li) {
      var k = sources.indexOf(li.dataset.source);
      if (k === -1) {
        sources.push(li.dataset.source);
        cited.push([]);
        k = sources.length - 1;
      }
      cited[k].push(titleOf(li));
      var ref = li.querySelector(".handout-ref");
      if (ref) ref.textContent = "[" + (k + 1) + "]";
    });
    var refs = page.querySelector(".handout-reference-list");
    if (!refs) return;
    refs.textContent = "";
    sources.forEach(function (source, k) {
      var li = document.createElement("li");
      li.appendChild(document.createTextNode(source + " "));
      var span = document.createElement("span");
      span.className = "cited-by";
      span.textContent = "(" + (page.dataset.citedBy || "cited by") + ": " + cited[k].join(", ") + ")";
      li.appendChild(span);
      refs.appendChild(li);
    });
  }

  function sync(message) {
    var state = pageState();
    if (state.ids.length === 0) {
      // Nothing left: the server's empty page says what to do next.
      save(state);
      window.location.replace("/handout?ids=" + langSuffix);
      return;
    }
    window.history.replaceState(null, "", "/handout" + query(state));
    save(state);
    page.querySelectorAll("a[data-path]").forEach(function (a) { a.href = a.dataset.path + query(state); });
    var hidden = page.querySelector('.handout-title-form input[name="ids"]');
    if (hidden) hidden.value = state.ids.join(",");
    page.querySelectorAll('input[type="hidden"][name="title"]').forEach(function (input) { input.value = state.title; });
    var handoutWord = titleInput ? titleInput.placeholder : "Handout";
    heading.textContent = state.title || handoutWord;
    document.title = (state.title ? state.title + " - " + handoutWord : handoutWord) + " · " +
      document.title.split(" · ").slice(-1)[0];
    var all = notes();
    var count = page.querySelector(".handout-count-text");
    if (count) count.textContent = all.length + " " + (all.length === 1 ? t("js_note", "note") : t("js_notes", "notes"));
    all.forEach(function (li, i) {
      li.querySelector('[data-action="up"]').disabled = i === 0;
      li.querySelector('[data-action="down"]').disabled = i === all.length - 1;
    });
    var empty = all.length === 0;
    page.querySelectorAll(".handout-export, .handout-references").forEach(function (el) { el.hidden = empty; });
    renumberReferences();
    announce(message);
  }

  page.addEventListener("click", function (event) {
    var b = event.target.closest && event.target.closest("button[data-action]");
    if (!b) return;
    event.preventDefault();
    var li = b.closest("li");
    var name = li.classList.contains("handout-note") ? titleOf(li) : li.dataset.id;
    var action = b.dataset.action;
    // The sibling moves, not this item: the pressed button keeps the focus.
    if (action === "up" && li.previousElementSibling) {
      li.after(li.previousElementSibling);
      sync(name + ": " + t("js_moved", "Moved to position") + " " + (notes().indexOf(li) + 1));
      if (b.disabled) li.querySelector('[data-action="down"]').focus();
    } else if (action === "down" && li.nextElementSibling) {
      li.before(li.nextElementSibling);
      sync(name + ": " + t("js_moved", "Moved to position") + " " + (notes().indexOf(li) + 1));
      if (b.disabled) li.querySelector('[data-action="up"]').focus();
    } else if (action === "remove") {
      var next = li.nextElementSibling || li.previousElementSibling;
      var missingList = li.parentNode;
      li.remove();
      if (missingList.classList.contains("handout-missing-list") && !missingList.children.length) {
        page.querySelector(".handout-missing").remove();
      }
      sync(t("js_removed", "Removed:") + " " + name);
      var target = next && next.querySelector('[data-action="remove"]');
      (target || heading).focus();
    }
  });

  // Dragging a note is a shortcut for the mouse; the Up and Down buttons do the same for
  // the keyboard and screen readers.
  var dragged = null;
  notes().forEach(function (li) { li.draggable = true; });
  if (list) {
    list.addEventListener("dragstart", function (event) {
      dragged = event.target.closest && event.target.closest(".handout-note");
      if (!dragged) return;
      dragged.classList.add("dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.dataset.id);
    });
    list.addEventListener("dragover", function (event) {
      if (dragged) event.preventDefault();
    });
    list.addEventListener("drop", function (event) {
      var target = event.target.closest && event.target.closest(".handout-note");
      if (!dragged || !target || target === dragged) return;
      event.preventDefault();
      var box = target.getBoundingClientRect();
      if (event.clientY > box.top + box.height / 2) target.after(dragged); else target.before(dragged);
      sync(titleOf(dragged) + ": " + t("js_moved", "Moved to position") + " " + (notes().indexOf(dragged) + 1));
    });
    list.addEventListener("dragend", function () {
      if (dragged) dragged.classList.remove("dragging");
      dragged = null;
    });
  }

  if (titleInput) {
    titleInput.addEventListener("input", function () { sync(); });
    titleInput.form.addEventListener("submit", function (event) {
      event.preventDefault();
      sync(t("js_title_set", "Title set"));
    });
  }
  // The page's handout (perhaps a link a colleague shared) becomes this browser's.
  if (pageState().ids.length) sync();
  else save(pageState());
})();
