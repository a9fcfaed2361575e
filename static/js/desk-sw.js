/* The check-in desk's service worker: the desk page (named in the ?page= it was registered with) and the scripts
   and styles it needs are kept in a cache, so that the desk opens and works with no network. Pages are asked for
   on the network first, falling back to the cache; static files come from the cache first. JSON is never cached
   here: the page keeps the fair's state in IndexedDB itself. */
"use strict";

var CACHE = "eventsys-desk-v3";
var PAGE = new URL(self.location).searchParams.get("page");
var STATIC = [
  "/static/css/eventsys.css",
  "/static/css/badges.css",
  "/static/js/eventsys.js",
  "/static/js/desk.js",
  "/static/js/desk_verify.js",
  "/static/js/leads.js",
  "/static/js/offline_queue.js",
  "/static/vendor/tweetnacl/nacl-fast.min.js",
  "/static/vendor/jsqr/jsQR.js",
  "/static/favicon.svg"
];

self.addEventListener("install", function (event) {
  var wanted = PAGE ? STATIC.concat([PAGE]) : STATIC;
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(wanted.map(function (url) {
      return fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (response.ok) { return cache.put(url, response); }
      }).catch(function () {});
    }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  var isPage = request.mode === "navigate" || url.pathname.endsWith(".webmanifest");
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(caches.match(url.pathname).then(function (hit) {
      return hit || fetch(request).then(function (response) {
        if (response.ok) {
          var copy = response.clone();
          caches.open(CACHE).then(function (cache) { cache.put(url.pathname, copy); });
        }
        return response;
      });
    }));
  } else if (isPage && url.pathname.startsWith("/desk/")) {
    event.respondWith(fetch(request).then(function (response) {
      if (response.ok && !response.redirected) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(url.pathname, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(url.pathname).then(function (hit) { return hit || Response.error(); });
    }));
  }
});
