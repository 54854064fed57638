// briefing: "new since your last visit". The newest date the reader has
// marked as read is kept in this browser's localStorage (it works from disk
// and nothing leaves the device); cards dated after it are marked as new
// until the reader marks all as read. A first visit marks nothing.
(function () {
  "use strict";
  var newest = document.body.getAttribute("data-newest");
  var script = document.currentScript;
  var base = script ? script.src.replace(/visits\.js(\?.*)?$/, "") : "";
  if (!newest) return;
  var key = "briefing:read-until:" + base;
  var seen;
  try {
    seen = window.localStorage.getItem(key);
    if (!seen) {
      window.localStorage.setItem(key, newest);
      return;
    }
  } catch (e) {
    return;
  }
  var marked = [];
  document.querySelectorAll(".card[data-date]").forEach(function (card) {
    if (card.getAttribute("data-date") <= seen) return;
    card.classList.add("is-new");
    var badge = document.createElement("span");
    badge.className = "new-badge";
    badge.textContent = "New";
    var meta = card.querySelector(".meta");
    if (meta) meta.insertBefore(badge, meta.firstChild);
    marked.push([card, badge]);
  });
  var bar = document.getElementById("new-bar");
  if (!bar || !marked.length) return;
  bar.querySelector(".new-count").textContent =
    marked.length + (marked.length === 1 ? " item" : " items") + " new since your last visit";
  bar.hidden = false;
  bar.querySelector("button").addEventListener("click", function () {
    try { window.localStorage.setItem(key, newest); } catch (e) { /* private mode: nothing to keep */ }
    marked.forEach(function (pair) { pair[0].classList.remove("is-new"); pair[1].remove(); });
    bar.hidden = true;
  });
})();
