// Sorts a table by the column whose heading is clicked: numbers (data-v) as numbers, text
// in French order; a second click sorts the other way. The first row of <thead> holds the
// headings, the rows to sort are the <tbody>'s.
document.querySelectorAll("table.sortable").forEach(function (table) {
  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th, col) {
    th.addEventListener("click", function () {
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var down = th.getAttribute("aria-sort") !== "descending";
      var key = function (row) {
        var cell = row.cells[col];
        var v = cell.getAttribute("data-v");
        return v !== null ? parseFloat(v) : cell.textContent.trim();
      };
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), "fr");
        return down ? -c : c;
      });
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", down ? "descending" : "ascending");
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
  table.classList.add("sorting-ready");
});
