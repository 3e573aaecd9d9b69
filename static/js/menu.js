// Small screens: the main menu and the user's tools fold behind one button, and filter panels
// (<details class="filter-fold" open>) start folded. Without script everything stays open.
(function () {
  "use strict";
  var small = window.matchMedia("(max-width: 40rem)");
  var header = document.querySelector(".site-header");
  var toggle = header && header.querySelector(".menu-toggle");
  if (header && toggle) {
    header.classList.add("folds");
    toggle.addEventListener("click", function () {
      var open = header.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  if (small.matches) {
    document.querySelectorAll("details.filter-fold[open]").forEach(function (panel) {
      if (!panel.querySelector(".field-errors")) panel.removeAttribute("open");
    });
  }
})();
