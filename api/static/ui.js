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
