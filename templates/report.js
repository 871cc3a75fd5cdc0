// atlasweave report: sortable, filterable tables. The page's only script; it adds the controls,
// so without JavaScript every table reads as plain HTML. It makes no request.
(function () {
  "use strict";
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

  // Sizes and durations as the report writes them ("1.55 MB", "0.42 s") in one unit.
  var units = { "": 1, "%": 1, "s": 1, "b": 1, "kb": 1024, "mb": 1048576, "gb": 1073741824, "tb": 1099511627776 };

  // "1,234", "12.5%", "−3", "172.80 KB" as numbers; NaN for text and empty cells.
  function number(text) {
    var cleaned = text.replace(/[,\s\u00a0\u2009\u202f]/g, "").replace(/\u2212/g, "-").toLowerCase();
    var match = /^([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)(%|s|b|kb|mb|gb|tb)?$/.exec(cleaned);
    return match ? Number(match[1]) * units[match[2] || ""] : NaN;
  }

  function compare(a, b, numeric) {
    if (numeric) {
      var x = number(a), y = number(b);
      // Empty and non-numeric cells after the numbers, whatever the direction.
      if (isNaN(x) || isNaN(y)) return isNaN(x) - isNaN(y);
      return x - y;
    }
    return collator.compare(a, b);
  }

  function sortable(table, rows) {
    var headers = table.tHead.rows[0].cells;
    var state = { column: -1, descending: false };
    Array.prototype.forEach.call(headers, function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.title = "Sort by this column";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        state.descending = state.column === column ? !state.descending : false;
        state.column = column;
        var numeric = th.classList.contains("num");
        var keyed = rows.map(function (row, index) {
          return { row: row, index: index, text: row.cells[column] ? row.cells[column].textContent : "" };
        });
        keyed.sort(function (a, b) {
          var order = compare(a.text, b.text, numeric);
          if (state.descending && !(numeric && (isNaN(number(a.text)) || isNaN(number(b.text))))) order = -order;
          return order || a.index - b.index;
        });
        var body = table.tBodies[0];
        keyed.forEach(function (entry) { body.appendChild(entry.row); });
        Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", state.descending ? "descending" : "ascending");
      });
    });
  }

  function filterable(table, rows, index) {
    var controls = document.createElement("div");
    controls.className = "table-controls";
    var label = document.createElement("label");
    var input = document.createElement("input");
    input.type = "search";
    input.className = "table-filter";
    input.id = "table-filter-" + index;
    input.placeholder = "Filter rows";
    label.htmlFor = input.id;
    label.textContent = "Filter";
    var count = document.createElement("span");
    count.className = "table-count";
    count.setAttribute("aria-live", "polite");
    controls.appendChild(label);
    controls.appendChild(input);
    controls.appendChild(count);
    var wrap = table.parentNode;
    wrap.parentNode.insertBefore(controls, wrap);
    input.addEventListener("input", function () {
      var needle = input.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (row) {
        var hit = needle === "" || row.textContent.toLowerCase().indexOf(needle) >= 0;
        row.hidden = !hit;
        if (hit) shown += 1;
      });
      count.textContent = needle === "" ? "" : shown + " of " + rows.length + " rows shown";
    });
  }

  // A downloaded CSV is named after its stage.
  function nameDownload(table) {
    var link = table.parentNode.querySelector("a.table-download");
    var stage = table.closest(".stage[id]");
    if (link && stage) link.download = stage.id.replace(/^stage-/, "") + ".csv";
  }

  Array.prototype.forEach.call(document.querySelectorAll(".table-wrap > table"), function (table, index) {
    var body = table.tBodies[0];
    if (!table.tHead || !body) return;
    var rows = Array.prototype.slice.call(body.rows);
    nameDownload(table);
    if (rows.length < 2) return;
    sortable(table, rows);
    filterable(table, rows, index);
  });
})();
