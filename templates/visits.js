// briefing: "new since your last visit". items.js gives, per month, how many
// articles and events it holds and the sum of their keys; items/YYYY-MM.js
// lists a month's keys (see src/visits.rs). At the start of each visit (a
// browser tab's session), the keys not seen at the previous visit are this
// visit's new items; what is seen now is remembered for the next visit. Only
// the months whose digest changed are loaded, plus, when that is little, one
// month not read before (newest first), so a page loads a few kilobytes, not
// every key.
// Everything lives in this browser's storage (it works from disk and nothing
// leaves the device). A first visit marks nothing; "Mark all as read" clears
// the marks for the rest of the visit.
//
// Remembered, in localStorage under "briefing:visit:" + the site's address,
// as JSON: `months`, the digest of every month at the last visit; `keys`, the
// keys of the months read, as "key key …" by month; `other`, keys seen whose
// month is not known. Earlier versions kept every key seen, space-separated,
// under "briefing:seen:"; such a record is read as `other` with no digest,
// and months are then read newest first until the keys left over are those
// of the months not read (same count and sum), so it survives exactly.
(function () {
  "use strict";
  var digest = window.BRIEFING_MONTHS;
  var script = document.currentScript;
  var base = script ? script.src.replace(/visits\.js(\?.*)?$/, "") : "";
  if (!digest) return;
  // The interface's texts in the site's language, from strings.js.
  var say = window.briefingText || function (key) { return key; };
  var stateKey = "briefing:visit:" + base;
  var oldSeenKey = "briefing:seen:" + base;
  var freshKey = "briefing:fresh:" + base;
  var SPAN = 1099511627776; // keys are numbers below 2^40, in base 36
  // A month not read yet is learnt only while the visit reads fewer keys
  // than this in all (about 9 bytes a key: 54 KB), so that learning never
  // makes a visit heavy.
  var LEARN_WITHIN = 6000;
  var months = Object.keys(digest).sort();
  var loaded = window.BRIEFING_MONTH_KEYS = window.BRIEFING_MONTH_KEYS || {};

  // <p id="new-bar" class="new-bar" hidden> with its count and button, first
  // in <main>: only this script fills it, so pages do not carry it.
  function newBar() {
    var main = document.getElementById("main");
    if (!main) return null;
    var bar = document.createElement("p");
    bar.id = "new-bar";
    bar.className = "new-bar";
    bar.hidden = true;
    var count = document.createElement("span");
    count.className = "new-count";
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = say("mark_read");
    bar.append(count, " ", button);
    main.prepend(bar);
    return bar;
  }
  function has(table, key) { return Object.prototype.hasOwnProperty.call(table, key); }
  function words(text) { return text ? text.split(" ") : []; }
  function setOf(list) {
    var set = Object.create(null);
    list.forEach(function (key) { set[key] = true; });
    return set;
  }

  var local, session;
  try {
    local = window.localStorage;
    session = window.sessionStorage;
    var visit = session.getItem(freshKey);
    if (visit !== null) return mark(JSON.parse(visit));
  } catch (e) {
    return; // storage switched off: nothing to compare with
  }

  function strings(table) {
    return !!table && typeof table === "object" &&
      Object.keys(table).every(function (k) { return typeof table[k] === "string"; });
  }

  // What the last visit left: null at a first visit (or an unreadable record).
  function remembered() {
    var raw = local.getItem(stateKey);
    if (raw !== null) {
      try {
        var state = JSON.parse(raw);
        if (state && strings(state.months) && strings(state.keys) &&
            (state.other === undefined || typeof state.other === "string")) return state;
      } catch (e) { /* unreadable: read as a first visit */ }
    } else {
      var seen = local.getItem(oldSeenKey);
      if (seen !== null) return { months: null, keys: {}, other: seen };
    }
    return null;
  }

  // [count, sum] of keys.
  function tally(keys) {
    var sum = 0;
    keys.forEach(function (key) { sum = (sum + parseInt(key, 36)) % SPAN; });
    return [keys.length, sum];
  }

  function parsed(monthDigest) {
    var parts = monthDigest.split(" ");
    return [parseInt(parts[0], 10), parseInt(parts[1], 36)];
  }

  // The months to read in round `round` (0, 1, …): [] when done.
  function wanted(state, round) {
    var unread = months.filter(function (m) { return !has(loaded, m); });
    var newest = unread.length ? [unread[unread.length - 1]] : [];
    if (!state) return round === 0 ? newest : [];
    if (!state.months) {
      // An earlier version's record: months are read newest first until
      // the keys left, once those of the months read are taken out, are
      // those of the months not read.
      var left = setOf(words(state.other));
      months.forEach(function (m) {
        if (has(loaded, m)) words(loaded[m]).forEach(function (key) { delete left[key]; });
      });
      var was = tally(Object.keys(left)), now = [0, 0];
      unread.forEach(function (m) {
        var d = parsed(digest[m]);
        now = [now[0] + d[0], (now[1] + d[1]) % SPAN];
      });
      return was[0] !== now[0] || was[1] !== now[1] ? newest : [];
    }
    if (round > 0) return [];
    var changed = months.filter(function (m) { return state.months[m] !== digest[m]; });
    var learn = months.filter(function (m) { return !has(state.keys, m) && changed.indexOf(m) < 0; });
    var reading = changed.concat(learn.slice(-1)).reduce(function (n, m) { return n + parsed(digest[m])[0]; }, 0);
    return learn.length && reading <= LEARN_WITHIN ? changed.concat(learn.slice(-1)) : changed;
  }

  // Loads the key lists of `names` (months), then calls `then`; nothing if
  // one cannot be loaded (the next page of the visit tries again).
  function load(names, then) {
    var left = names.length, failed = false;
    names.forEach(function (month) {
      var tag = document.createElement("script");
      tag.src = base + "items/" + month + ".js";
      tag.onload = tag.onerror = function () {
        if (!has(loaded, month)) failed = true;
        if (--left === 0 && !failed) then();
      };
      document.head.appendChild(tag);
    });
  }

  // The keys of a month read now that were not there at the last visit.
  function added(state, other, month) {
    var keys = words(loaded[month]);
    var before;
    if (state && has(state.keys, month)) before = setOf(words(state.keys[month]));
    else if (state && state.months && !has(state.months, month)) before = {};
    else if (other) before = other;
    if (before) return keys.filter(function (key) { return !before[key]; });
    // A month never read: one item more is told by the sums.
    if (!state || state.months[month] === digest[month]) return [];
    var was = parsed(state.months[month]), now = parsed(digest[month]);
    if (now[0] !== was[0] + 1) return [];
    var key = ((now[1] - was[1] + SPAN) % SPAN).toString(36);
    return keys.indexOf(key) >= 0 ? [key] : [];
  }

  function decide(state) {
    var fresh = {};
    var other = state && state.other ? setOf(words(state.other)) : null;
    var keys = {};
    months.forEach(function (m) {
      if (has(loaded, m)) {
        var found = state ? added(state, other, m) : [];
        if (found.length) fresh[m] = found.join(" ");
        keys[m] = loaded[m];
        if (other) words(loaded[m]).forEach(function (key) { delete other[key]; });
      } else if (state && has(state.keys, m)) {
        keys[m] = state.keys[m];
      }
    });
    var next = { months: digest, keys: keys };
    if (other && Object.keys(other).length) next.other = Object.keys(other).join(" ");
    try {
      local.setItem(stateKey, JSON.stringify(next));
      local.removeItem(oldSeenKey);
      session.setItem(freshKey, JSON.stringify(fresh));
    } catch (e) {
      return; // nothing kept: the next page of this visit decides again
    }
    mark(fresh);
  }

  var state = remembered();
  var round = 0;
  (function step() {
    var names = wanted(state, round++);
    if (names.length) load(names, step); else decide(state);
  })();

  // Marks the cards of the new items, and the months that hold them.
  function mark(fresh) {
    var isNew = {}, perMonth = {}, total = 0;
    Object.keys(fresh).forEach(function (month) {
      var keys = words(fresh[month]);
      keys.forEach(function (key) { isNew[key] = true; });
      perMonth[month] = keys.length;
      total += keys.length;
    });
    if (!total) return;

    function badge(text) {
      var span = document.createElement("span");
      span.className = "new-badge";
      span.textContent = text;
      return span;
    }

    var marks = [];
    var onPage = 0;
    document.querySelectorAll(".card[data-key]").forEach(function (card) {
      if (!isNew[card.getAttribute("data-key")]) return;
      card.classList.add("is-new");
      var mark = badge(say("new"));
      var meta = card.querySelector(".meta");
      if (meta) meta.insertBefore(mark, meta.firstChild);
      marks.push(function () { card.classList.remove("is-new"); mark.remove(); });
      onPage += 1;
    });
    document.querySelectorAll("[data-month]").forEach(function (entry) {
      var count = perMonth[entry.getAttribute("data-month")];
      if (!count) return;
      var mark = badge(say("month_new", count));
      entry.appendChild(document.createTextNode(" "));
      entry.appendChild(mark);
      marks.push(function () { mark.remove(); });
    });

    var bar = document.getElementById("new-bar") || newBar();
    if (!bar) return;
    var line = say("new_since", total);
    if (onPage < total) line += say("on_page", onPage);
    bar.querySelector(".new-count").textContent = line;
    bar.hidden = false;
    bar.querySelector("button").addEventListener("click", function () {
      try { session.setItem(freshKey, "{}"); } catch (e) { /* nothing kept: marks go anyway */ }
      marks.forEach(function (unmark) { unmark(); });
      bar.hidden = true;
    });
  }
})();
