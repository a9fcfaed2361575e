/* eventsys: the floor-plan editor. Organizers draw a hall's booths and areas (stage, lounge, pillar, entrance) on
   the same SVG plan startups see (templates/fairs/_plan.html), on a 0.5 m grid, and save the whole plan through
   POST /api/v1/fairs/<fair>/halls/<hall>/plan. Overlaps and booths outside the hall turn red as they are drawn;
   the server checks everything again and its refusals are listed. Everything works by mouse, touch and keyboard.
   The texts come translated from the page (data-msg-* on #plan-editor); no inline script or style is needed. */
(function () {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";
  var STEP = 0.5;
  var HISTORY = 200;
  var AREA_SIZES = { stage: [8, 5], lounge: [6, 4], pillar: [1, 1], entrance: [4, 1], other: [4, 4] };

  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

  function snap(value) {
    return Math.round(value / STEP) * STEP;
  }

  function num(value) {
    return String(Math.round(value * 100) / 100);
  }

  function element(name, attributes) {
    var node = document.createElementNS(SVG_NS, name);
    Object.keys(attributes || {}).forEach(function (key) {
      node.setAttribute(key, attributes[key]);
    });
    return node;
  }

  function overlap(a, b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.d && b.y < a.y + a.d;
  }

  /* Dark text on light booth colours, white on dark ones. */
  function textColour(hex) {
    var match = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex || "");
    if (!match) {
      return "#1f2937";
    }
    var luminance = (0.299 * parseInt(match[1], 16) + 0.587 * parseInt(match[2], 16) + 0.114 * parseInt(match[3], 16));
    return luminance > 150 ? "#1f2937" : "#ffffff";
  }

  function setUp() {
    var root = document.getElementById("plan-editor");
    if (!root) {
      return;
    }
    var text = root.dataset;
    var hall = { w: +text.width, d: +text.depth };
    var part = function (name) { return root.querySelector('[data-role="' + name + '"]'); };
    var svg = part("svg");
    var canvas = document.getElementById("plan-canvas");
    var boothLayer = part("booths");
    var areaLayer = svg.querySelector(".hall-areas");
    var overlay = part("overlay");
    var status = part("status");
    var newType = part("new-type");
    var newKind = part("new-kind");
    var boothForm = part("booth-form");
    var areaForm = part("area-form");
    var rowForm = part("row-form");
    var itemPanel = part("item-panel");
    var problemsPanel = part("problems");
    var emptyTitle = part("item-title").textContent;
    var tokenMeta = document.querySelector('meta[name="csrf-token"]');
    var csrfToken = tokenMeta ? tokenMeta.getAttribute("content") : "";

    var types = {};
    Array.prototype.forEach.call(newType.options, function (option) {
      types[option.value] = { name: option.textContent, w: +option.dataset.w, d: +option.dataset.d,
                              colour: option.dataset.colour };
    });
    var kindNames = {};
    Array.prototype.forEach.call(newKind.options, function (option) {
      kindNames[option.value] = option.textContent;
    });

    /* ---------- the model: booths and areas as plain objects, keyed ---------- */

    var serial = 0;
    var items = [];          /* booths and areas, in the order they are saved */
    var byKey = {};
    var selection = {};      /* key -> true */
    var undoStack = [];
    var redoStack = [];
    var dirty = false;
    var tool = "select";
    var scale = 1;

    function newKey() {
      serial += 1;
      return "n" + serial;
    }

    function readBooth(node) {
      var data = node.dataset;
      return {
        key: "b" + data.boothId, kind: "booth", id: +data.boothId, code: data.code, typeId: data.typeId,
        sectorId: data.sectorId || "", blocked: data.blocked === "true",
        x: +data.x, y: +data.y, w: +data.w, d: +data.d,
        bookingId: data.bookingId || "", bookingUrl: data.bookingUrl || "", company: data.company || ""
      };
    }

    function readArea(node) {
      var data = node.dataset;
      return { key: "a" + data.areaId, kind: "area", id: +data.areaId, area: data.kind, label: data.label || "",
               x: +data.x, y: +data.y, w: +data.w, d: +data.d };
    }

    Array.prototype.forEach.call(areaLayer.querySelectorAll(".hall-area[data-area-id]"), function (node) {
      items.push(readArea(node));
    });
    Array.prototype.forEach.call(boothLayer.querySelectorAll(".booth[data-booth-id]"), function (node) {
      items.push(readBooth(node));
    });
    /* Booked booths keep where their booking is: the server refuses otherwise, so the editor does not offer it. */
    items.forEach(function (item) {
      if (item.bookingId) {
        item.locked = { x: item.x, y: item.y, w: item.w, d: item.d, typeId: item.typeId, blocked: item.blocked };
      }
    });

    function reindex() {
      byKey = {};
      items.forEach(function (item) { byKey[item.key] = item; });
      Object.keys(selection).forEach(function (key) {
        if (!byKey[key]) {
          delete selection[key];
        }
      });
    }
    reindex();

    function selected() {
      return items.filter(function (item) { return selection[item.key]; });
    }

    function snapshot() {
      return JSON.stringify(items, function (key, value) { return key === "node" ? undefined : value; });
    }

    /* Call before a change: the state it changes can be brought back. */
    function remember() {
      undoStack.push(snapshot());
      if (undoStack.length > HISTORY) {
        undoStack.shift();
      }
      redoStack = [];
      setDirty(true);
    }

    function restore(from, to, message) {
      if (!from.length) {
        say(text.msgNothing);
        return;
      }
      to.push(snapshot());
      items = JSON.parse(from.pop());
      reindex();
      setDirty(true);
      renderAll();
      say(message);
    }

    function setDirty(value) {
      dirty = value;
      root.classList.toggle("is-dirty", value);
    }

    function say(message) {
      status.textContent = message || "";
    }

    /* ---------- conflicts: overlaps (not between areas), outside the hall, codes used twice ---------- */

    function conflicts() {
      var found = {};
      var sorted = items.slice().sort(function (a, b) { return a.x - b.x; });
      sorted.forEach(function (item, i) {
        if (item.x < 0 || item.y < 0 || item.w <= 0 || item.d <= 0 || item.x + item.w > hall.w || item.y + item.d > hall.d) {
          found[item.key] = true;
        }
        for (var j = i + 1; j < sorted.length; j += 1) {
          var other = sorted[j];
          if (other.x >= item.x + item.w) {
            break;
          }
          if ((item.kind === "booth" || other.kind === "booth") && overlap(item, other)) {
            found[item.key] = found[other.key] = true;
          }
        }
      });
      var codes = {};
      items.forEach(function (item) {
        if (item.kind !== "booth") {
          return;
        }
        if (codes[item.code]) {
          found[item.key] = found[codes[item.code]] = true;
        }
        codes[item.code] = item.key;
      });
      return found;
    }

    /* ---------- drawing ---------- */

    function describe(item) {
      var place = { w: num(item.w), d: num(item.d), x: num(item.x), y: num(item.y) };
      if (item.kind === "area") {
        return fill(text.msgArea, Object.assign({ kind: kindNames[item.area] || item.area, label: item.label }, place));
      }
      var type = types[item.typeId];
      var line = fill(text.msgBooth, Object.assign({ code: item.code, type: type ? type.name : "?" }, place));
      if (item.company) {
        line += ", " + fill(text.msgBookedBy, { company: item.company });
      }
      if (item.blocked) {
        line += ", " + text.msgNotBookable;
      }
      return line;
    }

    function drawItem(item, conflict) {
      var group = item.node;
      if (!group) {
        group = item.node = element("g", { tabindex: "0", role: "button" });
        group.dataset.key = item.key;
        group.append(element("rect"), element("text", { "text-anchor": "middle", "dominant-baseline": "central",
                                                          "aria-hidden": "true" }));
      }
      var rect = group.firstChild;
      var label = group.lastChild;
      rect.setAttribute("x", item.x);
      rect.setAttribute("y", item.y);
      rect.setAttribute("width", Math.max(item.w, 0.01));
      rect.setAttribute("height", Math.max(item.d, 0.01));
      label.setAttribute("x", item.x + item.w / 2);
      label.setAttribute("y", item.y + item.d / 2);
      var classes;
      if (item.kind === "booth") {
        var type = types[item.typeId] || {};
        classes = "booth booth--edit" + (item.blocked ? " booth--blocked" : "") + (item.locked ? " booth--locked" : "");
        rect.setAttribute("fill", type.colour || "#adb5bd");
        label.setAttribute("class", "booth__code");
        label.setAttribute("fill", textColour(type.colour));
        label.textContent = item.code;
        group.dataset.code = item.code;
      } else {
        var name = item.label || kindNames[item.area] || item.area;
        classes = "hall-area hall-area--" + item.area;
        label.setAttribute("class", "hall-area__label");
        /* The same size as templates/fairs/_plan.html gives the label on the startups' plan. */
        label.setAttribute("font-size", num(Math.min(1.4, item.d * 0.45, item.w * 1.7 / (name.length + 1))));
        label.textContent = name;
      }
      classes += selection[item.key] ? " is-selected" : "";
      classes += conflict ? " is-conflict" : "";
      group.setAttribute("class", classes);
      group.setAttribute("aria-label", describe(item) + (conflict ? " (" + text.msgConflict + ")" : ""));
      group.setAttribute("aria-pressed", selection[item.key] ? "true" : "false");
      return group;
    }

    function renderAll() {
      var focusedKey = document.activeElement && document.activeElement.dataset
        ? document.activeElement.dataset.key : null;
      var found = conflicts();
      var booths = document.createDocumentFragment();
      var areas = document.createDocumentFragment();
      items.forEach(function (item) {
        item.node = null;
      });
      items.forEach(function (item) {
        (item.kind === "booth" ? booths : areas).append(drawItem(item, found[item.key]));
      });
      boothLayer.replaceChildren(booths);
      areaLayer.replaceChildren(areas);
      afterChange(found);
      if (focusedKey && byKey[focusedKey]) {
        byKey[focusedKey].node.focus({ preventScroll: true });
      }
    }

    /* Only the given items changed place or looks: quicker while dragging among a thousand booths. */
    function renderSome(changed) {
      var found = conflicts();
      items.forEach(function (item) {
        var was = item.node && item.node.classList.contains("is-conflict");
        if (item.node && (changed.indexOf(item) !== -1 || was !== Boolean(found[item.key]))) {
          drawItem(item, found[item.key]);
        }
      });
      afterChange(found);
    }

    function afterChange(found) {
      var count = Object.keys(found).length;
      root.dataset.conflicts = String(count);
      drawHandle();
      showPanel();
      countTypes();
      part("conflicts").textContent = count ? fill(text.msgConflicts, { count: count }) : "";
      part("save-state").textContent = dirty ? text.msgUnsaved : text.msgAllSaved;
    }

    function countTypes() {
      var counts = {};
      items.forEach(function (item) {
        if (item.kind === "booth") {
          counts[item.typeId] = (counts[item.typeId] || 0) + 1;
        }
      });
      Array.prototype.forEach.call(root.querySelectorAll('[data-role="type-count"]'), function (node) {
        node.textContent = String(counts[node.dataset.typeId] || 0);
      });
    }

    /* The resize handle at the bottom right of a single selected item. */
    function drawHandle() {
      overlay.replaceChildren();
      var chosen = selected();
      if (chosen.length !== 1 || chosen[0].locked) {
        return;
      }
      var item = chosen[0];
      var size = Math.max(0.6, Math.min(1.2, 12 / scale));
      overlay.append(element("rect", { "class": "plan-editor__handle", "data-handle": "resize",
                                       x: item.x + item.w - size / 2, y: item.y + item.d - size / 2,
                                       width: size, height: size }));
    }

    function setZoom(value) {
      var fit = (canvas.clientWidth - 2) / hall.w;
      scale = Math.max(2, Math.min(80, value || Math.max(fit, 8)));
      svg.setAttribute("width", String(Math.round(hall.w * scale)));
      svg.setAttribute("height", String(Math.round(hall.d * scale)));
      drawHandle();
    }

    /* ---------- the side panel ---------- */

    function setField(form, name, value) {
      var input = form.elements[name];
      if (input.type === "checkbox") {
        input.checked = Boolean(value);
        input.indeterminate = value === null;
      } else {
        input.value = value === null || value === undefined ? "" : value;
      }
    }

    function common(list, name) {
      var first = list[0][name];
      return list.every(function (item) { return item[name] === first; }) ? first : null;
    }

    function showPanel() {
      var chosen = selected();
      var booths = chosen.filter(function (item) { return item.kind === "booth"; });
      var title = part("item-title");
      var hint = part("item-hint");
      boothForm.hidden = !(booths.length && booths.length === chosen.length);
      areaForm.hidden = !(chosen.length === 1 && chosen[0].kind === "area");
      hint.hidden = chosen.length > 0;
      if (!chosen.length) {
        title.textContent = emptyTitle;
        return;
      }
      title.textContent = chosen.length === 1 ? describe(chosen[0]) : fill(text.msgSelected, { count: chosen.length });
      if (!boothForm.hidden) {
        fillBoothForm(booths);
      } else if (!areaForm.hidden) {
        var area = chosen[0];
        setField(areaForm, "kind", area.area);
        setField(areaForm, "label", area.label);
        ["x", "y", "w", "d"].forEach(function (name) { setField(areaForm, name, area[name]); });
      }
    }

    function fillBoothForm(booths) {
      var single = booths.length === 1;
      var locked = booths.filter(function (item) { return item.locked; });
      Array.prototype.forEach.call(boothForm.querySelectorAll("[data-single]"), function (node) {
        node.hidden = !single;
      });
      Array.prototype.forEach.call(boothForm.querySelectorAll("[data-lockable] input, [data-lockable] select"),
        function (input) { input.disabled = locked.length > 0; });
      setField(boothForm, "code", single ? booths[0].code : "");
      setField(boothForm, "type", common(booths, "typeId"));
      var zone = common(booths, "sectorId");
      setField(boothForm, "zone", zone === null ? "mixed" : zone);
      setField(boothForm, "blocked", common(booths, "blocked"));
      ["x", "y", "w", "d"].forEach(function (name) { setField(boothForm, name, single ? booths[0][name] : ""); });
      var note = part("locked");
      note.hidden = locked.length === 0;
      note.replaceChildren();
      locked.forEach(function (item) {
        var line = document.createElement("span");
        line.textContent = fill(text.msgLocked, { code: item.code, company: item.company }) + " ";
        var link = document.createElement("a");
        link.href = item.bookingUrl;
        link.textContent = text.msgMoveBooking;
        note.append(line, link, document.createElement("br"));
      });
    }

    function applyBoothForm(event) {
      var input = event.target;
      var booths = selected().filter(function (item) { return item.kind === "booth"; });
      if (!booths.length || !input.name) {
        return;
      }
      remember();
      booths.forEach(function (item) {
        if (input.name === "code") {
          item.code = input.value.trim();
        } else if (input.name === "type" && input.value) {
          item.typeId = input.value;
        } else if (input.name === "zone" && input.value !== "mixed") {
          item.sectorId = input.value;
        } else if (input.name === "blocked") {
          item.blocked = input.checked;
        } else if (["x", "y", "w", "d"].indexOf(input.name) !== -1 && input.value !== "") {
          item[input.name] = snap(+input.value);
        }
      });
      renderSome(booths);
    }

    function applyAreaForm(event) {
      var input = event.target;
      var area = selected()[0];
      if (!area || area.kind !== "area" || !input.name) {
        return;
      }
      remember();
      if (input.name === "kind") {
        area.area = input.value;
      } else if (input.name === "label") {
        area.label = input.value.trim();
      } else if (input.value !== "") {
        area[input.name] = snap(+input.value);
      }
      renderSome([area]);
    }

    /* ---------- selecting, adding, moving, resizing, deleting ---------- */

    function select(keys, add) {
      if (!add) {
        selection = {};
      }
      keys.forEach(function (key) { selection[key] = true; });
      renderSelection();
    }

    function toggle(key) {
      if (selection[key]) {
        delete selection[key];
      } else {
        selection[key] = true;
      }
      renderSelection();
    }

    function renderSelection() {
      items.forEach(function (item) {
        if (item.node) {
          var on = Boolean(selection[item.key]);
          item.node.classList.toggle("is-selected", on);
          item.node.setAttribute("aria-pressed", on ? "true" : "false");
        }
      });
      drawHandle();
      showPanel();
    }

    function refuseLocked(list) {
      var locked = list.filter(function (item) { return item.locked; });
      if (locked.length) {
        say(fill(text.msgLocked, { code: locked[0].code, company: locked[0].company }));
        return true;
      }
      return false;
    }

    function moveBy(list, dx, dy) {
      if (!list.length || refuseLocked(list)) {
        return;
      }
      remember();
      list.forEach(function (item) {
        item.x = snap(item.x + dx);
        item.y = snap(item.y + dy);
      });
      renderSome(list);
    }

    function resizeBy(list, dw, dd) {
      if (!list.length || refuseLocked(list)) {
        return;
      }
      remember();
      list.forEach(function (item) {
        item.w = Math.max(STEP, snap(item.w + dw));
        item.d = Math.max(STEP, snap(item.d + dd));
      });
      renderSome(list);
    }

    function removeSelected() {
      var list = selected();
      if (!list.length || refuseLocked(list)) {
        return;
      }
      remember();
      items = items.filter(function (item) { return !selection[item.key]; });
      selection = {};
      reindex();
      renderAll();
      say(fill(text.msgDeleted, { count: list.length }));
      canvas.focus();
    }

    /* A code not yet used: the prefix of the last booth drawn (or the row form's), numbered on. */
    function nextCode(prefix, start) {
      var used = {};
      items.forEach(function (item) { used[item.code] = true; });
      for (var n = start || 1; ; n += 1) {
        var code = prefix + (n < 10 ? "0" + n : String(n));
        if (!used[code]) {
          return code;
        }
      }
    }

    /* The first place, row by row on the grid, where a w × d rectangle overlaps nothing; null if none. */
    function freePlace(w, d) {
      var cols = Math.round(hall.w / STEP);
      var rows = Math.round(hall.d / STEP);
      var taken = new Uint8Array(cols * rows);
      items.forEach(function (item) {
        for (var cy = Math.max(0, Math.floor(item.y / STEP)); cy < Math.min(rows, Math.ceil((item.y + item.d) / STEP)); cy += 1) {
          for (var cx = Math.max(0, Math.floor(item.x / STEP)); cx < Math.min(cols, Math.ceil((item.x + item.w) / STEP)); cx += 1) {
            taken[cy * cols + cx] = 1;
          }
        }
      });
      var cw = Math.round(w / STEP);
      var cd = Math.round(d / STEP);
      for (var y = 0; y + cd <= rows; y += 1) {
        for (var x = 0; x + cw <= cols; x += 1) {
          if (windowFree(taken, cols, x, y, cw, cd)) {
            return { x: x * STEP, y: y * STEP };
          }
        }
      }
      return null;
    }

    function windowFree(taken, cols, x, y, cw, cd) {
      for (var j = 0; j < cd; j += 1) {
        for (var i = 0; i < cw; i += 1) {
          if (taken[(y + j) * cols + x + i]) {
            return false;
          }
        }
      }
      return true;
    }

    function currentType() {
      if (!newType.value) {
        say(text.msgNoType);
        return null;
      }
      return newType.value;
    }

    function addBooth(x, y, w, d) {
      var typeId = currentType();
      if (!typeId) {
        return;
      }
      var type = types[typeId];
      w = w || type.w;
      d = d || type.d;
      var message = null;
      if (x === undefined) {
        var place = freePlace(w, d);
        if (!place) {
          place = { x: 0, y: 0 };
          message = text.msgNoRoom;
        }
        x = place.x;
        y = place.y;
      }
      remember();
      var booth = { key: newKey(), kind: "booth", id: null, code: nextCode(rowForm.elements.prefix.value || "A"),
                    typeId: typeId, sectorId: "", blocked: false, x: x, y: y, w: w, d: d };
      items.push(booth);
      reindex();
      select([booth.key]);
      renderAll();
      booth.node.focus();
      say(message || fill(text.msgAdded, { code: booth.code }));
    }

    function addArea(x, y, w, d) {
      var kind = newKind.value;
      var size = AREA_SIZES[kind] || [4, 4];
      w = w || size[0];
      d = d || size[1];
      var message = null;
      if (x === undefined) {
        var place = freePlace(w, d) || { x: 0, y: 0 };
        message = place.x === 0 && place.y === 0 && !freePlace(w, d) ? text.msgNoRoom : null;
        x = place.x;
        y = place.y;
      }
      remember();
      var area = { key: newKey(), kind: "area", id: null, area: kind, label: "", x: x, y: y, w: w, d: d };
      items.push(area);
      reindex();
      select([area.key]);
      renderAll();
      area.node.focus();
      say(message || fill(text.msgAreaAdded, { kind: kindNames[kind] }));
    }

    /* N booths of a type in rows of `columns`, codes prefix + number, top left at (x, y) or the first free place. */
    function addRow(x, y) {
      var form = rowForm.elements;
      var typeId = form.type.value;
      var type = types[typeId];
      var count = Math.max(1, Math.min(500, parseInt(form.count.value, 10) || 1));
      var columns = Math.max(1, Math.min(count, parseInt(form.columns.value, 10) || count));
      if (!type) {
        say(text.msgNoType);
        return;
      }
      var rows = Math.ceil(count / columns);
      var message = null;
      if (x === undefined) {
        x = form.x.value === "" ? null : snap(+form.x.value);
        y = form.y.value === "" ? null : snap(+form.y.value);
        if (x === null || y === null) {
          var place = freePlace(type.w * columns, type.d * rows);
          if (!place) {
            message = text.msgNoRoom;
          }
          x = place ? place.x : 0;
          y = place ? place.y : 0;
        }
      }
      remember();
      var prefix = form.prefix.value.trim();
      var start = Math.max(0, parseInt(form.start.value, 10) || 0);
      var keys = [];
      for (var i = 0; i < count; i += 1) {
        var number = start + i;
        var booth = { key: newKey(), kind: "booth", id: null, code: prefix + (number < 10 ? "0" + number : number),
                      typeId: typeId, sectorId: "", blocked: false,
                      x: x + (i % columns) * type.w, y: y + Math.floor(i / columns) * type.d, w: type.w, d: type.d };
        items.push(booth);
        keys.push(booth.key);
      }
      form.start.value = String(start + count);
      reindex();
      select(keys);
      renderAll();
      byKey[keys[0]].node.focus();
      say(message || fill(text.msgRowAdded, { count: count }));
    }

    /* ---------- the pointer: select, box-select, move, resize, draw ---------- */

    var drag = null;

    function point(event) {
      var matrix = svg.getScreenCTM();
      var p = svg.createSVGPoint();
      p.x = event.clientX;
      p.y = event.clientY;
      return p.matrixTransform(matrix.inverse());
    }

    function itemAt(target) {
      var node = target.closest && target.closest("[data-key]");
      return node ? byKey[node.dataset.key] : null;
    }

    function preview(x0, y0, x1, y1, className) {
      var box = { x: Math.min(x0, x1), y: Math.min(y0, y1), w: Math.abs(x1 - x0), d: Math.abs(y1 - y0) };
      overlay.replaceChildren(element("rect", { "class": className, x: box.x, y: box.y,
                                                width: Math.max(box.w, 0.01), height: Math.max(box.d, 0.01) }));
      return box;
    }

    svg.addEventListener("pointerdown", function (event) {
      if (event.button !== 0) {
        return;
      }
      var at = point(event);
      var item = itemAt(event.target);
      var start = { x: snap(at.x), y: snap(at.y) };
      if (event.target.dataset && event.target.dataset.handle === "resize") {
        var target = selected()[0];
        drag = { mode: "resize", item: target, w: target.w, d: target.d, from: at, moved: false };
      } else if (tool === "select" && item) {
        if (event.shiftKey) {
          toggle(item.key);
          return;
        }
        if (!selection[item.key]) {
          select([item.key]);
        }
        item.node.focus({ preventScroll: true });
        var list = selected();
        drag = { mode: "move", list: list, from: at, moved: false,
                 places: list.map(function (each) { return { x: each.x, y: each.y }; }) };
      } else if (tool === "select") {
        drag = { mode: "box", from: at, add: event.shiftKey };
      } else if (tool === "row") {
        addRow(start.x, start.y);
        return;
      } else {
        drag = { mode: tool, from: start };
      }
      svg.setPointerCapture(event.pointerId);
      event.preventDefault();
    });

    svg.addEventListener("pointermove", function (event) {
      if (!drag) {
        return;
      }
      var at = point(event);
      var dx = snap(at.x - drag.from.x);
      var dy = snap(at.y - drag.from.y);
      if (drag.mode === "move" && (dx || dy || drag.moved)) {
        if (!drag.moved) {
          if (refuseLocked(drag.list)) {
            drag = null;
            return;
          }
          remember();
          drag.moved = true;
        }
        drag.list.forEach(function (item, i) {
          item.x = drag.places[i].x + dx;
          item.y = drag.places[i].y + dy;
        });
        renderSome(drag.list);
      } else if (drag.mode === "resize" && (dx || dy || drag.moved)) {
        if (!drag.moved) {
          remember();
          drag.moved = true;
        }
        drag.item.w = Math.max(STEP, drag.w + dx);
        drag.item.d = Math.max(STEP, drag.d + dy);
        renderSome([drag.item]);
      } else if (drag.mode === "box") {
        preview(drag.from.x, drag.from.y, at.x, at.y, "plan-editor__box");
      } else if (drag.mode === "booth" || drag.mode === "area") {
        var box = preview(drag.from.x, drag.from.y, snap(at.x), snap(at.y), "plan-editor__draft");
        var clash = box.x < 0 || box.y < 0 || box.x + box.w > hall.w || box.y + box.d > hall.d ||
          items.some(function (item) { return (drag.mode === "booth" || item.kind === "booth") && overlap(box, item); });
        overlay.firstChild.classList.toggle("is-conflict", clash);
      }
    });

    function endDrag(event) {
      if (!drag) {
        return;
      }
      var done = drag;
      drag = null;
      var at = point(event);
      if (done.mode === "box") {
        overlay.replaceChildren();
        var box = { x: Math.min(done.from.x, at.x), y: Math.min(done.from.y, at.y),
                    w: Math.abs(at.x - done.from.x), d: Math.abs(at.y - done.from.y) };
        var keys = items.filter(function (item) { return overlap(box, item); }).map(function (item) { return item.key; });
        select(keys, done.add);
      } else if (done.mode === "booth" || done.mode === "area") {
        overlay.replaceChildren();
        var x1 = snap(at.x);
        var y1 = snap(at.y);
        var x = Math.min(done.from.x, x1);
        var y = Math.min(done.from.y, y1);
        var w = Math.abs(x1 - done.from.x);
        var d = Math.abs(y1 - done.from.y);
        /* A click without a drag puts down one of the type's (or the kind's) usual size. */
        if (done.mode === "booth") {
          addBooth(x, y, w >= STEP && d >= STEP ? w : 0, w >= STEP && d >= STEP ? d : 0);
        } else {
          addArea(x, y, w >= STEP && d >= STEP ? w : 0, w >= STEP && d >= STEP ? d : 0);
        }
      } else {
        drawHandle();
        showPanel();
      }
    }

    svg.addEventListener("pointerup", endDrag);
    svg.addEventListener("pointercancel", function () {
      drag = null;
      overlay.replaceChildren();
      drawHandle();
    });

    /* ---------- the keyboard ---------- */

    var ARROWS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

    svg.addEventListener("keydown", function (event) {
      var item = itemAt(event.target);
      if (!item) {
        return;
      }
      var arrow = ARROWS[event.key];
      if (arrow) {
        event.preventDefault();
        if (!selection[item.key]) {
          select([item.key]);
        }
        if (event.shiftKey) {
          resizeBy(selected(), arrow[0] * STEP, arrow[1] * STEP);
        } else {
          moveBy(selected(), arrow[0] * STEP, arrow[1] * STEP);
        }
        item.node.focus();
      } else if (event.key === " " || event.key === "Spacebar") {
        event.preventDefault();
        toggle(item.key);
      } else if (event.key === "Enter") {
        event.preventDefault();
        if (!selection[item.key]) {
          select([item.key]);
        }
        var form = item.kind === "booth" ? boothForm : areaForm;
        var first = Array.prototype.find.call(form.querySelectorAll("input, select"), function (input) {
          return !input.disabled && input.offsetParent !== null;
        });
        (first || itemPanel).focus();
      } else if (event.key === "Delete" || event.key === "Backspace") {
        event.preventDefault();
        if (!selection[item.key]) {
          select([item.key]);
        }
        removeSelected();
      }
    });

    function typing(target) {
      return target && (target.tagName === "INPUT" || target.tagName === "SELECT" || target.tagName === "TEXTAREA");
    }

    document.addEventListener("keydown", function (event) {
      var key = event.key.toLowerCase();
      var command = event.ctrlKey || event.metaKey;
      if (command && key === "s") {
        event.preventDefault();
        save();
      } else if (command && key === "z" && !typing(event.target)) {
        event.preventDefault();
        if (event.shiftKey) {
          restore(redoStack, undoStack, text.msgRedone);
        } else {
          restore(undoStack, redoStack, text.msgUndone);
        }
      } else if (command && key === "y" && !typing(event.target)) {
        event.preventDefault();
        restore(redoStack, undoStack, text.msgRedone);
      } else if (command && key === "a" && canvas.contains(event.target)) {
        event.preventDefault();
        select(items.map(function (item) { return item.key; }));
      } else if (key === "n" && !command && !event.altKey && !typing(event.target) && root.contains(event.target)) {
        event.preventDefault();
        addBooth();
      } else if (key === "escape" && canvas.contains(event.target)) {
        select([]);
      }
    });

    /* Back from the panel to the plan: Escape in a field returns to the booth it edits. */
    itemPanel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        var first = selected()[0];
        if (first && first.node) {
          event.preventDefault();
          first.node.focus();
        }
      }
    });

    /* ---------- saving ---------- */

    function payload() {
      var booths = [];
      var areas = [];
      items.forEach(function (item) {
        if (item.kind === "booth") {
          booths.push({ id: item.id, code: item.code, x: item.x, y: item.y, width: item.w, depth: item.d,
                        booth_type_id: +item.typeId, sector_id: item.sectorId ? +item.sectorId : null,
                        is_blocked: item.blocked });
        } else {
          areas.push({ id: item.id, kind: item.area, label: item.label || null, x: item.x, y: item.y,
                       width: item.w, depth: item.d });
        }
      });
      return { booths: booths, areas: areas };
    }

    function save() {
      var sent = { booth: [], area: [] };
      items.forEach(function (item) { sent[item.kind].push(item); });
      var button = root.querySelector('[data-action="save"]');
      button.disabled = true;
      say(text.msgSaving);
      fetch(text.saveUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Accept": "application/json", "Content-Type": "application/json", "X-CSRFToken": csrfToken },
        body: JSON.stringify(payload())
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          if (response.ok) {
            saved(data, sent);
          } else {
            refused(data, sent);
          }
        });
      }).catch(function () {
        say(text.msgFailed);
      }).then(function () {
        button.disabled = false;
      });
    }

    function saved(data, sent) {
      data.booths.forEach(function (booth, i) { sent.booth[i].id = booth.id; });
      data.areas.forEach(function (id, i) { sent.area[i].id = id; });
      setDirty(false);
      problemsPanel.hidden = true;
      root.dataset.saved = String(Date.now());
      renderAll();
      say(fill(text.msgSaved, data));
    }

    function refused(data, sent) {
      var error = data.error || {};
      var list = part("problem-list");
      part("problems-lead").textContent = (error.message || text.msgFailed) + " " + text.msgProblems;
      list.replaceChildren();
      (data.problems || []).forEach(function (problem) {
        var line = document.createElement("li");
        line.append(document.createTextNode(problem.message + " "));
        var item = problem.index === null || problem.index === undefined ? null : (sent[problem.item] || [])[problem.index];
        if (item && byKey[item.key]) {
          var show = document.createElement("button");
          show.type = "button";
          show.className = "button button--secondary button--small";
          show.textContent = text.msgShow;
          show.addEventListener("click", function () {
            select([item.key]);
            if (item.node) {
              item.node.scrollIntoView({ block: "nearest", inline: "nearest" });
              item.node.focus();
            }
          });
          line.append(show, " ");
          if (item.node) {
            item.node.classList.add("is-conflict");
          }
        }
        if (problem.booking_url) {
          var link = document.createElement("a");
          link.href = problem.booking_url;
          link.textContent = text.msgMoveBooking;
          line.append(link);
        }
        list.append(line);
      });
      problemsPanel.hidden = false;
      problemsPanel.focus();
      say(error.message || text.msgFailed);
    }

    /* ---------- the toolbar ---------- */

    root.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button || !root.contains(button)) {
        return;
      }
      if (button.dataset.tool) {
        tool = button.dataset.tool;
        Array.prototype.forEach.call(root.querySelectorAll("[data-tool]"), function (other) {
          other.setAttribute("aria-pressed", other === button ? "true" : "false");
        });
        svg.dataset.tool = tool;
        return;
      }
      var action = button.dataset.action;
      if (action === "add-booth") {
        addBooth();
      } else if (action === "add-area") {
        addArea();
      } else if (action === "undo") {
        restore(undoStack, redoStack, text.msgUndone);
      } else if (action === "redo") {
        restore(redoStack, undoStack, text.msgRedone);
      } else if (action === "zoom-in") {
        setZoom(scale * 1.25);
      } else if (action === "zoom-out") {
        setZoom(scale / 1.25);
      } else if (action === "save") {
        save();
      } else if (action === "delete") {
        removeSelected();
      }
    });

    boothForm.addEventListener("change", applyBoothForm);
    areaForm.addEventListener("change", applyAreaForm);
    [boothForm, areaForm].forEach(function (form) {
      form.addEventListener("submit", function (event) { event.preventDefault(); });
    });
    rowForm.addEventListener("submit", function (event) {
      event.preventDefault();
      addRow();
    });

    var showBackground = part("show-background");
    if (showBackground) {
      showBackground.addEventListener("change", function () {
        part("background").classList.toggle("is-hidden", !showBackground.checked);
      });
    }

    window.addEventListener("beforeunload", function (event) {
      if (dirty) {
        event.preventDefault();
        event.returnValue = "";
      }
    });

    svg.dataset.tool = tool;
    setZoom();
    renderAll();
    root.dataset.ready = "true";
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
