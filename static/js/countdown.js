/* eventsys: live countdown to a hold's deadline. The page already shows the deadline as a time in the fair's
   zone; this adds a ticking clock for the eye and, for screen readers, an aria-live line that changes at most
   once a minute. Elements: [data-deadline] with .countdown__clock, .countdown__time, .countdown__announce and
   the data-msg-* texts (translated on the server; "{n}" stands for the number of minutes). */
(function () {
  "use strict";

  var timers = new WeakMap();

  function parseDeadline(text) {
    /* Python writes microseconds; Date.parse wants at most milliseconds. */
    return Date.parse(String(text || "").replace(/(\.\d{3})\d+/, "$1"));
  }

  function pad(number) {
    return number < 10 ? "0" + number : String(number);
  }

  function clockText(milliseconds) {
    var total = Math.max(0, Math.ceil(milliseconds / 1000));
    var hours = Math.floor(total / 3600);
    var minutes = Math.floor((total % 3600) / 60);
    var seconds = total % 60;
    return (hours ? hours + ":" + pad(minutes) : String(minutes)) + ":" + pad(seconds);
  }

  function minutesMessage(element, minutes) {
    if (minutes < 1) {
      return element.dataset.msgLast || "";
    }
    var template = minutes === 1 ? element.dataset.msgLeftOne : element.dataset.msgLeftOther;
    return (template || "").replace("{n}", String(minutes));
  }

  function stop(element) {
    var timer = timers.get(element);
    if (timer) {
      window.clearInterval(timer);
      timers.delete(element);
    }
  }

  /* Start (or restart) the countdown of one element; returns a function that stops it. */
  function start(element) {
    stop(element);
    var deadline = parseDeadline(element.dataset.deadline);
    if (isNaN(deadline)) {
      return function () {};
    }
    var clock = element.querySelector(".countdown__clock");
    var time = element.querySelector(".countdown__time");
    var announce = element.querySelector(".countdown__announce");
    var announcedMinute = null;
    var announcedAt = 0;
    element.classList.remove("countdown--expired", "countdown--urgent");
    if (clock) {
      clock.hidden = false;
    }
    if (announce) {
      /* A restarted countdown (the floor plan's panel reuses its element) starts quiet again. */
      announce.textContent = "";
      announce.classList.add("visually-hidden");
      announce.classList.remove("countdown__expired");
    }

    function tick() {
      var left = deadline - Date.now();
      if (time) {
        time.textContent = clockText(left);
      }
      if (left <= 0) {
        stop(element);
        element.classList.add("countdown--expired");
        if (clock) {
          clock.hidden = true;
        }
        if (announce) {
          /* The expiry line stays visible for everybody, not only for screen readers. */
          announce.textContent = element.dataset.msgExpired || "";
          announce.classList.remove("visually-hidden");
          announce.classList.add("countdown__expired");
        }
        element.dispatchEvent(new CustomEvent("countdown:expired", { bubbles: true }));
        return;
      }
      element.classList.toggle("countdown--urgent", left < 2 * 60 * 1000);
      var minute = Math.floor(left / 60000);
      var now = Date.now();
      if (announce && minute !== announcedMinute && (announcedMinute === null || now - announcedAt >= 59000)) {
        announcedMinute = minute;
        announcedAt = now;
        announce.textContent = minutesMessage(element, minute);
      }
    }

    tick();
    if (deadline > Date.now()) {
      timers.set(element, window.setInterval(tick, 1000));
    }
    return function () {
      stop(element);
    };
  }

  window.eventsysCountdown = { start: start, stop: stop };

  function startAll() {
    var elements = document.querySelectorAll(".countdown[data-deadline]");
    for (var i = 0; i < elements.length; i += 1) {
      if (elements[i].dataset.deadline) {
        start(elements[i]);
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startAll);
  } else {
    startAll();
  }
})();
