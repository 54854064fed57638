// briefing search: runs in the page, from disk or from a host. The index is a
// script (search-index.js) loaded on first use, because fetch() fails from
// file://. Results are built with DOM calls, never as HTML strings.
(function () {
  "use strict";
  var script = document.currentScript;
  var base = script ? script.src.replace(/search\.js(\?.*)?$/, "") : "";
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-input");
  var box = document.getElementById("search-results");
  if (!form || !input || !box) return;
  form.hidden = false;
  var index = null;
  var loading = false;
  var waiting = [];
  var decoded = {};
  var MAX_RESULTS = 12;

  // Loads the index once; everything asked for meanwhile runs when it comes.
  function load(then) {
    if (index) return then();
    waiting.push(then);
    if (loading) return;
    loading = true;
    var tag = document.createElement("script");
    tag.src = base + "search-index.js";
    tag.onload = function () {
      index = window.BRIEFING_SEARCH || null;
      if (index) waiting.splice(0).forEach(function (f) { f(); });
    };
    tag.onerror = function () {
      loading = false;
      waiting = [];
      box.textContent = "";
      var status = document.createElement("p");
      status.className = "search-status";
      status.textContent = "The search index could not be loaded.";
      box.appendChild(status);
    };
    document.head.appendChild(tag);
  }

  function words(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}'’]+/u).map(function (w) {
      return w.replace(/^['’]+|['’]+$/g, "").replace(/['’]s$/, "");
    }).filter(function (w) { return w.length > 1; });
  }

  function postings(table, word) {
    var key = table === index.strong ? "s:" + word : "b:" + word;
    if (decoded[key]) return decoded[key];
    var list = [], at = 0, raw = table[word];
    if (raw) raw.split(",").forEach(function (gap) { at += parseInt(gap, 36); list.push(at); });
    decoded[key] = list;
    return list;
  }

  // Articles that match `word`, or every word starting with it when it is
  // the word being typed; strong matches score 10, body matches 1.
  function scores(word, isPrefix) {
    var found = {};
    [index.strong, index.body].forEach(function (table) {
      var weight = table === index.strong ? 10 : 1;
      var keys = isPrefix ? Object.keys(table).filter(function (k) { return k.indexOf(word) === 0; }) : [word];
      keys.forEach(function (k) {
        postings(table, k).forEach(function (doc) { found[doc] = Math.max(found[doc] || 0, weight); });
      });
    });
    return found;
  }

  function search(query) {
    var terms = words(query).filter(function (w) { return index.common.indexOf(w) < 0; });
    if (!terms.length) return [];
    var total = null;
    terms.forEach(function (term, n) {
      var found = scores(term, n === terms.length - 1);
      if (total === null) { total = found; return; }
      var next = {};
      Object.keys(total).forEach(function (doc) { if (found[doc]) next[doc] = total[doc] + found[doc]; });
      total = next;
    });
    return Object.keys(total).map(Number).sort(function (a, b) {
      return total[b] - total[a] || a - b;
    }).slice(0, MAX_RESULTS).map(function (doc) { return { doc: index.docs[doc], terms: terms }; });
  }

  // A stretch of text around the first match, with matches marked.
  function snippet(text, terms) {
    var lower = text.toLowerCase(), at = -1;
    terms.forEach(function (t) { var i = lower.indexOf(t); if (i >= 0 && (at < 0 || i < at)) at = i; });
    var start = Math.max(0, at - 60);
    var piece = (start > 0 ? "…" : "") + text.slice(start, start + 200) + (text.length > start + 200 ? "…" : "");
    var p = document.createElement("p");
    var pattern = new RegExp("(" + terms.map(function (t) { return t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|") + ")", "gi");
    piece.split(pattern).forEach(function (part, i) {
      if (i % 2 === 1) {
        var mark = document.createElement("mark");
        mark.textContent = part;
        p.appendChild(mark);
      } else if (part) {
        p.appendChild(document.createTextNode(part));
      }
    });
    return p;
  }

  function show(query) {
    box.textContent = "";
    if (!query.trim()) return;
    var results = search(query);
    var status = document.createElement("p");
    status.className = "search-status";
    status.textContent = results.length ? results.length + (results.length === MAX_RESULTS ? "+" : "") + " result" + (results.length === 1 ? "" : "s") : "No article matches “" + query + "”.";
    box.appendChild(status);
    if (!results.length) return;
    var list = document.createElement("ul");
    results.forEach(function (r) {
      var d = r.doc, li = document.createElement("li"), a = document.createElement("a");
      a.href = base + index.url[0] + d[1] + index.url[1];
      a.textContent = d[0];
      li.appendChild(a);
      var meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = " " + d[2] + (d[3] >= 0 ? " · " + index.outlets[d[3]] : "");
      li.appendChild(meta);
      li.appendChild(snippet(d[4], r.terms));
      list.appendChild(li);
    });
    box.appendChild(list);
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var first = box.querySelector("a");
    if (first) window.location.href = first.href;
  });
  input.addEventListener("focus", function () { load(function () {}); });
  input.addEventListener("input", function () {
    var query = input.value;
    load(function () { if (input.value === query) show(query); });
  });
})();
