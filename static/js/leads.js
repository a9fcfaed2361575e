/* The booth's lead scanner: a scanned or typed code is checked with the fair's public key where it is signed
   (desk_verify.js, as at the check-in desk), saved with its rating, notes and answers in the offline queue
   (offline_queue.js, as at the desk), and sent in batches whenever the server answers. */
(function () {
  "use strict";

  var root = document.getElementById("lead-scanner");
  if (!root) { return; }
  var texts = root.dataset;
  var db = null; // the offline queue (offline_queue.js)
  var publicKeys = texts.publicKeys.split(" ").map(DeskVerify.fromBase64url);

  function $(id) { return document.getElementById(id); }

  function waiting() { return db.waiting(); }

  function status(online) {
    if (online !== undefined) {
      $("lead-online").textContent = online ? texts.textOnline : texts.textOffline;
      root.dataset.online = online ? "yes" : "no";
    }
    return Promise.all([waiting(), db.getValue("lastSync")]).then(function (v) {
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
    db.add({ code: code, rating: rating, notes: $("lead-notes").value, answers: answers }).then(function () {
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
          return db.markAnswered(scans, answer.results).then(function () {
            return db.putValue("lastSync", new Date().toISOString());
          });
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

  OfflineQueue.open("eventsys-leads-" + texts.slug).then(function (opened) {
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
