// Suggest existing tags as people type in a comma-separated tag field.
(function () {
  "use strict";
  var list = document.getElementById("tag-suggestions");
  if (!list) return;
  var input = document.querySelector('input[list="tag-suggestions"]');
  if (!input) return;
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var parts = input.value.split(",");
      var current = parts.pop().trim();
      if (current.length < 2) return;
      var prefix = parts.map(function (p) { return p.trim(); }).filter(Boolean);
      fetch(list.dataset.source + "?q=" + encodeURIComponent(current), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { tags: [] }; })
        .then(function (data) {
          list.replaceChildren.apply(list, data.tags.map(function (tag) {
            var option = document.createElement("option");
            option.value = prefix.concat([tag]).join(", ");
            return option;
          }));
        });
    }, 200);
  });
})();
