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

  document.querySelectorAll("input[data-understood]").forEach(function (input) {
    var out = document.getElementById(input.getAttribute("data-understood"));
    if (!out) return;
    input.addEventListener("input", function () {
      out.textContent = understand(input.value);
    });
  });
})();
