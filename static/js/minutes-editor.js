/* Minutes editor: drag and drop to reorder, as an enhancement.
 *
 * Without JavaScript every list keeps its « Monter / Descendre » buttons (they stay with it
 * too: they are the keyboard way). Two kinds of lists:
 * - [data-reorder] in the section editor: rows ([data-row], id = the form prefix) carry a
 *   hidden "<prefix>-position" input; a drop renumbers them and submits the page, which
 *   saves what was typed and the new order in one go;
 * - [data-reorder-url] on the minutes page: sections ([data-pk]); a drop posts the part's
 *   new order (order=pk, repeated) to that URL with the page's CSRF token.
 */
(function () {
  "use strict";

  function rowsOf(list) {
    return Array.prototype.filter.call(list.children, function (item) {
      return item.hasAttribute("data-row") || item.hasAttribute("data-pk");
    });
  }

  function positionInput(row) {
    return row.querySelector('input[name="' + row.id + '-position"]');
  }

  function csrfToken() {
    var input = document.querySelector('input[name="csrfmiddlewaretoken"]');
    return input ? input.value : "";
  }

  function submitSections(list) {
    var form = document.createElement("form");
    form.method = "post";
    form.action = list.getAttribute("data-reorder-url");
    var fields = [["csrfmiddlewaretoken", csrfToken()]];
    rowsOf(list).forEach(function (row) {
      fields.push(["order", row.getAttribute("data-pk")]);
    });
    fields.forEach(function (pair) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = pair[0];
      input.value = pair[1];
      form.appendChild(input);
    });
    document.body.appendChild(form);
    form.submit();
  }

  function submitRows(list) {
    var rows = rowsOf(list);
    var positions = rows
      .map(function (row) { var input = positionInput(row); return input ? parseInt(input.value, 10) || 0 : 0; })
      .sort(function (a, b) { return a - b; });
    rows.forEach(function (row, index) {
      var input = positionInput(row);
      if (input) { input.value = String(positions[index]); }
    });
    var form = list.closest("form");
    if (form) { form.requestSubmit ? form.requestSubmit() : form.submit(); }
  }

  function enable(list, onDrop) {
    var dragged = null;
    rowsOf(list).forEach(function (row) {
      row.setAttribute("draggable", "true");
      row.classList.add("is-draggable");
      row.addEventListener("dragstart", function (event) {
        if (event.target !== row) { return; }
        dragged = row;
        row.classList.add("is-dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", row.id || row.getAttribute("data-pk") || "");
      });
      row.addEventListener("dragend", function () {
        row.classList.remove("is-dragging");
      });
      row.addEventListener("dragover", function (event) {
        if (!dragged || dragged === row || dragged.parentNode !== list) { return; }
        event.preventDefault();
        event.stopPropagation();
        var box = row.getBoundingClientRect();
        var after = event.clientY > box.top + box.height / 2;
        list.insertBefore(dragged, after ? row.nextSibling : row);
      });
      row.addEventListener("drop", function (event) {
        if (!dragged || dragged.parentNode !== list) { return; }
        event.preventDefault();
        event.stopPropagation();
        dragged = null;
        onDrop(list);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-reorder]").forEach(function (list) { enable(list, submitRows); });
    document.querySelectorAll("[data-reorder-url]").forEach(function (list) { enable(list, submitSections); });
  });
})();
