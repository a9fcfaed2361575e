/* The check-in desk: scan with the camera (BarcodeDetector where the browser has it, the bundled jsQR otherwise)
   or type the code; each code is posted as JSON and the verdict shown green, amber or red. A bad code or a lost
   answer never stops the next scan. Also: the progress of a background badge print run. */
(function () {
  "use strict";

  var REPEAT_MS = 3000; // the camera seeing the same code again within this time is one scan, not two

  function setUpDesk(root) {
    var form = document.getElementById("checkin-form");
    var verdict = document.getElementById("checkin-verdict");
    var message = document.getElementById("checkin-message");
    var person = document.getElementById("checkin-person");
    var codeInput = form.querySelector("[name=code]");
    var last = { code: null, at: 0 };
    var busy = false;

    function show(kind, text, who) {
      verdict.className = "checkin__verdict checkin__verdict--" + kind;
      message.textContent = text;
      person.textContent = who || "";
    }

    function submit(code, fromCamera) {
      code = (code || "").trim();
      var now = Date.now();
      if (!code || busy || (fromCamera && code === last.code && now - last.at < REPEAT_MS)) {
        return;
      }
      last = { code: code, at: now };
      busy = true;
      var body = {
        fair: form.querySelector("[name=fair]").value,
        gate: form.querySelector("[name=gate]").value,
        code: code
      };
      fetch(root.dataset.scanUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": root.dataset.csrf },
        body: JSON.stringify(body)
      }).then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      }).then(function (answer) {
        if (answer.data.error) {
          show("refused", answer.data.error.message);
        } else {
          var who = answer.data.name ? answer.data.name + (answer.data.name_local ? " · " + answer.data.name_local : "") : "";
          show(answer.data.verdict, answer.data.message, who);
        }
      }).catch(function () {
        show("refused", root.dataset.textNetwork);
        last = { code: null, at: 0 };
      }).then(function () {
        busy = false;
        codeInput.value = "";
        codeInput.focus();
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      submit(codeInput.value);
    });

    var startButton = document.getElementById("checkin-start-camera");
    if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
      startButton.hidden = false;
      startButton.addEventListener("click", function () {
        startButton.hidden = true;
        startCamera(function (code) { submit(code, true); }, function () { show("idle", root.dataset.textCameraOff); });
      });
    }
  }

  function startCamera(onCode, onFailure) {
    var box = document.getElementById("checkin-camera");
    var video = document.getElementById("checkin-video");
    var canvas = document.getElementById("checkin-canvas");
    var detector = null;
    if ("BarcodeDetector" in window) {
      try { detector = new window.BarcodeDetector({ formats: ["qr_code"] }); } catch (error) { detector = null; }
    }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream;
      box.hidden = false;
      return video.play();
    }).then(function () {
      loop();
    }).catch(onFailure);

    function loop() {
      decode().then(function (text) {
        if (text) { onCode(text); }
      }).catch(function () { /* an unreadable frame: try the next one */ }).then(function () {
        window.setTimeout(loop, 150);
      });
    }

    function decode() {
      if (!video.videoWidth) { return Promise.resolve(null); }
      if (detector) {
        return detector.detect(video).then(function (codes) { return codes.length ? codes[0].rawValue : null; });
      }
      if (typeof window.jsQR !== "function") { return Promise.resolve(null); }
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      var context = canvas.getContext("2d", { willReadFrequently: true });
      context.drawImage(video, 0, 0);
      var image = context.getImageData(0, 0, canvas.width, canvas.height);
      var found = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
      return Promise.resolve(found ? found.data : null);
    }
  }

  function setUpPrintJob(root) {
    var bar = document.getElementById("print-job-progress");
    var text = document.getElementById("print-job-text");
    var download = document.getElementById("print-job-download");
    function poll() {
      fetch(root.dataset.statusUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (job) {
          bar.max = job.total || 1;
          bar.value = job.done;
          text.textContent = job.done + " / " + job.total;
          if (job.ready) { download.hidden = false; return; }
          if (!job.error) { window.setTimeout(poll, 1000); }
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    }
    poll();
  }

  function start() {
    var desk = document.getElementById("checkin");
    if (desk) { setUpDesk(desk); }
    var job = document.getElementById("print-job");
    if (job) { setUpPrintJob(job); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
