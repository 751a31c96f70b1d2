// The wiki editor's toolbar: each button puts its markup before and after the selection.
// Without JavaScript the toolbar stays hidden and the help table explains the markup.
(function () {
  "use strict";
  var text = document.querySelector(".wiki-editor__text:not([readonly])");
  if (!text) return;

  function insert(before, after) {
    var start = text.selectionStart, end = text.selectionEnd;
    var chosen = text.value.slice(start, end);
    text.value = text.value.slice(0, start) + before + chosen + after + text.value.slice(end);
    text.focus();
    text.setSelectionRange(start + before.length, start + before.length + chosen.length);
  }

  document.querySelectorAll(".wiki-toolbar [data-before]").forEach(function (button) {
    button.addEventListener("click", function () {
      insert(button.getAttribute("data-before"), button.getAttribute("data-after") || "");
    });
  });
  document.querySelectorAll("[data-insert]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { insert(button.getAttribute("data-insert"), ""); });
  });
  document.querySelectorAll(".wiki-toolbar").forEach(function (bar) { bar.hidden = false; });
})();
