// briefing search: runs in the page, from disk or from a host. The index is a
// script (search-index.js) loaded on first use, because fetch() fails from
// file://. Results are built with DOM calls, never as HTML strings: the index
// holds article text, which is not to be trusted as markup.
(function () {
  "use strict";
  var script = document.currentScript;
  var base = script ? script.src.replace(/search\.js(\?.*)?$/, "") : "";
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-input");
  var box = document.getElementById("search-results");

  // ------------------------------------------------------------- words
  // The same reading of text as `words` in src/search.rs: case and
  // diacritics folded, possessive 's dropped, one-letter words skipped,
  // single letters joined by dots read as one word (U.S. is "us").
  var ALNUM = /^[\p{Alphabetic}\p{N}]$/u;
  var ALPHA = /^\p{Alphabetic}$/u;
  var MARKS = /\p{M}/gu;
  var SPECIAL = {
    "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th", "ø": "o", "đ": "d", "ð": "d",
    "ł": "l", "ı": "i", "ħ": "h", "ς": "σ", "’": "'"
  };
  var folded = Object.create(null);

  function fold(ch) {
    var f = folded[ch];
    if (f === undefined) {
      f = "";
      Array.from(ch.toLowerCase().normalize("NFD").replace(MARKS, "")).forEach(function (d) {
        f += SPECIAL[d] || d;
      });
      folded[ch] = f;
    }
    return f;
  }

  function isAlnum(c) {
    var n = c.charCodeAt(0);
    if (n < 128) return (n >= 48 && n <= 57) || (n >= 97 && n <= 122) || (n >= 65 && n <= 90);
    return ALNUM.test(c);
  }

  function isAlpha(c) {
    var n = c.charCodeAt(0);
    if (n < 128) return (n >= 97 && n <= 122) || (n >= 65 && n <= 90);
    return ALPHA.test(c);
  }

  function isWordChar(c) { return c === "'" || isAlnum(c); }

  // The words of `text` with where each is in it: w (the folded word), s
  // (its start in `text`) and ends (the end in `text` of each of its
  // folded characters), so that a match can be marked in the text as typed.
  function tokens(text) {
    var chars = [], starts = [], ends = [], pos = 0, size = text.length;
    while (pos < size) {
      var code = text.charCodeAt(pos), len = code >= 0xd800 && code < 0xdc00 && pos + 1 < size ? 2 : 1;
      if (code < 128) {
        chars.push(code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : text[pos]);
        starts.push(pos);
        ends.push(pos + 1);
      } else {
        var f = fold(text.substr(pos, len));
        (f.length === 1 ? [f] : Array.from(f)).forEach(function (d) {
          chars.push(d);
          starts.push(pos);
          ends.push(pos + len);
        });
      }
      pos += len;
    }
    var out = [], n = chars.length, i = 0, j, k;
    while (i < n) {
      if (!isAlnum(chars[i])) { i++; continue; }
      var letters = "", letterEnds = [];
      j = i;
      while (j < n && isAlpha(chars[j]) && (j + 1 === n || !isWordChar(chars[j + 1]))) {
        letters += chars[j];
        letterEnds.push(ends[j]);
        if (j + 1 < n && chars[j + 1] === ".") { j += 2; } else { j += 1; break; }
      }
      if (letterEnds.length >= 2) {
        out.push({ w: letters, s: starts[i], ends: letterEnds });
        i = j;
        continue;
      }
      j = i;
      while (j < n && isWordChar(chars[j])) j++;
      k = j;
      while (k > i && chars[k - 1] === "'") k--;
      if (k - i >= 2 && chars[k - 2] === "'" && chars[k - 1] === "s") k -= 2;
      if (k - i > 1) out.push({ w: chars.slice(i, k).join(""), s: starts[i], ends: ends.slice(i, k) });
      i = j;
    }
    return out;
  }

  function words(text) {
    return tokens(text).map(function (t) { return t.w; });
  }

  // For tests, and for anyone who wants to read text as the index does.
  window.BriefingSearch = { words: words };

  if (!form || !input || !box) return;
  form.hidden = false;

  // ------------------------------------------------------------- index
  var PAGE = 12, MAX_ACTORS = 5, MAX_EVENTS = 3, MAX_WHY = 2;
  // Rank of a match: 3 title, 2 actor, event or speaker, 1 body.
  var WEIGHT = [0, 1, 10, 100];
  var index = null;
  var loading = false;
  var waiting = [];
  var decoded = Object.create(null);
  var sortedKeys = Object.create(null);
  var actorLists = [], eventLists = [], textTokens = Object.create(null), common = [];

  function has(table, key) { return Object.prototype.hasOwnProperty.call(table, key); }

  // Numbers written as gaps from the one before, in base 36.
  function gaps(raw) {
    var list = [], at = 0;
    if (raw) raw.split(",").forEach(function (gap) { at += parseInt(gap, 36); list.push(at); });
    return list;
  }

  // The articles that name actor `a`, or cover event `e`, in order.
  function actorDocs(a) { return actorLists[a] || (actorLists[a] = gaps(index.actors[a][2])); }
  function eventDocs(e) { return eventLists[e] || (eventLists[e] = gaps(index.events[e][3])); }

  function contains(sorted, x) {
    var i = lowerBound(sorted, x);
    return i < sorted.length && sorted[i] === x;
  }

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
      if (!index) return;
      common = index.common.slice().sort();
      waiting.splice(0).forEach(function (f) { f(); });
    };
    tag.onerror = function () {
      loading = false;
      waiting = [];
      box.textContent = "";
      box.appendChild(para("search-status", "The search index could not be loaded."));
    };
    document.head.appendChild(tag);
  }

  // First position in sorted `keys` not before `word`.
  function lowerBound(keys, word) {
    var lo = 0, hi = keys.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (keys[mid] < word) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  // Keys of `table` (named `name`) that are `term`, or that start with it.
  function keysFor(name, table, term, prefix) {
    if (!prefix) return has(table, term) ? [term] : [];
    var keys = sortedKeys[name] || (sortedKeys[name] = Object.keys(table).sort());
    var out = [];
    for (var i = lowerBound(keys, term); i < keys.length && keys[i].lastIndexOf(term, 0) === 0; i++) out.push(keys[i]);
    return out;
  }

  // What table `name` lists for `word`: article, actor or event numbers.
  function postings(name, word) {
    var key = name + ":" + word;
    return decoded[key] || (decoded[key] = gaps(index[name][word]));
  }

  // Numbers of what table `name` lists for any of the keys matching `term`.
  function union(name, term, prefix) {
    var keys = keysFor(name, index[name], term, prefix);
    if (keys.length === 1) return postings(name, keys[0]);
    var found = [], seen = Object.create(null);
    keys.forEach(function (k) {
      postings(name, k).forEach(function (i) { if (!seen[i]) { seen[i] = true; found.push(i); } });
    });
    return found.sort(function (a, b) { return a - b; });
  }

  // A common word is not in the body table, so an article cannot be left
  // out for lacking it: it only raises the articles it names or titles.
  function isCommon(term, prefix) {
    var i = lowerBound(common, term);
    return i < common.length && (prefix ? common[i].lastIndexOf(term, 0) === 0 : common[i] === term);
  }

  function raise(rank, docs, to) {
    for (var i = 0; i < docs.length; i++) if (rank[docs[i]] < to) rank[docs[i]] = to;
  }

  // Every term: how each article matches it, and the actors and events it names.
  function match(term) {
    var n = index.docs.length, rank = new Uint8Array(n), t = term.t, p = term.prefix;
    keysFor("body", index.body, t, p).forEach(function (k) { raise(rank, postings("body", k), 1); });
    keysFor("names", index.names, t, p).forEach(function (k) { raise(rank, postings("names", k), 2); });
    term.actors = union("actor_words", t, p);
    term.events = union("event_words", t, p);
    term.actors.forEach(function (a) { raise(rank, actorDocs(a), 2); });
    term.events.forEach(function (e) { raise(rank, eventDocs(e), 2); });
    keysFor("title", index.title, t, p).forEach(function (k) { raise(rank, postings("title", k), 3); });
    term.rank = rank;
    term.soft = isCommon(t, p);
  }

  // The terms of a query; the last is a prefix while it is being typed.
  function termsOf(query) {
    var last = Array.from(query).pop(), list = words(query), seen = Object.create(null), out = [];
    var typing = last !== undefined && isAlnum(last);
    list.forEach(function (t, i) {
      var prefix = typing && i === list.length - 1, key = t + (prefix ? "*" : "");
      if (seen[key]) return;
      seen[key] = true;
      out.push({ t: t, prefix: prefix, len: Array.from(t).length });
    });
    return out;
  }

  // The numbers in every one of the sorted `lists`, as a new list.
  function intersect(lists) {
    return lists.slice(1).reduce(function (a, b) {
      return a.filter(function (x) { return contains(b, x); });
    }, lists[0].slice());
  }

  // Articles that match every term (a common word may be missing: it is in
  // most bodies), best first: a title match above an actor or event match
  // above a body match, then newest first. A query of common words only
  // finds the articles that have one in a title, name or event.
  function search(terms) {
    terms.forEach(match);
    var n = index.docs.length, score = new Float64Array(n), found = [];
    for (var d = 0; d < n; d++) {
      var s = 0, ok = true;
      for (var i = 0; i < terms.length; i++) {
        var r = terms[i].rank[d];
        if (!r && !terms[i].soft) { ok = false; break; }
        s += WEIGHT[r];
      }
      if (ok && s > 0) { score[d] = s; found.push(d); }
    }
    found.sort(function (a, b) { return score[b] - score[a] || a - b; });
    var actors = intersect(terms.map(function (t) { return t.actors; }));
    actors.sort(function (a, b) { return actorDocs(b).length - actorDocs(a).length || a - b; });
    var events = intersect(terms.map(function (t) { return t.events; }));
    events.sort(function (a, b) { return b - a; });
    return { docs: found, actors: actors.slice(0, MAX_ACTORS), events: events.slice(0, MAX_EVENTS) };
  }

  // ------------------------------------------------------------- showing
  function para(className, text) {
    var p = document.createElement("p");
    p.className = className;
    if (text) p.textContent = text;
    return p;
  }

  // Where a term matches the word `tok`, at its start: the end of the match
  // in the text, or -1. The word being typed matches a word it begins,
  // every other term only a whole word.
  function matchEnd(tok, term) {
    if (tok.w === term.t) return tok.ends[tok.ends.length - 1];
    if (term.prefix && tok.w.lastIndexOf(term.t, 0) === 0) return tok.ends[term.len - 1];
    return -1;
  }

  // Appends text[from, to) to `el`, matches marked; returns the terms seen.
  function marked(el, text, toks, terms, from, to) {
    var seen = [], pos = from;
    toks.forEach(function (tok) {
      if (tok.s < pos || tok.s >= to) return;
      var end = -1;
      terms.forEach(function (term, k) {
        var e = matchEnd(tok, term);
        if (e < 0) return;
        if (seen.indexOf(k) < 0) seen.push(k);
        if (e > end) end = e;
      });
      if (end < 0 || end > to) return;
      if (tok.s > pos) el.appendChild(document.createTextNode(text.slice(pos, tok.s)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(tok.s, end);
      el.appendChild(mark);
      pos = end;
    });
    if (to > pos) el.appendChild(document.createTextNode(text.slice(pos, to)));
    return seen;
  }

  function markedAll(el, text, terms) {
    return marked(el, text, tokens(text), terms, 0, text.length);
  }

  // A stretch of an article's text around its first match (or its start),
  // beginning and ending at a word.
  function snippet(d, terms) {
    var text = index.docs[d][4];
    var toks = textTokens[d] || (textTokens[d] = tokens(text));
    var first = -1;
    for (var i = 0; i < toks.length && first < 0; i++) {
      for (var k = 0; k < terms.length; k++) if (matchEnd(toks[i], terms[k]) >= 0) { first = i; break; }
    }
    var j = first < 0 ? 0 : first;
    while (j > 0 && toks[j - 1].s >= toks[first].s - 60) j--;
    var start = j === 0 ? 0 : toks[j].s;
    var end = text.length;
    if (end > start + 200) {
      end = start;
      for (i = j; i < toks.length && toks[i].ends[toks[i].ends.length - 1] <= start + 200; i++) {
        end = toks[i].ends[toks[i].ends.length - 1];
      }
      if (first >= 0) end = Math.max(end, toks[first].ends[toks[first].ends.length - 1]);
      while (end < text.length && !/\s/.test(text[end])) end++;
    }
    var p = para("search-snippet");
    if (start > 0) p.appendChild(document.createTextNode("…"));
    var seen = marked(p, text, toks, terms, start, end);
    if (end < text.length) p.appendChild(document.createTextNode("…"));
    return { el: p, seen: seen };
  }

  // Why an article matched the terms that neither its title nor its
  // snippet shows: the actor or event that has the word.
  function whyLines(d, terms, shown) {
    var lines = [], named = [];
    terms.forEach(function (term, k) {
      if (shown.indexOf(k) >= 0 || lines.length >= MAX_WHY) return;
      var a = term.actors.filter(function (x) { return contains(actorDocs(x), d); })[0];
      if (a !== undefined) {
        if (named.indexOf("a" + a) >= 0) return;
        named.push("a" + a);
        var actor = index.actors[a], p = para("search-why");
        p.appendChild(document.createTextNode("Mentions "));
        if (!markedAll(p, actor[0], [term]).length) {
          var alias = actor.slice(3).filter(function (name) {
            return tokens(name).some(function (tok) { return matchEnd(tok, term) >= 0; });
          })[0];
          if (alias) {
            p.appendChild(document.createTextNode(" (as “"));
            markedAll(p, alias, [term]);
            p.appendChild(document.createTextNode("”)"));
          }
        }
        lines.push(p);
        return;
      }
      var e = term.events.filter(function (x) { return contains(eventDocs(x), d); })[0];
      if (e !== undefined) {
        if (named.indexOf("e" + e) >= 0) return;
        named.push("e" + e);
        var q = para("search-why");
        q.appendChild(document.createTextNode("Covers: "));
        markedAll(q, index.events[e][0], [term]);
        lines.push(q);
      }
    });
    return lines;
  }

  // A result: a link (its title marked) and, after it, a meta line.
  // `seen` is the terms the title shows.
  function resultItem(href, title, terms) {
    var li = document.createElement("li"), a = document.createElement("a");
    a.href = href;
    var seen = markedAll(a, title, terms);
    li.appendChild(a);
    var meta = document.createElement("span");
    meta.className = "meta";
    li.appendChild(meta);
    return { li: li, meta: meta, seen: seen };
  }

  function articleItem(d, terms) {
    var doc = index.docs[d];
    var item = resultItem(base + index.url[0] + doc[1] + index.url[1], doc[0], terms);
    item.meta.textContent = " " + doc[2] + (doc[3] >= 0 ? " · " + index.outlets[doc[3]] : "");
    var snip = snippet(d, terms);
    whyLines(d, terms, item.seen.concat(snip.seen)).forEach(function (p) { item.li.appendChild(p); });
    item.li.appendChild(snip.el);
    return item.li;
  }

  function actorItem(i, terms) {
    var actor = index.actors[i];
    var item = resultItem(base + index.actor_url[0] + actor[1] + index.actor_url[1], actor[0], terms);
    var meta = item.meta, seen = item.seen;
    meta.appendChild(document.createTextNode(" actor"));
    if (seen.length < terms.length) {
      var alias = actor.slice(3).filter(function (name) {
        var toks = tokens(name);
        return terms.every(function (term) { return toks.some(function (tok) { return matchEnd(tok, term) >= 0; }); });
      })[0];
      if (alias) {
        meta.appendChild(document.createTextNode(", also “"));
        markedAll(meta, alias, terms);
        meta.appendChild(document.createTextNode("”"));
      }
    }
    meta.appendChild(document.createTextNode(" · " + plural(actorDocs(i).length, "article")));
    return item.li;
  }

  function eventItem(i, terms) {
    var event = index.events[i];
    var item = resultItem(base + index.event_url[0] + event[1] + index.event_url[1], event[0], terms);
    item.meta.textContent = " event · " + event[2];
    return item.li;
  }

  function plural(n, noun) { return n + " " + noun + (n === 1 ? "" : "s"); }

  function show(query) {
    box.textContent = "";
    if (!query.trim()) return;
    var terms = termsOf(query);
    if (!terms.length) {
      box.appendChild(para("search-status", "Keep typing…"));
      return;
    }
    var found = search(terms);
    box.appendChild(para("search-status", found.docs.length
      ? plural(found.docs.length, "article")
      : "No article matches “" + query + "”."));
    if (found.actors.length || found.events.length) {
      box.appendChild(para("search-group", "Actors and events"));
      var names = document.createElement("ul");
      names.className = "search-entities";
      found.actors.forEach(function (i) { names.appendChild(actorItem(i, terms)); });
      found.events.forEach(function (i) { names.appendChild(eventItem(i, terms)); });
      box.appendChild(names);
    }
    if (!found.docs.length) return;
    if (found.actors.length || found.events.length) box.appendChild(para("search-group", "Articles"));
    var list = document.createElement("ul");
    list.className = "search-articles";
    box.appendChild(list);
    var shown = 0, more = null;
    function next() {
      var first = null;
      found.docs.slice(shown, shown + PAGE).forEach(function (d) {
        var li = articleItem(d, terms);
        list.appendChild(li);
        first = first || li.querySelector("a");
      });
      shown = Math.min(found.docs.length, shown + PAGE);
      var left = found.docs.length - shown;
      if (left > 0 && !more) {
        more = document.createElement("button");
        more.type = "button";
        more.className = "search-more";
        more.addEventListener("click", function () {
          var focus = next();
          if (focus) focus.focus();
        });
        box.appendChild(more);
      }
      if (more) {
        if (left > 0) more.textContent = "Show more";
        else { more.remove(); more = null; }
      }
      return first;
    }
    next();
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
