/* eventsys: zoom, pan and find on the hall's floor plan. Fingers pinch to zoom and drag to pan (pointer events,
   touch-action: none on the plan), the mouse wheel zooms, the buttons zoom for keyboards; all of it changes the
   SVG viewBox, so the plan stays sharp. Booth codes are drawn at least MIN_LABEL_PX high on screen and hidden
   when the booths are too small on screen to hold them. "Find a booth" centres and highlights a booth by its
   code. Without this file the plan scrolls sideways as before. */
(function () {
  "use strict";

  var MIN_LABEL_PX = 11;
  var LABEL_METRES = 0.68;   /* the label size of .booth__code in the hall's metres */
  var READABLE_PX_PER_METRE = 832 / 94;   /* the old fixed 52rem plan of a 94 m hall */
  var MAX_PX_PER_METRE = 80;

  function setUp() {
    var tools = document.querySelector("[data-zoom-tools]");
    var svg = document.querySelector("svg[data-floorplan]");
    if (!tools || !svg) {
      return;
    }
    var section = svg.closest(".floor-plan");
    var hallWidth = +svg.dataset.width;
    var hallDepth = +svg.dataset.depth;
    var booths = Array.prototype.slice.call(svg.querySelectorAll(".booth[data-code]"));
    var labels = Array.prototype.slice.call(svg.querySelectorAll(".booth__code"));
    var narrowest = booths.reduce(function (least, booth) {
      return Math.min(least, +booth.dataset.w || least);
    }, Infinity);
    var found = tools.querySelector('[data-part="found"]');
    var view = null;

    section.classList.add("floor-plan--zoomable");
    tools.hidden = false;

    function box() {
      return { w: svg.clientWidth || 1, h: svg.clientHeight || 1 };
    }

    function scale() {
      return box().w / view.w;
    }

    function clamp(next) {
      var size = box();
      var minWidth = size.w / MAX_PX_PER_METRE;
      var maxWidth = Math.max(hallWidth, hallDepth * size.w / size.h) * 1.05;
      var w = Math.min(Math.max(next.w, minWidth), maxWidth);
      var h = w * size.h / size.w;
      var x = Math.min(Math.max(next.x, Math.min(0, hallWidth - w) - w * 0.05), Math.max(0, hallWidth - w) + w * 0.05);
      var y = Math.min(Math.max(next.y, Math.min(0, hallDepth - h) - h * 0.05), Math.max(0, hallDepth - h) + h * 0.05);
      return { x: x, y: y, w: w, h: h };
    }

    function show(next) {
      view = clamp(next);
      svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].map(function (n) {
        return n.toFixed(3);
      }).join(" "));
      var pxPerMetre = scale();
      var metres = Math.max(LABEL_METRES, MIN_LABEL_PX / pxPerMetre);
      labels.forEach(function (label) {
        label.style.fontSize = metres.toFixed(3) + "px";
      });
      /* a code such as "E1-C09" needs about 3.6 label heights of width */
      section.classList.toggle("floor-plan--labels-hidden", narrowest * pxPerMetre < MIN_LABEL_PX * 3.6);
    }

    function zoomAt(factor, cx, cy) {
      /* cx, cy: the point (in metres) that stays under the fingers */
      var w = view.w / factor;
      var h = view.h / factor;
      show({ x: cx - (cx - view.x) / factor, y: cy - (cy - view.y) / factor, w: w, h: h });
    }

    function toMetres(clientX, clientY) {
      var rect = svg.getBoundingClientRect();
      return { x: view.x + (clientX - rect.left) / scale(), y: view.y + (clientY - rect.top) / scale() };
    }

    function wholeHall() {
      var size = box();
      var w = Math.max(hallWidth, hallDepth * size.w / size.h);
      show({ x: (hallWidth - w) / 2, y: (hallDepth - w * size.h / size.w) / 2, w: w, h: 0 });
    }

    function start() {
      var size = box();
      if (size.w / hallWidth >= READABLE_PX_PER_METRE) {
        wholeHall();
      } else {
        show({ x: 0, y: 0, w: size.w / READABLE_PX_PER_METRE, h: 0 });
      }
    }

    /* ---------- fingers and mouse ---------- */

    var pointers = {};
    var pinch = null;
    var moved = false;

    svg.addEventListener("pointerdown", function (event) {
      pointers[event.pointerId] = { x: event.clientX, y: event.clientY };
      moved = false;
      pinch = null;
    });

    svg.addEventListener("pointermove", function (event) {
      var last = pointers[event.pointerId];
      if (!last) {
        return;
      }
      var ids = Object.keys(pointers);
      if (ids.length === 1) {
        var dx = event.clientX - last.x;
        var dy = event.clientY - last.y;
        if (moved || Math.abs(dx) + Math.abs(dy) > 4) {
          if (!moved && svg.setPointerCapture) {
            svg.setPointerCapture(event.pointerId);
          }
          moved = true;
          show({ x: view.x - dx / scale(), y: view.y - dy / scale(), w: view.w, h: view.h });
          pointers[event.pointerId] = { x: event.clientX, y: event.clientY };
        }
      } else if (ids.length === 2) {
        pointers[event.pointerId] = { x: event.clientX, y: event.clientY };
        var a = pointers[ids[0]];
        var b = pointers[ids[1]];
        var distance = Math.hypot(a.x - b.x, a.y - b.y) || 1;
        var middle = toMetres((a.x + b.x) / 2, (a.y + b.y) / 2);
        if (pinch) {
          zoomAt(distance / pinch, middle.x, middle.y);
        }
        pinch = distance;
        moved = true;
      }
    });

    function release(event) {
      delete pointers[event.pointerId];
      pinch = null;
    }
    svg.addEventListener("pointerup", release);
    svg.addEventListener("pointercancel", release);

    /* a drag is not a click: the booth under the finger stays closed */
    svg.addEventListener("click", function (event) {
      if (moved) {
        event.stopPropagation();
        event.preventDefault();
        moved = false;
      }
    }, true);

    svg.addEventListener("wheel", function (event) {
      event.preventDefault();
      var at = toMetres(event.clientX, event.clientY);
      zoomAt(event.deltaY < 0 ? 1.2 : 1 / 1.2, at.x, at.y);
    }, { passive: false });

    /* ---------- buttons and search ---------- */

    tools.addEventListener("click", function (event) {
      var button = event.target.closest("[data-zoom]");
      if (!button) {
        return;
      }
      var kind = button.getAttribute("data-zoom");
      if (kind === "all") {
        wholeHall();
      } else {
        zoomAt(kind === "in" ? 1.5 : 1 / 1.5, view.x + view.w / 2, view.y + view.h / 2);
      }
    });

    function normalised(code) {
      return String(code || "").normalize("NFKC").trim().toUpperCase();
    }

    tools.querySelector('[data-part="find"]').addEventListener("submit", function (event) {
      event.preventDefault();
      var wanted = normalised(event.target.elements.code.value);
      var booth = null;
      booths.forEach(function (candidate) {
        candidate.classList.remove("booth--found");
        if (!booth && wanted && normalised(candidate.dataset.code) === wanted) {
          booth = candidate;
        }
      });
      if (!booth) {
        found.textContent = tools.dataset.msgNotFound.replace("{code}", wanted);
        return;
      }
      var size = box();
      var w = Math.min(view.w, size.w / Math.max(READABLE_PX_PER_METRE * 1.5, MIN_LABEL_PX * 4 / +booth.dataset.w));
      var h = w * size.h / size.w;
      var cx = +booth.dataset.x + +booth.dataset.w / 2;
      var cy = +booth.dataset.y + +booth.dataset.d / 2;
      show({ x: cx - w / 2, y: cy - h / 2, w: w, h: h });
      booth.classList.add("booth--found");
      found.textContent = tools.dataset.msgFound.replace("{code}", booth.dataset.code);
      booth.focus({ preventScroll: true });
    });

    start();
    window.addEventListener("resize", function () {
      show(view);
    });
  }

  /* On the hall page the plan comes after the page (static/js/plan_layer.js); the editor has it in the page. */
  function start() {
    var layer = document.querySelector("[data-plan-src]");
    if (layer && !layer.dataset.planLoaded) {
      document.addEventListener("eventsys:plan-ready", setUp, { once: true });
    } else {
      setUp();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
