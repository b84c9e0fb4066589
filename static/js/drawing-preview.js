// The exercise admin's live drawing preview: as the pose description is typed, ask the server
// to draw it (exercises/admin.py, drawing_preview_view) and show the drawing or what is wrong.
"use strict";
(function () {
  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    var field = document.getElementById("id_pose");
    var box = document.getElementById("drawing-preview");
    if (!field || !box) return;
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    var name = document.getElementById("id_name");
    var timer = null;
    function show(data) {
      if (data.html) {
        box.innerHTML = data.html;
      } else {
        box.textContent = data.error || "";
      }
    }
    function update() {
      var body = new FormData();
      body.append("pose", field.value);
      body.append("name", name ? name.value : "");
      fetch(box.dataset.url, {
        method: "POST",
        body: body,
        headers: { "X-CSRFToken": token ? token.value : "" },
        credentials: "same-origin",
      })
        .then(function (response) { return response.json(); })
        .then(show)
        .catch(function () { box.textContent = "The preview could not be drawn just now."; });
    }
    field.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(update, 400);
    });
  });
})();
