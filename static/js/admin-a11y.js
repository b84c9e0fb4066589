// Names for the admin widgets Django's own scripts build without one, so a screen reader (and
// axe-core) can tell what each control is: the exercise picker's select2 box takes the name of
// the select it stands for; the filter boxes' search icons are images with a label.
"use strict";
(function () {
  function name() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = select.getAttribute("aria-label");
      var box = select.parentElement && select.parentElement.querySelector(".select2-selection");
      if (label && box && !box.getAttribute("aria-label")) box.setAttribute("aria-label", label);
      // An empty picker's text box has no words of its own either.
      var shown = box && box.querySelector(".select2-selection__rendered");
      if (label && shown && !shown.getAttribute("aria-label")) shown.setAttribute("aria-label", label);
    });
    document.querySelectorAll(".help-tooltip.search-label-icon").forEach(function (icon) {
      if (!icon.getAttribute("role")) icon.setAttribute("role", "img");
    });
  }
  // Django's scripts build these widgets at load time and when a row is added: name them
  // whenever the page changes.
  var pending = false;
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    setTimeout(function () { pending = false; name(); }, 50);
  }).observe(document.documentElement, { childList: true, subtree: true });
  window.addEventListener("load", name);
})();
