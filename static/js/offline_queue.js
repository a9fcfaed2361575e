/* The offline queue shared by the check-in desk (desk.js) and the booth's lead scanner (leads.js): an IndexedDB
   database with a "state" store (values by key: the cached fair, settings, lastSync) and a "scans" store of queued
   scans by their client id, each waiting (1) until the server has answered it (0, with its outcome). A scan keeps
   its id when it is sent again, so that the server records it once however often a batch is retried. */
(function (root) {
  "use strict";

  function newId() {
    if (root.crypto && root.crypto.randomUUID) { return root.crypto.randomUUID(); }
    return String(Date.now()) + "-" + Math.random().toString(36).slice(2);
  }

  function openDb(name) {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(name, 1);
      request.onupgradeneeded = function () {
        var base = request.result;
        base.createObjectStore("state");
        base.createObjectStore("scans", { keyPath: "client_scan_id" }).createIndex("waiting", "waiting");
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  /* The queue kept in the IndexedDB database `name` ("eventsys-desk-<slug>", "eventsys-leads-<slug>"). */
  function open(name) {
    return openDb(name).then(function (db) {
      function tx(store, mode, work) {
        return new Promise(function (resolve, reject) {
          var transaction = db.transaction(store, mode);
          var result = work(transaction.objectStore(store));
          transaction.oncomplete = function () { resolve(result && "result" in result ? result.result : result); };
          transaction.onerror = function () { reject(transaction.error); };
        });
      }
      return {
        getValue: function (key) { return tx("state", "readonly", function (s) { return s.get(key); }); },
        putValue: function (key, value) { return tx("state", "readwrite", function (s) { s.put(value, key); }); },
        /* The scans the server has not answered yet, oldest id first. */
        waiting: function () { return tx("scans", "readonly", function (s) { return s.index("waiting").getAll(1); }); },
        /* Queue `fields` (code, scanned_at, ...) as a new scan with its own id; resolves to the scan. */
        add: function (fields) {
          var scan = Object.assign({ client_scan_id: newId(), scanned_at: new Date().toISOString() }, fields, { waiting: 1 });
          return tx("scans", "readwrite", function (s) { s.put(scan); }).then(function () { return scan; });
        },
        /* Mark the `scans` the server answered in `results` ([{client_scan_id, outcome, message}]) as sent. */
        markAnswered: function (scans, results) {
          var answered = {};
          results.forEach(function (r) { answered[r.client_scan_id] = r; });
          return tx("scans", "readwrite", function (store) {
            scans.forEach(function (s) {
              var r = answered[s.client_scan_id];
              if (r) { s.waiting = 0; s.outcome = r.outcome; s.message = r.message; store.put(s); }
            });
          });
        }
      };
    });
  }

  root.OfflineQueue = { open: open, newId: newId };
})(this);
