// The SPARQL editor: choosing an example fills the query box (without JS, "Show example" does).
(function () {
  var select = document.getElementById("example");
  var query = document.getElementById("query");
  if (!select || !query) { return; }
  select.addEventListener("change", function () {
    var option = select.options[select.selectedIndex];
    if (option && option.dataset.query) { query.value = option.dataset.query; }
  });
})();

// Curation pickers: an IRI field marked `data-suggest` offers matching names (or statement
// and passage texts) from /api/suggest as the curator types, as an ARIA combobox with a
// listbox popup (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/). Picking one puts its
// IRI in the field, which stays editable, so pasting an IRI works as before; without this
// script the fields are plain IRI fields.
(function () {
  var fields = document.querySelectorAll("input[data-suggest]");
  if (!fields.length) { return; }
  var MIN_CHARS = 2;
  var WAIT_MS = 150;  // after the last keystroke, so a fast typist asks once
  // The target of a merge or relabel is an entity, of a link a statement; of a verdict either.
  var TARGET_KINDS = { merge: ["entity"], relabel: ["entity"], link: ["statement"] };
  var status = document.createElement("p");
  status.setAttribute("role", "status");
  status.className = "visually-hidden";
  document.querySelector("form").appendChild(status);

  function kindsFor(input) {
    var wanted = input.dataset.suggest;
    if (wanted !== "target") { return [wanted]; }
    var action = document.getElementById("action");
    return TARGET_KINDS[action ? action.value : ""] || ["entity", "statement"];
  }

  function looksLikeIri(text) { return /^[a-z][a-z0-9+.-]*:/i.test(text) && !/\s/.test(text); }

  function describe(item) {
    var parts = [item.type];
    if (item.matched) { parts.push("“" + item.matched + "”"); }
    if (item.document) { parts.push(item.document); }
    if (item.page) { parts.push("p. " + item.page); }
    return parts.join(" · ");
  }

  function setUp(input) {
    var list = document.createElement("ul");
    var label = document.querySelector("label[for='" + input.id + "']");
    list.id = input.id + "-suggestions";
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggestions for " + (label ? label.textContent : input.name));
    list.hidden = true;
    input.insertAdjacentElement("afterend", list);
    input.type = "text";  // a typed name is not a URL yet; the server checks what is sent
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("autocomplete", "off");
    var timer = null;
    var asked = 0;
    var active = -1;

    function options() { return list.querySelectorAll("[role='option']"); }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var all = options();
      if (!all.length) { return; }
      active = (index + all.length) % all.length;
      for (var i = 0; i < all.length; i++) {
        all[i].setAttribute("aria-selected", i === active ? "true" : "false");
      }
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }

    function pick(option) {
      input.value = option.dataset.iri;
      close();
      status.textContent = "Chose " + option.dataset.label;
    }

    function option(item, index) {
      var li = document.createElement("li");
      var name = document.createElement("span");
      var meta = document.createElement("span");
      li.id = list.id + "-" + index;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.dataset.iri = item.iri;
      li.dataset.label = item.label;
      name.className = "suggestion-label";
      name.textContent = item.label;
      meta.className = "suggestion-meta";
      meta.textContent = describe(item);
      li.appendChild(name);
      li.appendChild(meta);
      li.addEventListener("mousedown", function (event) { event.preventDefault(); });  // keep focus
      li.addEventListener("click", function () { pick(li); });
      return li;
    }

    function show(items) {
      list.textContent = "";
      items.forEach(function (item, index) { list.appendChild(option(item, index)); });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      list.hidden = !items.length;
      input.setAttribute("aria-expanded", items.length ? "true" : "false");
      status.textContent = items.length ? items.length + " suggestions; arrow keys to choose"
        : "No suggestions";
    }

    function ask() {
      var text = input.value.trim();
      var mine = ++asked;  // an answer to an earlier keystroke must not replace a later one
      if (text.length < MIN_CHARS || looksLikeIri(text)) { close(); return; }
      var params = new URLSearchParams({ q: text });
      kindsFor(input).forEach(function (kind) { params.append("kind", kind); });
      fetch("/api/suggest?" + params.toString(), { headers: { Accept: "application/json" } })
        .then(function (reply) { return reply.ok ? reply.json() : []; })
        .then(function (items) { if (mine === asked) { show(items); } })
        .catch(function () { if (mine === asked) { close(); } });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, WAIT_MS);
    });
    input.addEventListener("blur", close);
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!open && options().length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
        highlight(active + (event.key === "ArrowDown" ? 1 : -1));
        event.preventDefault();
      } else if (event.key === "Enter" && open && active >= 0) {
        pick(options()[active]);
        event.preventDefault();  // picking is not submitting
      } else if (event.key === "Escape" && open) {
        close();
        event.preventDefault();
      }
    });
  }

  for (var i = 0; i < fields.length; i++) { setUp(fields[i]); }
})();
