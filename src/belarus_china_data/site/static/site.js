/* belarus-china-data site: offline search over the prebuilt index, and filter/sort of table pages. No network. */
(function () {
  "use strict";
  function norm(s) {
    return String(s).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  var q = document.getElementById("q");
  if (q && window.BCD_SEARCH) {
    var list = document.getElementById("results");
    var status = document.getElementById("search-status");
    var run = function () {
      var words = norm(q.value).split(/\s+/).filter(Boolean);
      list.textContent = "";
      if (!words.length) { status.textContent = ""; return; }
      var hits = window.BCD_SEARCH.filter(function (e) {
        return words.every(function (w) { return e[4].indexOf(w) !== -1; });
      });
      status.textContent = hits.length + (hits.length === 1 ? " match" : " matches") +
        (hits.length > 50 ? ", the first 50 shown" : "");
      hits.slice(0, 50).forEach(function (e) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = "records/" + e[0] + ".html";
        a.textContent = e[1];
        li.appendChild(a);
        var small = document.createElement("small");
        small.textContent = " " + e[2] + (e[3] ? " · " + e[3] : "");
        li.appendChild(small);
        list.appendChild(li);
      });
    };
    q.addEventListener("input", run);
    var given = new URLSearchParams(window.location.search).get("q");
    if (given) { q.value = given; }
    run();
  }

  var table = document.getElementById("rows-table");
  if (table) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var texts = rows.map(function (r) { return norm(r.textContent); });
    var box = document.querySelector(".filter");
    var input = document.getElementById("filter");
    var count = document.getElementById("count");
    box.hidden = false;
    var show = function () {
      var words = norm(input.value).split(/\s+/).filter(Boolean);
      var n = 0;
      rows.forEach(function (r, i) {
        var ok = words.every(function (w) { return texts[i].indexOf(w) !== -1; });
        r.hidden = !ok;
        if (ok) { n += 1; }
      });
      count.textContent = n + " of " + rows.length + " rows";
    };
    var timer = null;
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(show, 120); });
    show();
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      button.title = "Sort by this column";
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var up = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", up ? "ascending" : "descending");
        var keyed = rows.map(function (r, i) {
          var t = r.cells[col] ? r.cells[col].textContent.trim() : "";
          var num = t.replace(/,/g, "");
          return { r: r, i: i, t: t, n: num !== "" && isFinite(num) ? Number(num) : null };
        });
        keyed.sort(function (a, b) {
          var c;
          if (a.n !== null && b.n !== null) { c = a.n - b.n; }
          else if (a.n !== null) { c = -1; } else if (b.n !== null) { c = 1; }
          else { c = a.t.localeCompare(b.t); }
          return (up ? c : -c) || a.i - b.i;
        });
        var frag = document.createDocumentFragment();
        keyed.forEach(function (k) { frag.appendChild(k.r); });
        body.appendChild(frag);
      });
    });
  }
})();
