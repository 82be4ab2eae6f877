// Nur Komfort: ohne Skript stehen alle Karten untereinander und die Tabellen in Eingabereihenfolge.
(function () {
  "use strict";
  var doc = document;
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  each(doc.querySelectorAll(".nur-js"), function (el) { el.hidden = false; });

  function compare(a, b, numeric) {
    if (a === b) { return 0; }
    if (a === "") { return 1; }  // fehlende Werte immer zuletzt
    if (b === "") { return -1; }
    return numeric ? parseFloat(a) - parseFloat(b) : a.localeCompare(b, "de");
  }

  each(doc.querySelectorAll("table[data-sortierbar]"), function (table) {
    var heads = table.tHead.rows[0].cells;
    each(heads, function (th, column) {
      var button = doc.createElement("button");
      button.type = "button";
      button.className = "sortieren";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        var numeric = th.getAttribute("data-typ") === "zahl";
        each(heads, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r, s) {
          var a = r.cells[column].getAttribute("data-sort");
          var b = s.cells[column].getAttribute("data-sort");
          var order = compare(a, b, numeric);
          return a === "" || b === "" ? order : (ascending ? order : -order);
        });
        each(rows, function (row) { body.appendChild(row); });
      });
    });
  });

  var chooser = doc.getElementById("karte-auswahl");
  if (chooser) {
    var show = function () {
      each(doc.querySelectorAll("[data-karte]"), function (figure) {
        figure.hidden = figure.id !== chooser.value;
      });
    };
    chooser.addEventListener("change", show);
    show();
  }
})();
