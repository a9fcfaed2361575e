/* eventsys: the interactive floor plan. A click on a booth, or Enter/Space on a focused booth, opens a side
   panel (a bottom sheet on phones) with the booth's details and neighbours; an approved startup can hold the
   booth, watch the countdown, confirm it with a billing contact or cancel it, all through the JSON API and
   without reloading. Without this file every booth still has its own page that does the same with forms.
   Everything the script shows comes translated from the page (data-msg-* and data-state-* on the panel). */
(function () {
  "use strict";

  var STATES = ["free", "held", "booked", "blocked"];
  var REFRESH_MS = 60000;

  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

  function setUp() {
    var svg = document.querySelector("svg[data-floorplan]");
    var panel = svg && document.getElementById(svg.getAttribute("data-floorplan"));
    if (!svg || !panel) {
      return;
    }
    var text = panel.dataset;
    var tokenMeta = document.querySelector('meta[name="csrf-token"]');
    var csrfToken = tokenMeta ? tokenMeta.getAttribute("content") : "";
    var booths = Array.prototype.slice.call(svg.querySelectorAll(".booth[data-booth-id]"));
    var byId = {};
    var current = null;
    var returnFocusTo = null;
    var countdown = panel.querySelector(".countdown");
    var countdownTexts = {
      msgLeftOne: countdown.dataset.msgLeftOne,
      msgLeftOther: countdown.dataset.msgLeftOther,
      msgLast: countdown.dataset.msgLast,
      msgExpired: countdown.dataset.msgExpired
    };
    var confirmForm = panel.querySelector('[data-part="confirm-form"]');
    var message = panel.querySelector('[data-field="message"]');

    function field(name) {
      return panel.querySelector('[data-field="' + name + '"]');
    }

    /* ---------- booths on the plan ---------- */

    booths.forEach(function (booth) {
      var data = booth.dataset;
      byId[data.boothId] = booth;
      booth.geometry = { x: +data.x, y: +data.y, w: +data.w, d: +data.d };
      booth.setAttribute("role", "button");
      booth.setAttribute("aria-controls", panel.id);
      booth.setAttribute("aria-expanded", "false");
      booth.setAttribute("aria-label", summary(booth));
    });

    function stateLabel(state) {
      return text["state" + state.charAt(0).toUpperCase() + state.slice(1)] || state;
    }

    function isOwn(booth) {
      return Boolean(booth.dataset.bookingId);
    }

    function summary(booth) {
      var data = booth.dataset;
      var line = fill(text.msgSummary, { code: data.code, type: data.type, state: stateLabel(data.state) });
      if (data.exhibitor && data.state === "booked") {
        line += " (" + fill(text.msgBookedBy, { exhibitor: data.exhibitor }) + ")";
      }
      if (isOwn(booth)) {
        line += " (" + text.msgYours + ")";
      }
      return line;
    }

    /* Booths of this hall whose sides touch this one's, as the booth page computes them on the server. */
    function neighboursOf(booth) {
      var a = booth.geometry;
      return booths
        .filter(function (other) {
          if (other === booth) {
            return false;
          }
          var b = other.geometry;
          var overlapX = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
          var overlapY = Math.min(a.y + a.d, b.y + b.d) - Math.max(a.y, b.y);
          return (overlapX > 0 && overlapY === 0) || (overlapY > 0 && overlapX === 0);
        })
        .sort(function (first, second) {
          return first.dataset.code < second.dataset.code ? -1 : 1;
        });
    }

    function setOwn(booth, id, status, heldUntil) {
      if (id) {
        booth.dataset.bookingId = id;
        booth.dataset.bookingStatus = status;
        if (heldUntil) {
          booth.dataset.heldUntil = heldUntil;
        } else {
          delete booth.dataset.heldUntil;
        }
      } else {
        delete booth.dataset.bookingId;
        delete booth.dataset.bookingStatus;
        delete booth.dataset.heldUntil;
      }
      booth.classList.toggle("booth--own", Boolean(id));
    }

    /* Colour, label, list row and legend of a booth follow its new state. */
    function setState(booth, state, exhibitor) {
      STATES.forEach(function (each) {
        booth.classList.toggle("booth--" + each, each === state);
      });
      booth.dataset.state = state;
      if (exhibitor) {
        booth.dataset.exhibitor = exhibitor;
      } else {
        delete booth.dataset.exhibitor;
      }
      var label = summary(booth);
      booth.setAttribute("aria-label", label);
      var title = booth.querySelector("title");
      if (title) {
        title.textContent = label;
      }
      var cell = document.querySelector('tr[data-booth-id="' + booth.dataset.boothId + '"] [data-state-cell]');
      if (cell) {
        var badge = document.createElement("span");
        badge.className = "state state--" + state;
        badge.textContent = stateLabel(state);
        cell.replaceChildren(badge);
        if (exhibitor && state === "booked") {
          var who = document.createElement("span");
          who.className = "state__who";
          who.textContent = exhibitor;
          cell.append(" ", who);
        }
      }
    }

    function updateLegend() {
      STATES.forEach(function (state) {
        var count = document.querySelector('[data-legend-state="' + state + '"] .legend__count');
        if (count) {
          count.textContent = String(booths.filter(function (b) { return b.dataset.state === state; }).length);
        }
      });
    }

    /* ---------- the panel ---------- */

    function show(part) {
      Array.prototype.forEach.call(panel.querySelectorAll("[data-part]"), function (element) {
        if (element.getAttribute("data-part") !== "confirm-form") {
          element.hidden = element.getAttribute("data-part") !== part;
        }
      });
    }

    var pendingMessage = null;

    function say(line) {
      /* Emptied first, so that the same message twice is announced twice; a newer message wins. */
      window.clearTimeout(pendingMessage);
      message.textContent = "";
      pendingMessage = window.setTimeout(function () {
        message.textContent = line || "";
      }, 50);
    }

    function formatTime(iso) {
      var date = new Date(String(iso).replace(/(\.\d{3})\d+/, "$1"));
      try {
        return new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
          timeZone: text.timezone, hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short"
        }).format(date);
      } catch (error) {
        return date.toLocaleTimeString();
      }
    }

    function startCountdown(booth) {
      var code = booth.dataset.code;
      Object.keys(countdownTexts).forEach(function (key) {
        countdown.dataset[key] = fill(countdownTexts[key], { code: code });
      });
      countdown.dataset.deadline = booth.dataset.heldUntil || "";
      var deadline = field("deadline");
      deadline.setAttribute("datetime", booth.dataset.heldUntil || "");
      deadline.textContent = booth.dataset.heldUntil ? formatTime(booth.dataset.heldUntil) : "";
      if (window.eventsysCountdown) {
        window.eventsysCountdown.start(countdown);
      }
    }

    function stopCountdown() {
      if (window.eventsysCountdown) {
        window.eventsysCountdown.stop(countdown);
      }
    }

    function clearFieldErrors() {
      Array.prototype.forEach.call(confirmForm.querySelectorAll(".input"), function (input) {
        input.removeAttribute("aria-invalid");
        input.classList.remove("input--invalid");
        var error = document.getElementById(input.id + "-error");
        if (error) {
          error.hidden = true;
          error.textContent = "";
        }
      });
    }

    function renderNeighbours(booth) {
      var list = field("neighbours");
      var items = neighboursOf(booth).map(function (other) {
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "chip chip--" + other.dataset.state;
        button.dataset.boothId = other.dataset.boothId;
        button.textContent = other.dataset.code + " · " + stateLabel(other.dataset.state);
        item.append(button);
        return item;
      });
      list.replaceChildren.apply(list, items);
      list.hidden = items.length === 0;
      field("no-neighbours").hidden = items.length !== 0;
    }

    function render() {
      var booth = current;
      var data = booth.dataset;
      field("title").textContent = fill(text.msgTitle, { code: data.code });
      var state = field("state");
      state.className = "state state--" + data.state;
      state.textContent = stateLabel(data.state);
      field("who").textContent = isOwn(booth) ? text.msgYours : data.state === "booked" ? data.exhibitor || "" : "";
      field("type").textContent = data.type;
      field("size").textContent = fill(text.msgSize, { w: data.w, d: data.d });
      field("price").textContent = data.priceLabel;
      field("zone").textContent = data.zone || field("zone").dataset.empty;
      field("booth-link").href = text.boothUrl.replace("__CODE__", encodeURIComponent(data.code));
      renderNeighbours(booth);

      stopCountdown();
      if (isOwn(booth) && data.bookingStatus === "held" && data.state === "held") {
        show("held");
        startCountdown(booth);
      } else if (isOwn(booth) && data.bookingStatus === "confirmed") {
        show("booked");
        field("booking-link").href = text.bookingUrl.replace(/\/0$/, "/" + data.bookingId);
      } else if (data.state === "blocked") {
        show("blocked");
      } else if (data.state === "booked") {
        show("taken");
      } else if (data.state === "held") {
        show("held-other");
      } else {
        show(text.canHold === "true" ? "hold" : "viewer");
      }
    }

    function open(booth, focusBack) {
      if (current && current !== booth) {
        current.classList.remove("booth--selected");
        current.setAttribute("aria-expanded", "false");
        say("");
        clearFieldErrors();
      }
      current = booth;
      returnFocusTo = focusBack || booth;
      booth.classList.add("booth--selected");
      booth.setAttribute("aria-expanded", "true");
      render();
      panel.hidden = false;
      document.body.classList.add("has-booth-panel");
      panel.focus({ preventScroll: true });
      if (window.matchMedia && window.matchMedia("(max-width: 40rem)").matches && booth.scrollIntoView) {
        booth.scrollIntoView({ block: "start", inline: "nearest" });
      }
    }

    function close() {
      if (panel.hidden) {
        return;
      }
      stopCountdown();
      panel.hidden = true;
      document.body.classList.remove("has-booth-panel");
      if (current) {
        current.classList.remove("booth--selected");
        current.setAttribute("aria-expanded", "false");
      }
      current = null;
      if (returnFocusTo && document.contains(returnFocusTo)) {
        returnFocusTo.focus();
      }
    }

    /* ---------- talking to the API ---------- */

    function post(url, body) {
      return fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Accept": "application/json", "Content-Type": "application/json", "X-CSRFToken": csrfToken },
        body: JSON.stringify(body || {})
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          return { status: response.status, ok: response.ok, data: data };
        });
      });
    }

    function refusal(result) {
      if (result.status === 401) {
        return text.msgLogin;
      }
      return (result.data && result.data.error && result.data.error.message) || text.msgFailed;
    }

    function busy(button, on) {
      if (!button) {
        return;
      }
      button.disabled = on;
      button.setAttribute("aria-busy", on ? "true" : "false");
    }

    /* The server's view of every booth of the hall: states change in place, nothing reloads. */
    function refreshStates() {
      return fetch(text.statesUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data || !data.booths) {
            return;
          }
          var changed = [];
          data.booths.forEach(function (item) {
            var booth = byId[String(item.id)];
            if (!booth) {
              return;
            }
            var ownBefore = booth.dataset.bookingStatus || "";
            if (isOwn(booth)) {
              if (item.state === "free" || item.state === "blocked") {
                setOwn(booth, null);
              } else if (item.state === "booked") {
                booth.dataset.bookingStatus = "confirmed";
              }
            }
            if (booth.dataset.state !== item.state || (booth.dataset.exhibitor || null) !== (item.exhibitor || null)) {
              setState(booth, item.state, item.exhibitor);
              changed.push(booth);
            } else if (ownBefore !== (booth.dataset.bookingStatus || "")) {
              changed.push(booth);
            }
          });
          updateLegend();
          /* Only a booth whose state changed is drawn again: a running countdown or a half-filled form stays. */
          if (current && !panel.hidden && changed.indexOf(current) !== -1) {
            render();
          }
          svg.dataset.refreshedAt = String(Date.now());
        })
        .catch(function () { /* The next refresh tries again. */ });
    }

    function hold(button) {
      var booth = current;
      busy(button, true);
      say(text.msgWorking);
      post(text.holdUrl.replace(/\/0\/hold$/, "/" + booth.dataset.boothId + "/hold"))
        .then(function (result) {
          if (result.status === 201) {
            var booking = result.data;
            setOwn(booth, booking.id, "held", booking.held_until);
            setState(booth, "held");
            updateLegend();
            if (current === booth) {
              render();
              say(fill(text.msgHeld, { code: booth.dataset.code }));
              document.getElementById("panel-billing-name").focus();
            }
            return;
          }
          say(refusal(result));
          if (result.status === 409) {
            return refreshStates();
          }
        })
        .catch(function () { say(text.msgFailed); })
        .then(function () { busy(button, false); });
    }

    function showFieldError(name, line) {
      var input = confirmForm.querySelector('[name="' + name + '"]');
      if (!input) {
        return false;
      }
      input.setAttribute("aria-invalid", "true");
      input.classList.add("input--invalid");
      var error = document.getElementById(input.id + "-error");
      error.textContent = line;
      error.hidden = false;
      input.focus();
      return true;
    }

    function confirmHold(event) {
      event.preventDefault();
      var booth = current;
      var button = field("confirm-button");
      clearFieldErrors();
      busy(button, true);
      say(text.msgWorking);
      var values = {
        billing_name: confirmForm.elements.billing_name.value,
        billing_email: confirmForm.elements.billing_email.value,
        billing_address: confirmForm.elements.billing_address.value
      };
      post(text.confirmUrl.replace(/\/0\/confirm$/, "/" + booth.dataset.bookingId + "/confirm"), values)
        .then(function (result) {
          if (result.ok) {
            setOwn(booth, result.data.id, "confirmed");
            setState(booth, "booked", result.data.organization);
            updateLegend();
            confirmForm.reset();
            if (current === booth) {
              render();
              say(fill(text.msgConfirmed, { code: booth.dataset.code }));
              field("booking-link").focus();
            }
            return;
          }
          var line = refusal(result);
          var error = result.data && result.data.error;
          var billingField = error && error.field ? "billing_" + String(error.field).replace(/^billing_/, "") : null;
          if (!(billingField && showFieldError(billingField, line))) {
            say(line);
          }
          if (result.status === 409) {
            return refreshStates();
          }
        })
        .catch(function () { say(text.msgFailed); })
        .then(function () { busy(button, false); });
    }

    function cancel(button) {
      var booth = current;
      if (booth.dataset.bookingStatus === "confirmed" &&
          !window.confirm(fill(text.msgConfirmCancel, { code: booth.dataset.code }))) {
        return;
      }
      busy(button, true);
      say(text.msgWorking);
      post(text.cancelUrl.replace(/\/0\/cancel$/, "/" + booth.dataset.bookingId + "/cancel"))
        .then(function (result) {
          if (result.ok) {
            setOwn(booth, null);
            setState(booth, "free");
            updateLegend();
            if (current === booth) {
              render();
              say(fill(text.msgCancelled, { code: booth.dataset.code }));
              panel.focus();
            }
            /* A waitlisted startup may have been given the booth at once. */
            return refreshStates();
          }
          say(refusal(result));
          return refreshStates();
        })
        .catch(function () { say(text.msgFailed); })
        .then(function () { busy(button, false); });
    }

    /* ---------- events ---------- */

    svg.addEventListener("click", function (event) {
      var booth = event.target.closest(".booth[data-booth-id]");
      if (booth) {
        open(booth);
      }
    });

    svg.addEventListener("keydown", function (event) {
      var booth = event.target.closest && event.target.closest(".booth[data-booth-id]");
      if (booth && (event.key === "Enter" || event.key === " " || event.key === "Spacebar")) {
        event.preventDefault();
        open(booth);
      }
    });

    panel.addEventListener("click", function (event) {
      var neighbour = event.target.closest("button[data-booth-id]");
      if (neighbour && byId[neighbour.dataset.boothId]) {
        var booth = byId[neighbour.dataset.boothId];
        if (booth.scrollIntoView) {
          booth.scrollIntoView({ block: "nearest", inline: "nearest" });
        }
        open(booth);
        return;
      }
      var action = event.target.closest("[data-action]");
      if (!action || !current) {
        return;
      }
      var name = action.getAttribute("data-action");
      if (name === "close") {
        close();
      } else if (name === "hold") {
        hold(action);
      } else if (name === "cancel") {
        cancel(action);
      }
    });

    confirmForm.addEventListener("submit", confirmHold);

    countdown.addEventListener("countdown:expired", function () {
      var booth = current;
      if (!booth || !isOwn(booth)) {
        return;
      }
      setOwn(booth, null);
      setState(booth, "free");
      updateLegend();
      render();
      say(fill(text.msgExpired, { code: booth.dataset.code }));
      refreshStates();
    });

    document.addEventListener("keydown", function (event) {
      if ((event.key === "Escape" || event.key === "Esc") && !panel.hidden) {
        event.preventDefault();
        close();
      }
    });

    window.setInterval(function () {
      if (!document.hidden) {
        refreshStates();
      }
    }, REFRESH_MS);

    svg.dataset.interactive = "true";
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
