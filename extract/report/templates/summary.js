// Sortable matrices: a button in each column heading sorts the rows by that
// column's data-value (grade rank, or the force's name). Without scripts the
// tables read as printed. Printing opens every folded section.
//
// Each report's findings and Good Practice boxes travel packed (JSON, gzip,
// base64: extract/report/pack.py) and are unpacked at load into the report's
// folded sections with the browser's own DecompressionStream, so that they
// are there to open, to find in the page and to print.
(function () {
  "use strict";
  function value(row, index) {
    var cell = row.children[index];
    return cell ? cell.getAttribute("data-value") || "" : "";
  }
  function sortBy(table, index, th) {
    var body = table.tBodies[0];
    var descending = th.getAttribute("aria-sort") === "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = value(a, index), y = value(b, index);
      var nx = Number(x), ny = Number(y);
      var order = (x !== "" && y !== "" && !isNaN(nx) && !isNaN(ny)) ? nx - ny
        : x.localeCompare(y);
      if (order === 0) { order = value(a, 0).localeCompare(value(b, 0)); }
      return descending ? -order : order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      cell.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
  }
  Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      button.setAttribute("aria-label", "Sort by " + th.getAttribute("data-label"));
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, index, th); });
    });
  });
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }
  function inflate(base64) {
    var binary = atob(base64), bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text();
  }
  function finding(item) {           // [text, pages, sub]
    var li = element("li", item[2] ? "sub" : "", item[0]);
    if (item[1]) {
      li.appendChild(document.createTextNode(" "));
      li.appendChild(element("span", "pg", "(" + item[1] + ")"));
    }
    return li;
  }
  function box(b) {
    var aside = element("aside", "gp"), list = element("dl");
    aside.setAttribute("aria-label", b.label);
    aside.appendChild(element("h4", "", b.heading));
    b.fields.forEach(function (field) {
      list.appendChild(element("dt", "", field[0]));
      list.appendChild(element("dd", "", field[1]));
    });
    aside.appendChild(list);
    return aside;
  }
  function fill(details, headings, content) {
    var part = document.createDocumentFragment();
    headings.forEach(function (heading, i) {
      var items = content.findings[i];
      if (!items.length) { return; }
      var list = element("ul", heading[1]);
      items.forEach(function (item) { list.appendChild(finding(item)); });
      part.appendChild(element("h4", "", heading[0]));
      part.appendChild(list);
    });
    content.boxes.forEach(function (b) { part.appendChild(box(b)); });
    details.appendChild(part);
  }
  function unpack(section, packed) {
    var folds = Array.prototype.slice.call(section.querySelectorAll("details.framework"));
    // Begun in a promise, so that a browser without DecompressionStream lands in catch.
    return Promise.resolve(packed.textContent.trim()).then(inflate).then(JSON.parse)
      .then(function (data) {
        folds.forEach(function (details) {
          var content = data.frameworks[details.getAttribute("data-code")];
          if (content) { fill(details, data.headings, content); }
        });
        section.setAttribute("data-unpacked", "");
      })
      .catch(function () {
        folds.forEach(function (details) {
          details.appendChild(element("p", "note", "This browser could not unpack the " +
            "findings. The same text is in the dataset's findings and good_practice tables."));
        });
      });
  }
  Array.prototype.forEach.call(document.querySelectorAll("section.report"), function (section) {
    var packed = section.querySelector("script.packed");
    if (packed) { unpack(section, packed); }
  });
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) {
      d.open = true;
    });
  });
})();
