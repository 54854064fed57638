// briefing: "new since your last visit". items.js lists the key of every
// article and event on the site, by month. At the start of each visit (a
// browser tab's session), the keys not seen at the previous visit are this
// visit's new items; the keys seen now are remembered for the next visit.
// Both live in this browser's storage (it works from disk and nothing leaves
// the device). A first visit marks nothing; "Mark all as read" clears the
// marks for the rest of the visit.
(function () {
  "use strict";
  var items = window.BRIEFING_ITEMS;
  var script = document.currentScript;
  var base = script ? script.src.replace(/visits\.js(\?.*)?$/, "") : "";
  if (!items) return;
  // The interface's texts in the site's language, from strings.js.
  var say = window.briefingText || function (key) { return key; };
  var seenKey = "briefing:seen:" + base;
  var newKey = "briefing:new:" + base;

  var all = [];
  var monthOf = {};
  Object.keys(items).forEach(function (month) {
    items[month].split(" ").forEach(function (key) {
      if (!key) return;
      all.push(key);
      monthOf[key] = month;
    });
  });

  // This visit's new keys: computed once per visit, then kept for its pages.
  var fresh;
  try {
    var visit = window.sessionStorage.getItem(newKey);
    if (visit !== null) {
      fresh = visit ? visit.split(" ") : [];
    } else {
      var seen = window.localStorage.getItem(seenKey);
      var known = {};
      if (seen !== null) seen.split(" ").forEach(function (key) { known[key] = true; });
      fresh = seen === null ? [] : all.filter(function (key) { return !known[key]; });
      window.localStorage.setItem(seenKey, all.join(" "));
      window.sessionStorage.setItem(newKey, fresh.join(" "));
    }
  } catch (e) {
    return; // storage switched off: nothing to compare with
  }
  if (!fresh.length) return;

  var isNew = {};
  var perMonth = {};
  fresh.forEach(function (key) {
    isNew[key] = true;
    if (monthOf[key]) perMonth[monthOf[key]] = (perMonth[monthOf[key]] || 0) + 1;
  });

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

  var bar = document.getElementById("new-bar");
  if (!bar) return;
  var line = say("new_since", fresh.length);
  if (onPage < fresh.length) line += say("on_page", onPage);
  bar.querySelector(".new-count").textContent = line;
  bar.hidden = false;
  bar.querySelector("button").addEventListener("click", function () {
    try { window.sessionStorage.setItem(newKey, ""); } catch (e) { /* nothing kept: marks go anyway */ }
    marks.forEach(function (unmark) { unmark(); });
    bar.hidden = true;
  });
})();
