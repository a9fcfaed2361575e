/* eventsys: small enhancements only; every page works without this file. */
(function () {
  "use strict";

  /* On narrow screens the main navigation collapses behind a Menu button. */
  function setUpNavigation() {
    var toggle = document.querySelector(".nav-toggle");
    var nav = document.getElementById("site-nav");
    if (!toggle || !nav) {
      return;
    }
    nav.classList.add("site-nav--collapsible");
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      nav.classList.toggle("site-nav--open", open);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        toggle.setAttribute("aria-expanded", "false");
        nav.classList.remove("site-nav--open");
        toggle.focus();
      }
    });
  }

  /* Sign-up guesses the person's own time zone from the browser; they can change it on their account page. */
  function guessTimeZone() {
    var field = document.querySelector("[data-guess-time-zone]");
    if (field && !field.value && window.Intl) {
      field.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    }
  }

  /* A table wider than its box scrolls inside it: make that box reachable by keyboard and named by the
     table's caption, so keyboard users can scroll it too (WCAG 2.1.1). */
  function setUpScrollingTables() {
    Array.prototype.forEach.call(document.querySelectorAll(".table-scroll"), function (box) {
      if (box.scrollWidth <= box.clientWidth || box.hasAttribute("tabindex")) {
        return;
      }
      var caption = box.querySelector("caption");
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      if (caption) {
        box.setAttribute("aria-label", caption.textContent.trim());
      }
    });
  }

  function setUp() {
    setUpNavigation();
    guessTimeZone();
    setUpScrollingTables();
    // A table that fits a wide window may not fit once it is narrowed or the phone turned.
    window.addEventListener("resize", setUpScrollingTables);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
