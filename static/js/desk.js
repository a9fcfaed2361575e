/* The offline check-in desk. The fair's state (public key, rules, roster, revocations, entries) is cached in
   IndexedDB; each scan is decided here (desk_verify.js), queued in IndexedDB with its own id and time, and sent in
   batches whenever the server answers. The page and its scripts are cached by the service worker (desk-sw.js). */
(function () {
  "use strict";

  var REPEAT_MS = 3000;
  var SYNC_EVERY_MS = 15000;
  var FULL_STATE_EVERY_MS = 120000;
  var lastFullState = 0;
  var root = document.getElementById("desk");
  if (!root) { return; }
  var texts = root.dataset;
  var slug = texts.slug;
  var db = null; // the offline queue (offline_queue.js)
  var desk = null; // the decision state desk_verify.js reads
  var pending = null; // the refused scan staff may override
  var syncing = false;
  var online = navigator.onLine;

  function $(id) { return document.getElementById(id); }

  function format(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_m, key) { return values && values[key] != null ? values[key] : ""; });
  }

  // --- IndexedDB (offline_queue.js): the cached state, this desk's settings and lastSync; the queued scans ---------
  function getValue(key) { return db.getValue(key); }
  function putValue(key, value) { return db.putValue(key, value); }
  function waitingScans() { return db.waiting(); }

  // --- state -------------------------------------------------------------------------------------------------
  function useState(state, settings) {
    var rosterBySerial = {}, rosterByCode = {};
    state.roster.forEach(function (person) {
      rosterBySerial[person.serial] = person;
      rosterByCode[person.code] = person;
    });
    desk = {
      fairId: state.fair.id,
      timezone: state.fair.timezone,
      // The fair's current key and the retired ones whose codes still work (a state cached before rotation has one).
      publicKeys: (state.public_keys || [state.public_key]).map(DeskVerify.fromBase64url),
      windows: state.windows,
      rosterBySerial: rosterBySerial,
      rosterByCode: rosterByCode,
      revoked: new Set(state.revoked),
      entries: state.entries_local || {},
      cursor: state.cursor,
      zone: settings.zone || ""
    };
    Object.keys(state.entries).forEach(function (serial) {
      desk.entries[serial] = desk.entries[serial] || { at: state.entries[serial], gate: "" };
    });
  }

  function saveState(state) {
    var entries = {};
    Object.keys(desk.entries).forEach(function (serial) { entries[serial] = desk.entries[serial]; });
    state.entries_local = entries;
    state.cursor = desk.cursor;
    state.revoked = Array.from(desk.revoked);
    if (desk.publicKeyTexts) { state.public_keys = desk.publicKeyTexts; }
    return putValue("fair", state);
  }

  function fetchJson(url, options) {
    options = options || {};
    options.credentials = "same-origin";
    options.headers = Object.assign({ "Accept": "application/json" }, options.headers || {});
    return fetch(url, options).then(function (response) {
      setOnline(true);
      return response.json().then(function (data) {
        if (!response.ok) { throw Object.assign(new Error((data.error && data.error.message) || response.status), { answered: true }); }
        return data;
      });
    }, function (error) {
      setOnline(false);
      throw error;
    });
  }

  function loadFreshState() {
    return fetchJson(texts.stateUrl).then(function (state) {
      lastFullState = Date.now();
      return getValue("settings").then(function (settings) {
        settings = settings || {};
        var local = desk ? desk.entries : {};
        useState(state, settings);
        Object.keys(local).forEach(function (serial) { desk.entries[serial] = desk.entries[serial] || local[serial]; });
        return saveState(state).then(function () { return putValue("raw", true); });
      });
    });
  }

  // --- status line -------------------------------------------------------------------------------------------
  function setOnline(value) {
    online = value;
    $("desk-online").textContent = value ? texts.textOnline : texts.textOffline;
    root.classList.toggle("desk--offline", !value);
    root.dataset.online = value ? "yes" : "no";
  }

  function showStatus() {
    return Promise.all([waitingScans(), getValue("lastSync")]).then(function (values) {
      $("desk-waiting").textContent = String(values[0].length);
      $("desk-last-sync").textContent = values[1] ? new Date(values[1]).toLocaleTimeString() : texts.textNever;
    });
  }

  function show(kind, text, who, overridable) {
    $("desk-verdict").className = "checkin__verdict checkin__verdict--" + kind;
    $("desk-message").textContent = text;
    $("desk-person").textContent = who || "";
    $("desk-override").hidden = !overridable;
  }

  // --- scanning ----------------------------------------------------------------------------------------------
  var last = { code: null, at: 0 };

  function queue(code, override) {
    return db.add({ code: code, override: override || null, gate: $("desk-gate").value.trim() }).then(showStatus);
  }

  function personText(person) {
    if (!person) { return ""; }
    return person.name + (person.name_local ? " · " + person.name_local : "") + (person.organization ? " · " + person.organization : "");
  }

  function message(result) {
    var reasons = {
      forged: texts.textForged, unknown: texts.textUnknown, revoked: texts.textRevoked,
      "not-yet": texts.textNotYet, over: texts.textOver, day: texts.textDay, zone: texts.textZone
    };
    var values = Object.assign({}, result.values || {});
    if (values.when) { values.when = new Date(values.when).toLocaleString(); }
    return format(reasons[result.reason] || "", values);
  }

  function scan(code, fromCamera) {
    code = (code || "").trim();
    var now = Date.now();
    if (!code || (fromCamera && code === last.code && now - last.at < REPEAT_MS)) { return Promise.resolve(); }
    last = { code: code, at: now };
    if (!desk) { show("refused", texts.textNoState); return Promise.resolve(); }
    if (!$("desk-gate").value.trim()) { show("refused", texts.textGate); return Promise.resolve(); }
    desk.zone = $("desk-zone").value;
    var result = DeskVerify.decide(code, desk, new Date());
    var who = personText(result.person);
    pending = null;
    if (result.verdict === "refused") {
      var text = message(result);
      if (result.overridable && result.serial) { pending = { code: code, reason: text }; }
      show("refused", text, who, !!pending);
      return Promise.resolve();
    }
    var gate = $("desk-gate").value.trim();
    if (result.verdict === "already") {
      var at = new Date(result.first.at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", timeZone: desk.timezone });
      show("already", format(texts.textAlready, { time: at, gate: result.first.gate || "—" }), who);
    } else {
      desk.entries[result.serial] = { at: new Date().toISOString(), gate: gate };
      show("welcome", format(texts.textWelcome, { name: result.person ? result.person.name : "" }), who);
    }
    return queue(code).then(persistEntries).then(syncSoon);
  }

  function persistEntries() {
    return getValue("fair").then(function (state) { return state ? saveState(state) : null; });
  }

  function override() {
    if (!pending) { return; }
    var note = window.prompt(texts.textOverrideNote, "");
    if (!note || !note.trim()) { return; }
    var chosen = pending;
    pending = null;
    var serial = DeskVerify.decide(chosen.code, desk, new Date()).serial;
    if (serial) { desk.entries[serial] = desk.entries[serial] || { at: new Date().toISOString(), gate: $("desk-gate").value.trim() }; }
    show("welcome", format(texts.textOverridden, { reason: chosen.reason + " — " + note.trim() }), $("desk-person").textContent);
    queue(chosen.code, note.trim()).then(persistEntries).then(syncSoon);
  }

  // --- sync --------------------------------------------------------------------------------------------------
  var syncTimer = null;
  function syncSoon() {
    clearTimeout(syncTimer);
    syncTimer = setTimeout(sync, 200);
  }

  function sync() {
    if (syncing || !db) { return Promise.resolve(); }
    syncing = true;
    return waitingScans().then(function (scans) {
      var byGate = {};
      scans.forEach(function (s) { (byGate[s.gate || "—"] = byGate[s.gate || "—"] || []).push(s); });
      var gates = Object.keys(byGate);
      if (!gates.length) { gates = [$("desk-gate").value.trim() || "—"]; byGate[gates[0]] = []; }
      return gates.reduce(function (chain, gate) {
        return chain.then(function () { return sendBatch(gate, byGate[gate].slice(0, 500)); });
      }, Promise.resolve()).then(function () {
        return putValue("lastSync", new Date().toISOString());
      }).then(function () {
        // Entries and revocations come with every sync; the whole roster (new badges, walk-ins) now and then.
        if (Date.now() - lastFullState < FULL_STATE_EVERY_MS) { return null; }
        return loadFreshState();
      });
    }).catch(function () { /* offline or refused: the scans stay queued */ }).then(function () {
      syncing = false;
      root.dataset.synced = String(Date.now());
      return showStatus();
    });
  }

  function sendBatch(gate, scans) {
    var body = {
      desk_id: settings.desk_id,
      gate: gate,
      zone: $("desk-zone").value.trim() || null,
      cursor: desk ? desk.cursor : 0,
      scans: scans.map(function (s) {
        return { client_scan_id: s.client_scan_id, code: s.code, scanned_at: s.scanned_at, override: s.override };
      })
    };
    return fetchJson(texts.syncUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": texts.csrf },
      body: JSON.stringify(body)
    }).then(function (answer) {
      return db.markAnswered(scans, answer.results).then(function () {
        if (desk) {
          answer.revoked.forEach(function (serial) { desk.revoked.add(serial); });
          // A key rotated from the console: codes of the new key verify from this sync on, the old key's still do.
          if (answer.public_keys) {
            desk.publicKeyTexts = answer.public_keys;
            desk.publicKeys = answer.public_keys.map(DeskVerify.fromBase64url);
          }
          Object.keys(answer.entries).forEach(function (serial) {
            desk.entries[serial] = desk.entries[serial] || { at: answer.entries[serial], gate: "" };
          });
          desk.cursor = answer.cursor;
        }
        return persistEntries();
      });
    });
  }

  // --- help at the desk --------------------------------------------------------------------------------------
  function helpMessage(text) { $("desk-help-message").textContent = text; }

  function printUrl(person) {
    return person.pdf + "?stock=" + encodeURIComponent($("desk-stock").value);
  }

  function listPeople(people) {
    var list = $("desk-found");
    list.textContent = "";
    if (!people.length) { helpMessage(texts.textNoneFound); return; }
    helpMessage("");
    people.forEach(function (person) {
      var item = document.createElement("li");
      item.textContent = personText(person) + " ";
      var print = document.createElement("a");
      print.href = printUrl(person);
      print.target = "_blank";
      print.textContent = texts.textPrint;
      var reprint = document.createElement("button");
      reprint.type = "button";
      reprint.className = "button button--secondary button--small";
      reprint.textContent = texts.textReprint;
      reprint.addEventListener("click", function () {
        fetchJson(person.reprint, { method: "POST", headers: { "X-CSRFToken": texts.csrf } }).then(function (fresh) {
          listPeople([fresh]);
          window.open(printUrl(fresh), "_blank");
          lastFullState = 0;
          syncSoon();
        }, function (error) { helpMessage(error.message); });
      });
      item.append(print, " ", reprint);
      list.appendChild(item);
    });
  }

  function setUpHelp() {
    $("desk-find-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var q = $("desk-find").value;
      fetchJson(texts.peopleUrl + "?q=" + encodeURIComponent(q)).then(function (answer) {
        listPeople(answer.people);
      }, function (error) { helpMessage(error.answered ? error.message : texts.textOffline); });
    });
    $("desk-walk-in-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var form = event.target;
      var body = {};
      new FormData(form).forEach(function (value, key) { body[key] = value; });
      fetchJson(texts.walkInUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": texts.csrf },
        body: JSON.stringify(body)
      }).then(function (person) {
        form.reset();
        listPeople([person]);
        window.open(printUrl(person), "_blank");
        lastFullState = 0;
        syncSoon();
      }, function (error) { helpMessage(error.answered ? error.message : texts.textOffline); });
    });
  }

  // --- camera ------------------------------------------------------------------------------------------------
  function setUpCamera() {
    var button = $("desk-start-camera");
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
        var video = $("desk-video"), canvas = $("desk-canvas");
        var detector = "BarcodeDetector" in window ? new window.BarcodeDetector({ formats: ["qr_code"] }) : null;
        $("desk-camera").hidden = false;
        video.srcObject = stream;
        video.play();
        function tick() {
          if (video.readyState >= 2) {
            if (detector) {
              detector.detect(video).then(function (codes) { if (codes.length) { scan(codes[0].rawValue, true); } });
            } else if (window.jsQR) {
              canvas.width = video.videoWidth;
              canvas.height = video.videoHeight;
              var context = canvas.getContext("2d");
              context.drawImage(video, 0, 0);
              var found = window.jsQR(context.getImageData(0, 0, canvas.width, canvas.height).data, canvas.width, canvas.height);
              if (found) { scan(found.data, true); }
            }
          }
          setTimeout(tick, 250);
        }
        tick();
      }, function () { show("idle", texts.textCameraOff); });
    });
  }

  // --- start -------------------------------------------------------------------------------------------------
  var settings = {};

  function start() {
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.register(texts.serviceWorker, { scope: "/desk/" }).catch(function () {});
    }
    OfflineQueue.open("eventsys-desk-" + slug).then(function (opened) {
      db = opened;
      return Promise.all([getValue("settings"), getValue("fair")]);
    }).then(function (values) {
      settings = values[0] || {};
      if (!settings.desk_id) { settings.desk_id = OfflineQueue.newId(); }
      $("desk-gate").value = settings.gate || "";
      $("desk-zone").value = settings.zone || "";
      if (values[1]) { useState(values[1], settings); }
      return putValue("settings", settings);
    }).then(function () {
      ["desk-gate", "desk-zone"].forEach(function (id) {
        $(id).addEventListener("change", function () {
          settings.gate = $("desk-gate").value.trim();
          settings.zone = $("desk-zone").value.trim();
          putValue("settings", settings);
        });
      });
      $("desk-scan-form").addEventListener("submit", function (event) {
        event.preventDefault();
        var input = $("desk-code");
        scan(input.value).then(function () { input.value = ""; input.focus(); });
      });
      $("desk-override").addEventListener("click", override);
      $("desk-sync-now").addEventListener("click", sync);
      window.addEventListener("online", function () { setOnline(true); sync(); });
      window.addEventListener("offline", function () { setOnline(false); });
      setUpHelp();
      setUpCamera();
      setOnline(navigator.onLine);
      setInterval(sync, SYNC_EVERY_MS);
      return (desk ? Promise.resolve() : loadFreshState().catch(function () {})).then(sync);
    }).then(function () {
      root.dataset.ready = "yes";
    });
  }

  start();
})();
