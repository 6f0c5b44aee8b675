// tiendo: progressive enhancement only; every page works without this file.
// Beside each figure field, show the number as tiendo will read it ("45.799,5").
(function () {
  "use strict";
  var format = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 4 });

  // Same rules as vn::Decimal::parse_vn: "." groups thousands by three, "," marks decimals.
  function understand(text) {
    var s = text.replace(/[\s\u00a0]/g, "").replace(/%$/, "");
    if (s === "") return "";
    var m = /^([-+\u2212]?)(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,4}))?$/.exec(s);
    if (!m) {
      return /^\d+\.\d{1,2}$/.test(s) ? "dùng dấu phẩy cho phần thập phân" : "chưa đọc được số này";
    }
    var value = Number(m[2].replace(/\./g, "") + (m[3] ? "." + m[3] : ""));
    return format.format(m[1] && m[1] !== "+" ? -value : value);
  }

  // Same words as domain::entry::read_value for a yes/no target.
  var YES = ["dat", "da dat", "co", "hoan thanh", "da hoan thanh", "xong", "roi", "1"];
  var NO = ["khong dat", "chua dat", "khong", "chua", "chua hoan thanh", "khong hoan thanh", "chua co", "0"];
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d")
      .toLowerCase().trim().replace(/\s+/g, " ").replace(/\.$/, "");
  }
  function yesNo(text) {
    var f = fold(text);
    if (f === "") return "";
    if (YES.indexOf(f) >= 0) return "đạt";
    if (NO.indexOf(f) >= 0) return "chưa đạt";
    return "ghi “đạt” hoặc “chưa đạt”";
  }

  document.querySelectorAll("input[data-understood]").forEach(function (input) {
    var out = document.getElementById(input.getAttribute("data-understood"));
    if (!out) return;
    var read = input.hasAttribute("data-yesno") ? yesNo : understand;
    input.addEventListener("input", function () {
      out.textContent = read(input.value);
    });
  });

  // "Quay lại": back to the page before, when there is one.
  document.querySelectorAll("a[data-back]").forEach(function (a) {
    if (window.history.length < 2) return;
    a.addEventListener("click", function (e) {
      e.preventDefault();
      window.history.back();
    });
  });

  // The tree's filter: a unit shows when its name or a unit below it matches, and the
  // levels above a match open.
  var filter = document.getElementById("tree-filter");
  if (filter) {
    var items = [].slice.call(document.querySelectorAll("#tree li")).reverse();
    filter.addEventListener("input", function () {
      var q = fold(filter.value);
      items.forEach(function (li) {
        var own = fold(li.getAttribute("data-name") || "").indexOf(q) >= 0;
        var below = [].some.call(li.querySelectorAll(":scope > details > ul > li"), function (c) {
          return !c.hidden;
        });
        li.hidden = q !== "" && !own && !below;
        var d = li.querySelector(":scope > details");
        if (d && q !== "" && below) d.open = true;
      });
    });
  }

  // The number of things waiting, beside "Việc cần làm".
  var count = document.getElementById("inbox-count");
  if (count && window.fetch) {
    fetch("/inbox/count", { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (j) {
        if (j && j.count > 0) {
          count.textContent = j.count;
          count.hidden = false;
          count.setAttribute("aria-label", j.count + " việc");
        }
      })
      .catch(function () {});
  }

  // "Thêm kết luận": one more row, a copy of the last one emptied and renumbered. The
  // server always offers two empty rows besides those typed, so this is only a shortcut.
  document.querySelectorAll("button.add-row").forEach(function (button) {
    var prefix = button.getAttribute("data-prefix");
    button.hidden = false;
    button.addEventListener("click", function () {
      var rows = button.closest("fieldset, form").querySelectorAll("div.conclusion");
      var last = rows[rows.length - 1];
      if (!last) return;
      var n = Number(last.getAttribute("data-row")) + 1;
      var row = last.cloneNode(true);
      row.setAttribute("data-row", n);
      row.querySelectorAll("input.picker").forEach(function (e) { e.remove(); });
      var from = new RegExp("^" + prefix + "\\d+_");
      row.querySelectorAll("[id], [name], label[for]").forEach(function (e) {
        ["id", "name", "for"].forEach(function (a) {
          var v = e.getAttribute(a);
          if (v && from.test(v)) e.setAttribute(a, v.replace(from, prefix + n + "_"));
        });
        if (e.value !== undefined && e.tagName !== "OPTION") e.value = "";
      });
      var label = row.querySelector("label");
      if (label) label.textContent = label.textContent.replace(/\d+$/, n);
      last.after(row);
    });
  });

  // A long list of units one can type into: a box before the select keeps the options
  // whose name (or parent's) matches, accents or not, and picks the first of them.
  function filterable(select) {
    if (select.previousElementSibling && select.previousElementSibling.classList.contains("picker")) return;
    var box = document.createElement("input");
    box.type = "search";
    box.className = "picker";
    box.placeholder = "gõ để lọc, ví dụ: phu chanh";
    box.setAttribute("aria-label", "Lọc danh sách: " + (select.labels && select.labels[0] ? select.labels[0].textContent : "đơn vị"));
    select.parentNode.insertBefore(box, select);
    box.addEventListener("input", function () {
      var q = fold(box.value);
      var first = null;
      [].forEach.call(select.options, function (o) {
        var keep = o.value === "" || q === "" || fold(o.textContent).indexOf(q) >= 0;
        o.hidden = !keep;
        if (keep && o.value !== "" && !first) first = o;
      });
      if (q !== "" && first) select.value = first.value;
    });
  }
  document.querySelectorAll("select[data-filter]").forEach(filterable);
  document.querySelectorAll("button.add-row").forEach(function (button) {
    button.addEventListener("click", function () {
      document.querySelectorAll("select[data-filter]").forEach(filterable);
    });
  });
})();
