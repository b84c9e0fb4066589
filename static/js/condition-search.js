// The patient form's condition search: typing hides the conditions (and empty groups) whose name
// does not contain the words; ticked ones always stay in view.
"use strict";
(function () {
  document.addEventListener("input", function (event) {
    var box = event.target;
    if (!box.classList || !box.classList.contains("condition-search")) return;
    var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    var list = document.getElementById(box.dataset.target);
    if (!list) return;
    list.querySelectorAll(".condition-group").forEach(function (group) {
      var shown = 0;
      group.querySelectorAll(".condition-choice").forEach(function (choice) {
        var text = choice.textContent.toLowerCase();
        var ticked = choice.querySelector("input").checked;
        var match = ticked || words.every(function (w) { return text.indexOf(w) !== -1; });
        choice.hidden = !match;
        if (match) shown += 1;
      });
      group.hidden = shown === 0;
    });
  });
})();
