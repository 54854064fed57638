// briefing search: runs in the page, from disk or from a host. The index is
// split into scripts under search/ (see src/search.rs), loaded as a query
// needs them, because fetch() fails from file://. Results are built with DOM
// calls, never as HTML strings: the index holds article text, which is not to
// be trusted as markup. It drives the box in every page's header and, on
// search/index.html, the page's own form, whose address (?q=) can be shared.
(function () {
  "use strict";
  var script = document.currentScript;
  var base = script ? script.src.replace(/search\.js(\?.*)?$/, "") : "";
  // The interface's texts in the site's language, from strings.js.
  var say = window.briefingText || function (key) { return key; };
  // The box in the header is made here: without this script there is no
  // search, so pages do not carry it (a site's own template still may).
  var form = document.getElementById("search-form") || headerBox();
  var input = document.getElementById("search-input");
  var box = document.getElementById("search-results");
  var pageForm = document.getElementById("search-page-form");
  var pageInput = document.getElementById("search-page-input");
  var pageBox = document.getElementById("search-page-results");

  // <form id="search-form" class="search" role="search" hidden> with its
  // label, input and results after the header's navigation, if it has one.
  function headerBox() {
    var nav = document.querySelector(".site-header nav");
    if (!nav) return null;
    var made = document.createElement("form");
    made.id = "search-form";
    made.className = "search";
    made.setAttribute("role", "search");
    made.hidden = true;
    var label = document.createElement("label");
    label.htmlFor = "search-input";
    label.textContent = say("search");
    var field = document.createElement("input");
    field.type = "search";
    field.id = "search-input";
    field.placeholder = say("search_placeholder");
    field.autocomplete = "off";
    var results = document.createElement("div");
    results.id = "search-results";
    results.setAttribute("aria-live", "polite");
    made.append(label, "\n", field, "\n", results);
    nav.after(made);
    return made;
  }

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

  // ------------------------------------------------------------- typos
  // Edits a word of `len` letters may be away from a word of the text.
  function allowedEdits(len) { return len >= 8 ? 2 : len >= 4 ? 1 : 0; }

  // Edits between `a` and `b` (insertions, deletions, substitutions and
  // swaps of neighbours), or max + 1 once more than `max`.
  function distance(a, b, max) {
    var n = a.length, m = b.length;
    if (Math.abs(n - m) > max) return max + 1;
    var before = [], prev = [], cur = [], i, j;
    for (j = 0; j <= m; j++) prev[j] = j;
    for (i = 1; i <= n; i++) {
      cur = [i];
      var low = i;
      for (j = 1; j <= m; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
        cur[j] = d;
        if (d < low) low = d;
      }
      if (low > max) return max + 1;
      before = prev;
      prev = cur;
    }
    return prev[m];
  }

  // For tests, and for anyone who wants to read text as the index does.
  window.BriefingSearch = { words: words, distance: distance };

  var header = form && input && box ? { form: form, input: input, box: box } : null;
  var pageView = pageForm && pageInput && pageBox ? { form: pageForm, input: pageInput, box: pageBox, page: true } : null;
  if (!header && !pageView) return;

  // ------------------------------------------------------------- index parts
  var PAGE = 12, MAX_ACTORS = 5, MAX_EVENTS = 3, MAX_WHY = 2, MAX_PREFIX = 40, MAX_NEAR = 12, MIN_PART = 3;
  // Rank of a match: 3 title, 2 actor, event or speaker, 1 body.
  var WEIGHT = [0, 1, 10, 100];
  // Every term matched without a typo counts above any sum of weights.
  var EXACT = 1e6;
  var parts = window.BRIEFING_SEARCH || (window.BRIEFING_SEARCH = {});
  var pending = Object.create(null);
  var decoded = Object.create(null), vocabs = Object.create(null);
  // Rows of actors and events that came with postings, by number.
  var rows = { a: Object.create(null), e: Object.create(null) };

  function has(table, key) { return Object.prototype.hasOwnProperty.call(table, key); }

  // Loads the parts named (search/NAME.js, each a script that adds itself
  // to window.BRIEFING_SEARCH), then calls `then`; `fail` if one cannot be.
  function need(names, then, fail) {
    var missing = names.filter(function (n, i) { return !has(parts, n) && names.indexOf(n) === i; });
    var left = missing.length, failed = false;
    if (!left) return then();
    function done(ok) {
      if (failed) return;
      if (!ok) { failed = true; return fail(); }
      if (--left === 0) then();
    }
    missing.forEach(function (name) {
      if (pending[name]) { pending[name].push(done); return; }
      pending[name] = [done];
      var tag = document.createElement("script");
      tag.src = base + "search/" + name + ".js";
      tag.onload = tag.onerror = function () {
        var waiting = pending[name] || [];
        delete pending[name];
        waiting.forEach(function (f) { f(has(parts, name)); });
      };
      document.head.appendChild(tag);
    });
  }

  function meta() { return parts.meta; }

  // Numbers written as gaps from the one before, in base 36.
  function gaps(raw) {
    var list = [], at = 0;
    if (raw) raw.split(",").forEach(function (gap) { at += parseInt(gap, 36); list.push(at); });
    return list;
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

  function contains(sorted, x) {
    var i = lowerBound(sorted, x);
    return i < sorted.length && sorted[i] === x;
  }

  // The part that lists the words beginning with the letter of `word`:
  // "v" and the letter's code point in hexadecimal. Every ASCII letter and
  // digit has one, so a query asks for those before `meta` is in; another
  // letter has one if `meta` lists it.
  function vocabPart(word) {
    var letter = Array.from(word)[0];
    if (letter === undefined) return null;
    if (!/^[0-9a-z]$/.test(letter) && !(meta() && meta().vocab.indexOf(letter) >= 0)) return null;
    return "v" + letter.codePointAt(0).toString(16);
  }

  // The sorted words beginning with the letter of `word`.
  function vocab(word) {
    var name = vocabPart(word);
    if (!name || !has(parts, name)) return [];
    return vocabs[name] || (vocabs[name] = parts[name] ? parts[name].split(" ") : []);
  }

  function known(word) { return contains(vocab(word), word); }

  // Whether `word` may be indexed, from the filter in `meta` (see
  // KnownWords in src/search.rs: the same hashes in 32-bit arithmetic);
  // without one, from its word list. A word that passes by chance is
  // dropped once its postings file is in (see dropUnknownParts).
  function mayBeKnown(word) {
    var f = meta().known;
    if (!f) return known(word);
    var h = 2166136261;
    for (var i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619) >>> 0;
    var h2 = (Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) | 1) >>> 0;
    for (var k = 0; k < 4; k++) {
      var b = ((h + Math.imul(k, h2)) >>> 0) % f.bits;
      if (!((parseInt(f.hex.substr((b >>> 5) * 8, 8), 16) >>> (b & 31)) & 1)) return false;
    }
    return true;
  }

  // The part holding the postings of `word`.
  function shardPart(word) {
    var shards = meta().shards, i = lowerBound(shards, word);
    if (i === shards.length || shards[i] !== word) i--;
    return "p" + Math.max(i, 0);
  }

  // What the index lists for `word`: [title, near, body, actors, events].
  function postings(word) {
    var p = decoded[word];
    if (!p) {
      var shard = parts[shardPart(word)] || {}, raw = shard[word] || [];
      p = decoded[word] = [0, 1, 2, 3, 4].map(function (k) { return gaps(raw[k]); });
      // The rows of the actors and events a query of the word shows first
      // come in its postings file (" a<n>", " e<n>"; see Inlined in
      // src/search.rs), not only in their own files.
      p[3].slice(0, MAX_ACTORS).forEach(function (a) { keepRow("a", a, shard); });
      p[4].slice(-MAX_EVENTS).forEach(function (e) { keepRow("e", e, shard); });
    }
    return p;
  }

  function keepRow(kind, n, shard) {
    if (has(shard, " " + kind + n)) rows[kind][n] = shard[" " + kind + n];
  }

  function isCommon(word) { return contains(meta().common, word); }

  // ------------------------------------------------------------- queries
  // The terms of a query; the last is a prefix while it is being typed.
  function termsOf(query, typing) {
    var last = Array.from(query).pop(), list = words(query), seen = Object.create(null), out = [];
    typing = typing && last !== undefined && isAlnum(last);
    list.forEach(function (t, i) {
      var prefix = typing && i === list.length - 1, key = t + (prefix ? "*" : "");
      if (seen[key]) return;
      seen[key] = true;
      out.push({ t: t, prefix: prefix, len: Array.from(t).length });
    });
    return out;
  }

  // The words each term may stand for, once the word lists are loaded:
  // `exact` (itself, the words it begins while typed, itself joined with a
  // neighbour) and `near` (one or two typos away, or split in two known
  // words), each a list of {w, with} where `with` is a second word that must
  // be there too.
  function expand(terms) {
    terms.forEach(function (term) { term.exact = []; term.near = []; });
    terms.forEach(function (term, i) {
      var t = term.t, list = vocab(t), chars = Array.from(t);
      if (term.prefix) {
        var found = [];
        for (var k = lowerBound(list, t); k < list.length && list[k].lastIndexOf(t, 0) === 0; k++) found.push(list[k]);
        found.sort(function (a, b) { return a.length - b.length || (a < b ? -1 : 1); });
        found.slice(0, MAX_PREFIX).forEach(function (w) { term.exact.push({ w: w }); });
      } else if (known(t)) {
        term.exact.push({ w: t });
      }
      var next = terms[i + 1];
      if (next && known(t + next.t)) {
        term.exact.push({ w: t + next.t });
        next.exact.push({ w: t + next.t });
      }
      var max = allowedEdits(term.len);
      if (max) {
        var near = [];
        list.forEach(function (w) {
          if (w === t || (term.prefix && w.lastIndexOf(t, 0) === 0)) return;
          var d = distance(chars, Array.from(w), max);
          if (d <= max) near.push({ w: w, d: d });
        });
        near.sort(function (a, b) { return a.d - b.d || a.w.length - b.w.length; });
        near.slice(0, MAX_NEAR).forEach(function (n) { term.near.push({ w: n.w }); });
      }
      for (var cut = MIN_PART; cut <= chars.length - MIN_PART; cut++) {
        var left = chars.slice(0, cut).join(""), right = chars.slice(cut).join("");
        if (known(left) && mayBeKnown(right)) term.near.push({ w: left, with: right });
      }
    });
  }

  // The word lists a query needs: those of the letters of its terms and,
  // when `meta` has no filter of the words (see mayBeKnown), of every
  // letter a second half of a split could begin with (small files, loaded
  // at once rather than one more wait). Before `meta` is in, those of the
  // terms' ASCII letters.
  function vocabNeeds(terms) {
    var names = [], halves = meta() && !meta().known;
    terms.forEach(function (term) {
      var chars = Array.from(term.t);
      names.push(vocabPart(term.t));
      if (!halves) return;
      for (var cut = MIN_PART; cut <= chars.length - MIN_PART; cut++) names.push(vocabPart(chars[cut]));
    });
    return names.filter(Boolean);
  }

  // Drops the splits whose second half the filter let through but the
  // index does not have: its postings file, now in, does not list it.
  function dropUnknownParts(terms) {
    terms.forEach(function (term) {
      term.near = term.near.filter(function (c) {
        return !c.with || has(parts[shardPart(c.with)] || {}, c.with);
      });
    });
  }

  function shardNeeds(terms) {
    var names = [];
    terms.forEach(function (term) {
      term.exact.concat(term.near).forEach(function (c) {
        names.push(shardPart(c.w));
        if (c.with) names.push(shardPart(c.with));
      });
      if (isCommon(term.t)) term.soft = true;
    });
    return names;
  }

  function raise(rank, docs, to) {
    for (var i = 0; i < docs.length; i++) if (rank[docs[i]] < to) rank[docs[i]] = to;
  }

  // Raises each article's rank in `into` to how it matches candidate `c`,
  // when that is better. Only the articles the candidate lists are touched,
  // not every article of the site once for each of a term's candidates (up
  // to 52 of them, and 100,000 articles).
  function rankInto(into, c) {
    var p = postings(c.w);
    if (!c.with) {
      raise(into, p[2], 1); raise(into, p[1], 2); raise(into, p[0], 3);
      return;
    }
    // Both words of a compound: its rank is the lower of theirs.
    var own = rankOf(c.w), other = rankOf(c.with);
    own.forEach(function (r, d) {
      var both = Math.min(r, other[d] || 0);
      if (both > into[d]) into[d] = both;
    });
  }

  // How each article matches word `w`: its best rank, by article, for the
  // articles that have one.
  function rankOf(w) {
    var rank = new Map(), p = postings(w);
    [[p[2], 1], [p[1], 2], [p[0], 3]].forEach(function (list) {
      list[0].forEach(function (d) { if (!(rank.get(d) >= list[1])) rank.set(d, list[1]); });
    });
    return rank;
  }

  // The actors (or events: k = 4) a candidate names.
  function entitiesOf(c, k) {
    var own = postings(c.w)[k];
    if (!c.with) return own;
    var other = postings(c.with)[k];
    return own.filter(function (x) { return contains(other, x); });
  }

  function unionOf(lists) {
    var seen = Object.create(null), out = [];
    lists.forEach(function (l) { l.forEach(function (x) { if (!seen[x]) { seen[x] = true; out.push(x); } }); });
    return out.sort(function (a, b) { return a - b; });
  }

  // The numbers in every one of the sorted `lists`, as a new list.
  function intersect(lists) {
    return lists.slice(1).reduce(function (a, b) {
      return a.filter(function (x) { return contains(b, x); });
    }, lists[0].slice());
  }

  // Articles that match every term (a common word may be missing: it is in
  // most bodies), best first: those that need no typo, then by rank (a
  // title above an actor, event or speaker above a body), then newest first.
  function search(terms) {
    var n = meta().docs, exact = [], near = [];
    terms.forEach(function (term) {
      var e = new Uint8Array(n), f = new Uint8Array(n);
      term.exact.forEach(function (c) { rankInto(e, c); });
      term.near.forEach(function (c) { rankInto(f, c); });
      exact.push(e); near.push(f);
      var all = term.exact.concat(term.near);
      term.words = [];
      all.forEach(function (c) { term.words.push(c.w); if (c.with) term.words.push(c.with); });
      term.actors = unionOf(all.map(function (c) { return entitiesOf(c, 3); }));
      term.events = unionOf(all.map(function (c) { return entitiesOf(c, 4); }));
    });
    var score = new Float64Array(n), found = [];
    for (var d = 0; d < n; d++) {
      var s = 0, ok = true, matched = false;
      for (var i = 0; i < terms.length; i++) {
        var r = exact[i][d], f = near[i][d];
        if (r) s += EXACT + WEIGHT[r];
        else if (f) s += WEIGHT[f];
        else if (terms[i].soft) s += EXACT;
        else { ok = false; break; }
        matched = matched || r > 0 || f > 0;
      }
      if (ok && matched) { score[d] = s; found.push(d); }
    }
    found.sort(function (a, b) { return score[b] - score[a] || a - b; });
    var actors = intersect(terms.map(function (t) { return t.actors; }));
    var events = intersect(terms.map(function (t) { return t.events; }));
    events.sort(function (a, b) { return b - a; });
    return { docs: found, actors: actors.slice(0, MAX_ACTORS), events: events.slice(0, MAX_EVENTS) };
  }

  function doc(d) { var m = meta(); return parts["d" + Math.floor(d / m.doc_chunk)][d % m.doc_chunk]; }
  function actor(a) { return entity("a", a); }
  function event(e) { return entity("e", e); }
  // The row of actor ("a") or event ("e") `n`: come with postings, or from
  // its own file.
  function entity(kind, n) { return rows[kind][n] || parts[entityPart(kind, n)][n % meta().entity_chunk]; }
  // The file of actor ("a") or event ("e") `n`'s row.
  function entityPart(kind, n) { return kind + Math.floor(n / meta().entity_chunk); }
  // The file a row must still be loaded from, or nothing when it is here.
  function rowNeeds(kind, n) { return has(rows[kind], n) || has(parts, entityPart(kind, n)) ? [] : [entityPart(kind, n)]; }
  function docActors(d) { return gaps(doc(d)[5]); }
  function docEvents(d) { return gaps(doc(d)[6]); }

  // ------------------------------------------------------------- showing
  function para(className, text) {
    var p = document.createElement("p");
    p.className = className;
    if (text) p.textContent = text;
    return p;
  }

  // Where a term matches the word `tok`, at its start: the end of the match
  // in the text, or -1. A word the term stands for matches whole; the word
  // being typed also matches a word it begins.
  function matchEnd(tok, term) {
    if (tok.w === term.t || (term.words && term.words.indexOf(tok.w) >= 0)) return tok.ends[tok.ends.length - 1];
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
    var text = doc(d)[4], toks = tokens(text), first = -1, i;
    for (i = 0; i < toks.length && first < 0; i++) {
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

  // The actor or event that explains why article `d` matched each term
  // its title and snippet do not show: ["a", actor] or ["e", event].
  function reasons(d, terms, shown) {
    var out = [], named = [], actors = docActors(d), events = docEvents(d);
    terms.forEach(function (term, k) {
      if (shown.indexOf(k) >= 0 || out.length >= MAX_WHY) return;
      var a = term.actors.filter(function (x) { return contains(actors, x); })[0];
      var e = term.events.filter(function (x) { return contains(events, x); })[0];
      var why = a !== undefined ? ["a", a, term] : e !== undefined ? ["e", e, term] : null;
      if (!why || named.indexOf(why[0] + why[1]) >= 0) return;
      named.push(why[0] + why[1]);
      out.push(why);
    });
    return out;
  }

  function whyLine(why) {
    var term = why[2], p = para("search-why");
    if (why[0] === "a") {
      var person = actor(why[1]);
      p.appendChild(document.createTextNode(say("mentions")));
      if (!markedAll(p, person[0], [term]).length) {
        var alias = person.slice(3).filter(function (name) {
          return tokens(name).some(function (tok) { return matchEnd(tok, term) >= 0; });
        })[0];
        if (alias) {
          p.appendChild(document.createTextNode(say("as_before")));
          markedAll(p, alias, [term]);
          p.appendChild(document.createTextNode(say("as_after")));
        }
      }
    } else {
      p.appendChild(document.createTextNode(say("covers")));
      markedAll(p, event(why[1])[0], [term]);
    }
    return p;
  }

  // A result: a link (its title marked) and, after it, a meta line.
  // `seen` is the terms the title shows.
  function resultItem(href, title, terms) {
    var li = document.createElement("li"), a = document.createElement("a");
    a.href = href;
    var seen = markedAll(a, title, terms);
    li.appendChild(a);
    var line = document.createElement("span");
    line.className = "meta";
    li.appendChild(line);
    return { li: li, meta: line, seen: seen };
  }

  function articleItem(d, terms) {
    var m = meta(), row = doc(d);
    var item = resultItem(base + m.url[0] + row[1] + m.url[1], row[0], terms);
    item.meta.textContent = " " + row[2] + (row[3] >= 0 ? " · " + m.outlets[row[3]] : "");
    var snip = snippet(d, terms);
    // A reason whose actor or event is not loaded yet is filled in when it
    // is, asked for once the results are on screen.
    reasons(d, terms, item.seen.concat(snip.seen)).forEach(function (why) {
      var missing = rowNeeds(why[0], why[1]);
      if (!missing.length) { item.li.appendChild(whyLine(why)); return; }
      var slot = para("search-why");
      slot.hidden = true;
      item.li.appendChild(slot);
      afterPaint(function () {
        need(missing, function () { slot.replaceWith(whyLine(why)); }, function () {});
      });
    });
    item.li.appendChild(snip.el);
    return item.li;
  }

  function actorItem(i, terms) {
    var m = meta(), row = actor(i);
    var item = resultItem(base + m.actor_url[0] + row[1] + m.actor_url[1], row[0], terms);
    var line = item.meta;
    line.appendChild(document.createTextNode(say("actor")));
    if (item.seen.length < terms.length) {
      var alias = row.slice(3).filter(function (name) {
        var toks = tokens(name);
        return terms.every(function (term) { return toks.some(function (tok) { return matchEnd(tok, term) >= 0; }); });
      })[0];
      if (alias) {
        line.appendChild(document.createTextNode(say("also_before")));
        markedAll(line, alias, terms);
        line.appendChild(document.createTextNode(say("also_after")));
      }
    }
    line.appendChild(document.createTextNode(" · " + say("articles", row[2])));
    return item.li;
  }

  function eventItem(i, terms) {
    var m = meta(), row = event(i);
    var item = resultItem(base + m.event_url[0] + row[1] + m.event_url[1], row[0], terms);
    item.meta.textContent = say("event", 0, { date: row[2] });
    return item.li;
  }

  // Runs `f` once the browser has painted what the page shows now (or after
  // 100 ms, as a hidden page paints nothing). Adding a script to the page
  // takes Chromium about a millisecond before it even loads: a first query
  // asked for a dozen parts to explain its results before showing them.
  function afterPaint(f) {
    var done = false;
    function run() { if (!done) { done = true; f(); } }
    if (window.requestAnimationFrame) requestAnimationFrame(function () { setTimeout(run, 0); });
    setTimeout(run, 100);
  }

  // Loads the rows of articles `docs` and the parts named in `also`, at once.
  // (The actors and events that say why an article matched come after.)
  function partsFor(docs, also, then, fail) {
    var m = meta();
    need(docs.map(function (d) { return "d" + Math.floor(d / m.doc_chunk); }).concat(also), then, fail);
  }

  // The address of the search page for `query`.
  function pageUrl(query) { return base + "search/index.html?q=" + encodeURIComponent(query); }

  // Runs `query` and shows its results in `view`, unless the view has been
  // asked for another query meanwhile.
  function run(view, query, typing) {
    var ticket = view.ticket = (view.ticket || 0) + 1;
    var box = view.box;
    function current() { return view.ticket === ticket; }
    function fail() {
      if (!current()) return;
      box.textContent = "";
      box.appendChild(para("search-status", say("index_failed")));
    }
    if (!query.trim()) { box.textContent = ""; return; }
    var terms = termsOf(query, typing);
    if (!terms.length) {
      box.textContent = "";
      box.appendChild(para("search-status", say("keep_typing")));
      return;
    }
    // The word lists of the terms' ASCII letters come with `meta`; those
    // of other letters, which `meta` names, after it.
    need(["meta"].concat(vocabNeeds(terms)), function () {
      need(vocabNeeds(terms), function () {
        expand(terms);
        need(shardNeeds(terms), function () {
          dropUnknownParts(terms);
          var found = search(terms);
          var entityParts = [].concat.apply([], found.actors.map(function (a) { return rowNeeds("a", a); })
            .concat(found.events.map(function (e) { return rowNeeds("e", e); })));
          partsFor(found.docs.slice(0, PAGE), entityParts, function () {
            if (current()) show(view, query, terms, found);
          }, fail);
        }, fail);
      }, fail);
    }, fail);
  }

  function show(view, query, terms, found) {
    var box = view.box;
    box.textContent = "";
    box.appendChild(para("search-status", found.docs.length
      ? say("articles", found.docs.length)
      : say("no_match", 0, { query: query })));
    if (found.actors.length || found.events.length) {
      box.appendChild(para("search-group", say("actors_and_events")));
      var names = document.createElement("ul");
      names.className = "search-entities";
      found.actors.forEach(function (i) { names.appendChild(actorItem(i, terms)); });
      found.events.forEach(function (i) { names.appendChild(eventItem(i, terms)); });
      box.appendChild(names);
    }
    if (found.docs.length) {
      if (found.actors.length || found.events.length) box.appendChild(para("search-group", say("article_results")));
      var list = document.createElement("ul");
      list.className = "search-articles";
      box.appendChild(list);
    }
    var shown = 0, more = null, all = null;
    if (!view.page) {
      all = document.createElement("a");
      all.className = "search-all";
      all.href = pageUrl(query);
      all.textContent = say("all_results");
      box.appendChild(all);
    }
    function add(focus) {
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
        more.textContent = say("show_more");
        more.addEventListener("click", function () {
          partsFor(found.docs.slice(shown, shown + PAGE), [], function () { add(true); }, function () {});
        });
        box.insertBefore(more, all);
      }
      if (more && left <= 0) { more.remove(); more = null; }
      if (focus && first) first.focus();
    }
    if (found.docs.length) add(false);
  }

  // ------------------------------------------------------------- the box in the header
  if (header) {
    form.hidden = false;
    var open = function (on) { box.hidden = !on; };
    var links = function () { return Array.prototype.slice.call(box.querySelectorAll("a")); };
    input.setAttribute("aria-controls", "search-results");
    open(false);
    input.addEventListener("focus", function () {
      need(["meta"], function () {}, function () {});
      if (input.value.trim()) open(true);
    });
    input.addEventListener("click", function () {
      if (input.value.trim()) open(true);
    });
    input.addEventListener("input", function () {
      open(true);
      run(header, input.value, true);
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (input.value.trim()) window.location.href = pageUrl(input.value);
    });
    // Escape closes the results and keeps the query; the arrow keys move
    // from the box through the results and back.
    form.addEventListener("keydown", function (e) {
      if (e.key === "Escape") {
        if (box.hidden && document.activeElement === input) return;
        e.preventDefault();
        open(false);
        input.focus();
        return;
      }
      if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
      var list = links();
      if (!list.length) return;
      if (box.hidden) { if (e.key === "ArrowDown") { e.preventDefault(); open(true); } return; }
      var at = list.indexOf(document.activeElement);
      e.preventDefault();
      if (e.key === "ArrowDown") (list[at + 1] || list[list.length - 1]).focus();
      else if (at <= 0) input.focus();
      else list[at - 1].focus();
    });
    // A click or tap outside the search closes its results.
    document.addEventListener("pointerdown", function (e) {
      if (!form.contains(e.target)) open(false);
    });
    document.addEventListener("focusin", function (e) {
      if (!form.contains(e.target)) open(false);
    });
  }

  // ------------------------------------------------------------- the search page
  if (pageView) {
    var params = new URLSearchParams(window.location.search);
    var asked = params.get("q") || "";
    pageInput.value = asked;
    if (header && !input.value) input.value = asked;
    run(pageView, asked, false);
    pageInput.addEventListener("input", function () {
      run(pageView, pageInput.value, true);
      try {
        window.history.replaceState(null, "", "?q=" + encodeURIComponent(pageInput.value));
      } catch (err) {
        // Some browsers refuse to change the address of a file:// page.
      }
    });
  }
})();
