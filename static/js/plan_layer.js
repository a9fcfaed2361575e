/* eventsys: the hall page is the same for every viewer of a kind (fairs/hall_shell.py). This script loads its two
   other parts at once: the floor plan (legend, booths, list of booths), the same for everyone and served from the
   cache, from data-plan-src; and the viewer's own part, from data-mine-src (JSON: what the booth panel offers them,
   their bookings, their CSRF token, initial and unread notices). It puts the viewer's part into the page, marks
   their bookings on the plan, then tells floorplan.js and floorplan_zoom.js, which wait for "eventsys:plan-ready",
   that it is there. */
(function () {
  "use strict";

  function markOwn(layer, own) {
    own.forEach(function (booking) {
      var booth = layer.querySelector('.booth[data-booth-id="' + booking.booth_id + '"]');
      if (!booth) {
        return;
      }
      booth.classList.add("booth--own");
      booth.dataset.bookingId = booking.id;
      booth.dataset.bookingStatus = booking.status;
      if (booking.held_until) {
        booth.dataset.heldUntil = booking.held_until;
      }
    });
  }

  /* The shared page has no token, initial or notices of anyone: the viewer's part brings them. */
  function fillViewer(mine) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) {
      meta.setAttribute("content", mine.csrf_token);
    }
    document.querySelectorAll('input[name="csrf_token"]').forEach(function (input) {
      input.value = mine.csrf_token;
    });
    document.querySelectorAll("[data-mine-initial]").forEach(function (initial) {
      initial.textContent = mine.initial;
    });
    var inbox = document.querySelector('[data-testid="inbox-link"]');
    if (inbox && mine.unread && !inbox.querySelector(".badge-count")) {
      var count = document.createElement("span");
      count.className = "badge-count";
      count.dataset.testid = "inbox-count";
      count.textContent = mine.unread;
      var label = document.createElement("span");
      label.className = "visually-hidden";
      label.textContent = mine.unread_label;
      inbox.append(" ", count, label);
    }
  }

  function fillPanel(mine) {
    var panel = document.getElementById("booth-panel");
    if (!panel) {
      return;
    }
    panel.dataset.viewer = mine.viewer;
    panel.dataset.canHold = mine.viewer === "approved" ? "true" : "false";
    var chosen = panel.querySelector('[data-viewer-case="' + mine.viewer + '"]');
    if (chosen) {
      chosen.hidden = false;
    }
    var apply = panel.querySelector("[data-if-may-apply]");
    if (apply) {
      apply.hidden = !mine.may_apply;
    }
    var reason = panel.querySelector('[data-field="reason"]');
    if (reason && mine.reason) {
      reason.textContent = mine.reason;
      reason.hidden = false;
    }
  }

  /* A shell of another kind than the viewer's (their log-in ended, or began elsewhere): the viewer's part has set
     the cookie the fast path reads, so one reload brings the right one. */
  function isOtherKind(layer, mine) {
    var key = "eventsys-shell-reloaded";
    if (layer.dataset.viewerKind === mine.kind || mine.kind === "other") {
      window.sessionStorage.removeItem(key);
      return false;
    }
    if (window.sessionStorage.getItem(key)) {
      return false;
    }
    window.sessionStorage.setItem(key, "1");
    window.location.reload();
    return true;
  }

  function fetched(url, read) {
    return window.fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) {
        throw new Error(response.status);
      }
      return read(response);
    });
  }

  /* A visitor's page: nobody's part to load, but a form (the language switch) needs a token when it is sent. */
  function visitorPart(layer) {
    document.querySelectorAll("form").forEach(function (form) {
      var token = form.querySelector('input[name="csrf_token"]');
      if (!token) {
        return;
      }
      form.addEventListener("submit", function (event) {
        if (token.value) {
          return;
        }
        event.preventDefault();
        fetched(layer.dataset.mineSrc, function (response) { return response.json(); }).then(function (mine) {
          fillViewer(mine);
          form.submit();
        });
      });
    });
    return { kind: "anonymous", viewer: layer.dataset.visitorViewer, own_bookings: [], may_apply: false };
  }

  function load() {
    var layer = document.querySelector("[data-plan-src]");
    if (!layer) {
      return;
    }
    /* The fast path gives the visitors' page only to a request without a log-in: a visitor's part is known. */
    var visitor = layer.dataset.viewerKind === "anonymous";
    Promise.all([
      fetched(layer.dataset.planSrc, function (response) { return response.text(); }),
      visitor ? visitorPart(layer) : fetched(layer.dataset.mineSrc, function (response) { return response.json(); })
    ])
      .then(function (parts) {
        var html = parts[0];
        var mine = parts[1];
        if (isOtherKind(layer, mine)) {
          return;
        }
        if (!visitor) {
          fillViewer(mine);
        }
        fillPanel(mine);
        // The layer is a whole document (for visitors without scripts): its <main> is the plan, less the link back.
        var main = new DOMParser().parseFromString(html, "text/html").querySelector("main");
        main.removeChild(main.firstElementChild);
        layer.replaceChildren.apply(layer, Array.prototype.slice.call(main.childNodes));
        markOwn(layer, mine.own_bookings);
        layer.dataset.planLoaded = "true";
        document.dispatchEvent(new CustomEvent("eventsys:plan-ready"));
      })
      .catch(function () {
        var failed = document.createElement("p");
        failed.className = "notice notice--error";
        failed.setAttribute("role", "alert");
        failed.textContent = layer.dataset.msgFailed;
        layer.replaceChildren(failed);
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", load);
  } else {
    load();
  }
})();
