// The program builder on a program's page (planner/admin/builder.py, rows_inline.html, picker.html).
//
// Rows: django-admin-sortable2 drags saved rows by their handle and numbers them; this script lets
// every row (new ones too) move with the arrow keys on its handle or with its "move up" / "move
// down" buttons, numbers every row that is not being deleted 1..n in page order after any move,
// and says where the row went in a live region.
// Picker: searches the library as you type and adds an exercise as a new row, with its usual
// dosage in the boxes the therapist has not typed in. Choosing an exercise in a new row's own box
// fills the usual dosage the same way.
// No inline scripts or handlers: the Content-Security-Policy allows none.
"use strict";
(function () {
  const NEW_ROW = "the new row";

  function rowsOf(tbody) {
    return Array.prototype.filter.call(tbody.children, function (tr) {
      return tr.classList.contains("form-row") && !tr.classList.contains("empty-form");
    });
  }

  function isDeleted(row) {
    const box = row.querySelector('input[type="checkbox"][name$="-DELETE"]');
    return Boolean(box && box.checked);
  }

  function exerciseSelect(row) {
    return row.querySelector('select[name$="-exercise"]');
  }

  function rowName(row) {
    const select = exerciseSelect(row);
    const option = select && select.selectedOptions[0];
    return option && option.value ? option.textContent.trim() : NEW_ROW;
  }

  function setLabel(row, selector, text) {
    const element = row.querySelector(selector);
    if (element) element.setAttribute("aria-label", text);
  }

  // Each row's number, its handle's and buttons' names, and (when ``write``) its hidden
  // position: 1..n in page order, rows being deleted left out.
  function number(tbody, write) {
    const rows = rowsOf(tbody);
    const kept = rows.filter(function (row) { return !isDeleted(row); });
    rows.forEach(function (row) {
      const at = kept.indexOf(row) + 1;
      const name = rowName(row);
      const position = row.querySelector("input._reorder_");
      if (write && position && at) position.value = String(at);
      const shown = row.querySelector(".row-number");
      if (shown) shown.textContent = at ? String(at) : "–";
      setLabel(row, ".row-grip", at ? "Move " + name + " (row " + at + " of " + kept.length + ")"
        : "Move " + name + " (to be deleted)");
      setLabel(row, '.row-move[data-move="-1"]', "Move " + name + " up");
      setLabel(row, '.row-move[data-move="1"]', "Move " + name + " down");
    });
  }

  function say(region, text) {
    // Emptied first, so the same words twice are said twice.
    region.textContent = "";
    setTimeout(function () { region.textContent = text; }, 50);
  }

  function announce(text) {
    const status = document.getElementById("program-rows-status");
    if (status) say(status, text);
  }

  function placeOf(row) {
    const kept = rowsOf(row.parentNode).filter(function (r) { return !isDeleted(r); });
    return rowName(row) + " is now row " + (kept.indexOf(row) + 1) + " of " + kept.length + ".";
  }

  // A row's error line (Django puts it just above the row) moves with the row.
  function errorLine(row) {
    const above = row.previousElementSibling;
    return above && above.classList.contains("row-form-errors") ? above : null;
  }

  function move(row, step) {
    const tbody = row.parentNode;
    const rows = rowsOf(tbody);
    const other = rows[rows.indexOf(row) + step];
    if (!other) {
      announce(rowName(row) + " is already " + (step < 0 ? "first." : "last."));
      return;
    }
    const focused = document.activeElement;
    const errors = errorLine(row);
    if (step < 0) tbody.insertBefore(row, errorLine(other) || other);
    else tbody.insertBefore(row, other.nextSibling);
    if (errors) tbody.insertBefore(errors, row);
    number(tbody, true);
    if (focused && row.contains(focused)) focused.focus();
    announce(placeOf(row));
  }

  // Django's inlines.js renames the forms in page order when a new row is removed; saved rows
  // must keep the first numbers (the formset reads their ids there), new rows the ones after.
  function reindex(tbody, prefix) {
    const pattern = new RegExp("(" + prefix + "-(\\d+|__prefix__))");
    const rows = rowsOf(tbody);
    let saved = 0;
    let fresh = rows.filter(function (r) { return r.classList.contains("has_original"); }).length;
    rows.forEach(function (row) {
      const index = row.classList.contains("has_original") ? saved++ : fresh++;
      const name = prefix + "-" + index;
      [row].concat(Array.from(row.querySelectorAll("*"))).forEach(function (element) {
        ["id", "name", "for", "aria-labelledby", "aria-controls", "aria-describedby"].forEach(
          function (attribute) {
            const value = element.getAttribute(attribute);
            if (value && pattern.test(value)) {
              element.setAttribute(attribute, value.replace(pattern, name));
            }
          }
        );
      });
    });
  }

  // Names in a row's labels follow its exercise ("Sets for Sit to stand").
  function relabel(row) {
    const was = row.dataset.rowName || NEW_ROW;
    const now = rowName(row);
    if (was === now) return;
    row.querySelectorAll("[aria-label]").forEach(function (element) {
      const label = element.getAttribute("aria-label");
      if (label.endsWith(" for " + was)) {
        element.setAttribute("aria-label", label.slice(0, -was.length) + now);
      } else if (label === "Delete " + was) {
        element.setAttribute("aria-label", "Delete " + now);
      }
    });
    row.dataset.rowName = now;
  }

  // The usual dosage goes into the boxes the therapist has not typed in.
  function fillDosage(row, dosage) {
    Object.keys(dosage).forEach(function (field) {
      const input = row.querySelector('input[name$="-' + field + '"]');
      if (!input || input.dataset.typed) return;
      input.value = dosage[field] === null ? "" : String(dosage[field]);
    });
  }

  function isBlank(row) {
    return !row.classList.contains("has_original") && !isDeleted(row) &&
      !exerciseSelect(row).value && !row.querySelector("[data-typed]");
  }

  function chooseExercise(row, id, name) {
    const select = exerciseSelect(row);
    let option = Array.from(select.options).find(function (o) { return o.value === id; });
    if (!option) {
      option = new Option(name, id, true, true);
      select.appendChild(option);
    }
    option.selected = true;
    // select2 and our own handler listen through jQuery.
    window.django.jQuery(select).trigger("change");
  }

  function setUp(group) {
    const tbody = group.querySelector("table tbody");
    const prefix = JSON.parse(group.dataset.inlineFormset).options.prefix;
    const picker = document.getElementById("exercise-picker");
    rowsOf(tbody).forEach(function (row) {
      row.dataset.rowName = rowName(row);
      // A new row sent back with an error: its dosage is the therapist's, never replaced.
      const select = exerciseSelect(row);
      if (!row.classList.contains("has_original") && select && select.value) {
        row.dataset.dosageFor = select.value;
        row.querySelectorAll("input").forEach(function (input) { input.dataset.typed = "1"; });
      }
    });
    number(tbody, false);

    tbody.addEventListener("keydown", function (event) {
      const grip = event.target.closest(".row-grip");
      if (!grip || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) return;
      event.preventDefault();
      move(grip.closest("tr"), event.key === "ArrowUp" ? -1 : 1);
    });
    tbody.addEventListener("click", function (event) {
      const button = event.target.closest(".row-move");
      if (button) move(button.closest("tr"), Number(button.dataset.move));
    });
    // SortableJS's own event, fired before sortable2's handler numbers the saved rows: ours
    // runs after it and numbers them all.
    tbody.addEventListener("end", function (event) {
      setTimeout(function () {
        number(tbody, true);
        if (event.item) announce(placeOf(event.item));
      }, 0);
    });
    // sortable2 lets a row be dropped only next to a saved row (its onMove asks the neighbour,
    // ``related``, for "has_original"), so a saved row could never pass a new one. SortableJS
    // hands its own "move" event, this one, to sortable2 next: any row of ours is a place.
    const anyRow = document.createElement("tr");
    anyRow.className = "has_original";
    tbody.addEventListener("move", function (event) {
      if (event.related && rowsOf(tbody).indexOf(event.related) !== -1) event.related = anyRow;
    });
    tbody.addEventListener("input", function (event) {
      if (event.target.matches("input")) event.target.dataset.typed = "1";
    });
    tbody.addEventListener("change", function (event) {
      if (event.target.matches('input[name$="-DELETE"]')) number(tbody, true);
    });
    document.addEventListener("formset:added", function (event) {
      if (event.detail && event.detail.formsetName === prefix) number(tbody, true);
    });
    document.addEventListener("formset:removed", function (event) {
      if (!event.detail || event.detail.formsetName !== prefix) return;
      setTimeout(function () { reindex(tbody, prefix); number(tbody, true); }, 0);
    });
    window.django.jQuery(tbody).on("change", 'select[name$="-exercise"]', function () {
      const row = this.closest("tr");
      const id = this.value;
      relabel(row);
      number(tbody, false);
      if (!picker || !id || row.classList.contains("has_original") || row.dataset.dosageFor === id) {
        return;
      }
      row.dataset.dosageFor = id;
      const url = picker.dataset.dosageUrl + "?exercise=" + encodeURIComponent(id);
      fetch(url, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (dosage) {
          if (dosage && exerciseSelect(row).value === id) fillDosage(row, dosage);
        });
    });

    function addRow() {
      const total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
      const most = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS").value;
      const link = group.querySelector("tr.add-row a.addlink");
      if (!link || (most !== "" && Number(total.value) >= Number(most))) return null;
      link.click();
      return document.getElementById(prefix + "-empty").previousElementSibling;
    }

    // Adds the picker button's exercise as a row (the empty row, if there is one) and says what
    // happened, for the picker's status line.
    function add(button) {
      const row = rowsOf(tbody).find(isBlank) || addRow();
      const name = button.dataset.name;
      if (!row) return "This program is full, so " + name + " was not added.";
      row.dataset.dosageFor = button.dataset.exercise;
      fillDosage(row, JSON.parse(button.dataset.dosage));
      chooseExercise(row, button.dataset.exercise, name);
      number(tbody, true);
      return name + " added with its usual dosage. " + placeOf(row);
    }

    if (picker) setUpPicker(picker, add);
  }

  function setUpPicker(picker, add) {
    const form = document.getElementById(picker.dataset.form);
    const results = picker.querySelector(".picker-results");
    const status = picker.querySelector(".picker-status");
    let asked = 0;
    let timer = null;
    let loaded = false;

    function search() {
      const mine = ++asked;
      const query = new URLSearchParams(new FormData(form)).toString();
      results.setAttribute("aria-busy", "true");
      fetch(picker.dataset.url + "?" + query, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.text();
        })
        .then(function (html) {
          if (mine !== asked) return;
          results.innerHTML = html;
          loaded = true;
          const count = results.querySelector(".picker-count");
          say(status, count ? count.textContent : "");
        })
        .catch(function () {
          if (mine === asked) say(status, "The library could not be searched. Try again.");
        })
        .finally(function () { if (mine === asked) results.removeAttribute("aria-busy"); });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      search();
    });
    picker.addEventListener("input", function (event) {
      if (event.target.form !== form) return;
      clearTimeout(timer);
      timer = setTimeout(search, event.target.tagName === "SELECT" ? 0 : 300);
    });
    picker.addEventListener("toggle", function () {
      if (picker.open && !loaded) search();
    });
    results.addEventListener("click", function (event) {
      const button = event.target.closest(".picker-add");
      if (button) say(status, add(button));
    });
    if (picker.open) search();
  }

  function start() {
    const group = document.querySelector(".js-inline-admin-formset.program-rows");
    if (group && window.django && window.django.jQuery) setUp(group);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
