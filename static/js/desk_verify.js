/* The desk's offline decisions, shared by the page and by benchmarks/checkin.py (run under node): a signed badge
   code is checked with the fair's Ed25519 public key (tweetnacl), then against the cached revocations, the role's
   admission window, the badge's day and zones, and the entries so far. Mirrors eventsys/services/badges/signing.py
   and checkin.refusal_of; the server decides again at sync. */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) {
    module.exports = factory(require("../vendor/tweetnacl/nacl-fast.min.js"));
  } else {
    root.DeskVerify = factory(root.nacl);
  }
})(this, function (nacl) {
  "use strict";

  var SIGNED = /^2\.([A-Za-z0-9_-]{8,24})\.([EIPORV](?:d[0-9]{8}(?:m[1-9a-f][0-9a-f]{0,15})?)?(?:z[a-z0-9-]{1,20}(?:\+[a-z0-9-]{1,20})*)?)\.([A-Za-z0-9_-]{86})$/;
  var HMAC_FORM = /^1\.([A-Za-z0-9_-]{8,24})\.[A-Za-z0-9_-]{16}$/;
  var ROLES = { E: "exhibitor", I: "investor", P: "partner", O: "organizer", R: "press", V: "visitor" };
  var CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  function fromBase64url(text) {
    var bits = 0, value = 0, out = [];
    for (var i = 0; i < text.length; i++) {
      var index = B64.indexOf(text.charAt(i));
      if (index < 0) { return null; }
      value = (value << 6) | index;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out.push((value >> bits) & 255);
      }
    }
    if (bits > 0 && (value & ((1 << bits) - 1)) !== 0) { return null; } // spare bits set: not the one spelling
    return new Uint8Array(out);
  }

  function utf8(text) {
    return new TextEncoder().encode(text);
  }

  /* What a genuine signed code of the fair says, or null. */
  function readSigned(code, fairId, publicKey) {
    var match = SIGNED.exec((code || "").trim());
    if (!match) { return null; }
    var signature = fromBase64url(match[3]);
    if (!signature || signature.length !== 64) { return null; }
    var message = utf8("eventsys.badge:" + fairId + ":2." + match[1] + "." + match[2]);
    if (!nacl.sign.detached.verify(message, signature, publicKey)) { return null; }
    var claims = /^([EIPORV])(?:d([0-9]{8})(?:m([0-9a-f]+))?)?(?:z(.+))?$/.exec(match[2]);
    return { serial: match[1], role: ROLES[claims[1]], days: daysOf(claims[2], claims[3]), zones: claims[4] ? claims[4].split("+") : [] };
  }

  /* The days of a code's claims as "YYYY-MM-DD": its first day, then one for each bit of the mask (bit i: the first
     day + i + 1 days), as signing.days_claim writes them; [] for every day. */
  function daysOf(first, mask) {
    if (!first) { return []; }
    var start = Date.UTC(+first.slice(0, 4), +first.slice(4, 6) - 1, +first.slice(6));
    var days = [new Date(start).toISOString().slice(0, 10)];
    var bits = mask ? mask.split("").reverse() : [];
    for (var i = 0; i < bits.length * 4; i++) {
      if ((parseInt(bits[i >> 2], 16) >> (i & 3)) & 1) { days.push(new Date(start + (i + 1) * 86400000).toISOString().slice(0, 10)); }
    }
    return days;
  }

  /* The same, for a code signed by any of the fair's keys (current first, then retired ones). */
  function readSignedByAny(code, fairId, publicKeys) {
    for (var i = 0; i < publicKeys.length; i++) {
      var badge = readSigned(code, fairId, publicKeys[i]);
      if (badge) { return badge; }
    }
    return null;
  }

  /* A typed short code in its printed form ("7KQ2M-XW9DA"), read as Crockford reads it, or null. */
  function normalizeDeskCode(text) {
    var chars = (text || "").toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
    if (chars.length !== 10) { return null; }
    for (var i = 0; i < chars.length; i++) {
      if (CROCKFORD.indexOf(chars.charAt(i)) < 0) { return null; }
    }
    return chars.slice(0, 5) + "-" + chars.slice(5);
  }

  function localDay(at, timezone) {
    return new Intl.DateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
  }

  /* The desk's verdict on a code: {verdict: welcome|already|refused, reason, serial, role, person, first, values}.
     `desk` holds the cached state (publicKeys: the fair's keys' bytes, fairId, timezone, windows, rosterBySerial, rosterByCode,
     revoked set, entries map serial -> {at, gate}) and the desk's zone. A refusal for day, zone, window or
     revocation may be overridden by staff; a forged or unknown code may not. */
  function decide(code, desk, now) {
    code = (code || "").trim();
    var badge = null;
    if (code.slice(0, 2) === "2.") {
      badge = readSignedByAny(code, desk.fairId, desk.publicKeys);
      if (!badge) { return { verdict: "refused", reason: "forged" }; }
    } else {
      var old = HMAC_FORM.exec(code);
      var listed = old ? desk.rosterBySerial[old[1]] : desk.rosterByCode[normalizeDeskCode(code)];
      if (!listed && old && desk.revoked.has(old[1])) { return { verdict: "refused", reason: "revoked", serial: old[1], overridable: true }; }
      if (!listed) { return { verdict: "refused", reason: (old || normalizeDeskCode(code)) ? "unknown" : "forged" }; }
      badge = { serial: listed.serial, role: listed.role, days: listed.days || [], zones: listed.zones || [] };
    }
    var person = desk.rosterBySerial[badge.serial] || null;
    var result = { serial: badge.serial, role: badge.role, person: person, overridable: true };
    var refusal = refusalOf(badge, desk, now);
    if (refusal) {
      result.verdict = "refused";
      result.reason = refusal.reason;
      result.values = refusal.values;
      return result;
    }
    var first = desk.entries[badge.serial];
    result.verdict = first ? "already" : "welcome";
    result.first = first || null;
    return result;
  }

  function refusalOf(badge, desk, now) {
    if (desk.revoked.has(badge.serial)) { return { reason: "revoked" }; }
    var window = desk.windows[badge.role];
    if (window) {
      if (now < new Date(window[0])) { return { reason: "not-yet", values: { when: window[0] } }; }
      if (now >= new Date(window[1])) { return { reason: "over", values: { when: window[1] } }; }
    }
    if (badge.days.length && badge.days.indexOf(localDay(now, desk.timezone)) < 0) {
      return { reason: "day", values: { days: badge.days.join(", ") } };
    }
    var zone = (desk.zone || "").trim().toLowerCase();
    if (zone && badge.zones.length && badge.zones.indexOf(zone) < 0) {
      return { reason: "zone", values: { zone: zone, zones: badge.zones.join(", ") } };
    }
    return null;
  }

  return { readSigned: readSigned, readSignedByAny: readSignedByAny, decide: decide, daysOf: daysOf, normalizeDeskCode: normalizeDeskCode, fromBase64url: fromBase64url };
});
