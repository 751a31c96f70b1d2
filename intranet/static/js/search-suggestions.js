// Suggestions as you type in a search box: titles, people, tags and customers you may see.
// Picking a person, page, tag or customer goes straight to it.
(function () {
  "use strict";
  document.querySelectorAll("input[data-suggest]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) return;
    var targets = {};
    var timer = null;
    input.addEventListener("input", function () {
      if (Object.prototype.hasOwnProperty.call(targets, input.value)) {
        window.location.href = targets[input.value];
        return;
      }
      clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < 2) return;
      timer = setTimeout(function () {
        fetch(input.dataset.suggest + "?q=" + encodeURIComponent(text), { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
          .then(function (data) {
            targets = {};
            list.replaceChildren.apply(list, data.suggestions.map(function (item) {
              var option = document.createElement("option");
              option.value = item.label;
              option.label = item.kind === "title" ? item.label : item.label + " (" + item.kind + ")";
              targets[item.label] = item.url;
              return option;
            }));
          });
      }, 150);
    });
  });
})();
