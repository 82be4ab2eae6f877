// Progressive enhancements; every page works without them.
(function () {
  "use strict";

  // On narrow screens the navigation and the account/language tools fold behind a menu button.
  // Without JavaScript both stay open as plain lists.
  function setUpMenu() {
    var toggle = document.querySelector(".nav-toggle");
    var nav = document.getElementById("hauptnavigation");
    var tools = document.getElementById("kopfwerkzeuge");
    if (!toggle || !nav) {
      return;
    }
    var narrow = window.matchMedia("(max-width: 47.99em)");
    var panels = [nav, tools].filter(Boolean);
    document.documentElement.classList.add("js-nav");
    toggle.setAttribute("aria-controls", panels.map(function (p) { return p.id; }).join(" "));

    function setOpen(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      panels.forEach(function (panel) {
        panel.classList.toggle("is-collapsed", !open);
      });
    }

    function update() {
      toggle.hidden = !narrow.matches;
      setOpen(!narrow.matches);
    }

    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && narrow.matches && toggle.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        toggle.focus();
      }
    });
    narrow.addEventListener("change", update);
    update();
  }

  // Printed pages show every FAQ answer.
  function openDetailsForPrint() {
    window.addEventListener("beforeprint", function () {
      document.querySelectorAll("details:not([open])").forEach(function (details) {
        details.setAttribute("open", "");
        details.dataset.printOpened = "1";
      });
    });
    window.addEventListener("afterprint", function () {
      document.querySelectorAll("details[data-print-opened]").forEach(function (details) {
        details.removeAttribute("open");
        delete details.dataset.printOpened;
      });
    });
  }

  // A link to a FAQ entry (#frage-12) opens that entry.
  function openTargetDetails() {
    var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
    if (target && target.tagName === "DETAILS") {
      target.open = true;
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpMenu();
    openDetailsForPrint();
    openTargetDetails();
  });
})();
