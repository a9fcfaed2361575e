/* eventsys: the hall page loads its floor plan (legend, booths, list of booths), the same for everyone and served
   from the cache, from the address in data-plan-src; marks the viewer's own bookings on it (data-own-bookings);
   then tells floorplan.js and floorplan_zoom.js, which wait for "eventsys:plan-ready", that it is there. */
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

  function load() {
    var layer = document.querySelector("[data-plan-src]");
    if (!layer) {
      return;
    }
    window.fetch(layer.dataset.planSrc, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.text();
      })
      .then(function (html) {
        // The layer is a whole document (for visitors without scripts): its <main> is the plan, less the link back.
        var main = new DOMParser().parseFromString(html, "text/html").querySelector("main");
        main.removeChild(main.firstElementChild);
        layer.replaceChildren.apply(layer, Array.prototype.slice.call(main.childNodes));
        markOwn(layer, JSON.parse(layer.dataset.ownBookings || "[]"));
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
