/* The booth's lead scanner: a scanned or typed code is checked with the fair's public key where it is signed
   (desk_verify.js, as at the check-in desk), saved with its rating, notes and answers in IndexedDB, and sent in
   batches whenever the server answers. */
(function () {
  "use strict";

  var root = document.getElementById("lead-scanner");
  if (!root) { return; }
  var texts = root.dataset;
  var db = null;
  var publicKeys = texts.publicKeys.split(" ").map(DeskVerify.fromBase64url);

  function $(id) { return document.getElementById(id); }

  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open("eventsys-leads-" + texts.slug, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore("scans", { keyPath: "client_scan_id" }).createIndex("waiting", "waiting");
        request.result.createObjectStore("state");
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function tx(store, mode, work) {
    return new Promise(function (resolve, reject) {
      var transaction = db.transaction(store, mode);
      var result = work(transaction.objectStore(store));
      transaction.oncomplete = function () { resolve(result && "result" in result ? result.result : result); };
      transaction.onerror = function () { reject(transaction.error); };
    });
  }

  function waiting() { return tx("scans", "readonly", function (s) { return s.index("waiting").getAll(1); }); }

  function status(online) {
    if (online !== undefined) {
      $("lead-online").textContent = online ? texts.textOnline : texts.textOffline;
      root.dataset.online = online ? "yes" : "no";
    }
    return Promise.all([waiting(), tx("state", "readonly", function (s) { return s.get("lastSync"); })]).then(function (v) {
      $("lead-waiting").textContent = String(v[0].length);
      $("lead-last-sync").textContent = v[1] ? new Date(v[1]).toLocaleTimeString() : texts.textNever;
    });
  }

  function save(event) {
    event.preventDefault();
    var code = $("lead-code").value.trim();
    if (code.slice(0, 2) === "2." && !DeskVerify.readSignedByAny(code, Number(texts.fairId), publicKeys)) {
      $("lead-message").textContent = texts.textForged;
      return;
    }
    var answers = {};
    Array.prototype.forEach.call(document.querySelectorAll(".lead-answer"), function (input) {
      if (input.value.trim()) { answers[input.dataset.question] = input.value.trim(); }
    });
    var rating = $("lead-rating").value ? Number($("lead-rating").value) : null;
    var scan = {
      client_scan_id: crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random(),
      code: code, scanned_at: new Date().toISOString(), rating: rating, notes: $("lead-notes").value, answers: answers,
      waiting: 1
    };
    tx("scans", "readwrite", function (s) { s.put(scan); }).then(function () {
      $("lead-form").reset();
      $("lead-message").textContent = texts.textSaved;
      return status();
    }).then(sync);
  }

  var syncing = false;
  function sync() {
    if (syncing) { return Promise.resolve(); }
    syncing = true;
    return waiting().then(function (scans) {
      if (!scans.length) { return null; }
      var body = { scans: scans.slice(0, 200).map(function (s) {
        return { client_scan_id: s.client_scan_id, code: s.code, scanned_at: s.scanned_at, rating: s.rating, notes: s.notes, answers: s.answers };
      }) };
      return fetch(texts.syncUrl, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": texts.csrf },
        body: JSON.stringify(body)
      }).then(function (response) {
        status(true);
        if (!response.ok) { return null; }
        return response.json().then(function (answer) {
          var done = {};
          answer.results.forEach(function (r) { done[r.client_scan_id] = r.outcome; });
          return tx("scans", "readwrite", function (store) {
            scans.forEach(function (s) { if (done[s.client_scan_id]) { s.waiting = 0; s.outcome = done[s.client_scan_id]; store.put(s); } });
          }).then(function () { return tx("state", "readwrite", function (s) { s.put(new Date().toISOString(), "lastSync"); }); });
        });
      }, function () { status(false); });
    }).then(function () { syncing = false; root.dataset.synced = String(Date.now()); return status(); });
  }

  /* The camera fills in the code (BarcodeDetector where the browser has it, the bundled jsQR otherwise); the
     member then adds rating, notes and answers and saves. */
  function setUpCamera() {
    var button = $("lead-start-camera");
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
        var video = $("lead-video"), canvas = $("lead-canvas");
        var detector = "BarcodeDetector" in window ? new window.BarcodeDetector({ formats: ["qr_code"] }) : null;
        $("lead-camera").hidden = false;
        video.srcObject = stream;
        video.play();
        function found(text) {
          if (text && text !== $("lead-code").value) { $("lead-code").value = text; $("lead-rating").focus(); }
        }
        function tick() {
          if (video.readyState >= 2) {
            if (detector) {
              detector.detect(video).then(function (codes) { if (codes.length) { found(codes[0].rawValue); } });
            } else if (window.jsQR) {
              canvas.width = video.videoWidth;
              canvas.height = video.videoHeight;
              var context = canvas.getContext("2d");
              context.drawImage(video, 0, 0);
              var hit = window.jsQR(context.getImageData(0, 0, canvas.width, canvas.height).data, canvas.width, canvas.height);
              if (hit) { found(hit.data); }
            }
          }
          setTimeout(tick, 250);
        }
        tick();
      }, function () { button.hidden = true; });
    });
  }

  openDb().then(function (opened) {
    db = opened;
    setUpCamera();
    if ("serviceWorker" in navigator) { navigator.serviceWorker.register(texts.serviceWorker, { scope: "/desk/" }).catch(function () {}); }
    $("lead-form").addEventListener("submit", save);
    window.addEventListener("online", function () { status(true); sync(); });
    window.addEventListener("offline", function () { status(false); });
    setInterval(sync, 15000);
    return status(navigator.onLine);
  }).then(sync).then(function () { root.dataset.ready = "yes"; });
})();
