// "New since your last visit" (templates/visits.js) against many histories,
// in node, with a stand-in page: the site's files as src/visits.rs writes
// them (a digest per month in items.js, each month's keys in
// items/YYYY-MM.js, loaded by script tag), browser storage kept between
// visits, and the cards of a page. It checks which items are marked and
// which month files each visit loads; site.test.mjs checks the real thing
// in Chromium from disk.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const VISITS = fs.readFileSync(path.join(HERE, '..', '..', 'templates', 'visits.js'), 'utf8');
// The default site's English texts, as run.sh has just built them.
const STRINGS = fs.readFileSync(path.join(HERE, '..', '..', 'public', 'strings.js'), 'utf8');
const BASE = 'file:///site/';
const SPAN = 2 ** 40;

/** A key as src/visits.rs makes one: a number below 2^40 in base 36. */
function key(name) {
  let hash = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(name)) hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return (hash % BigInt(SPAN)).toString(36);
}

/** The files of a site whose items are `site` ({month: [key, …]}). */
function files(site) {
  const digests = {};
  const out = {};
  for (const month of Object.keys(site).sort()) {
    const keys = site[month];
    const sum = keys.reduce((s, k) => (s + parseInt(k, 36)) % SPAN, 0);
    digests[month] = `${keys.length} ${sum.toString(36)}`;
    out[`items/${month}.js`] =
      `(window.BRIEFING_MONTH_KEYS=window.BRIEFING_MONTH_KEYS||{})["${month}"]="${keys.join(' ')}";\n`;
  }
  out['items.js'] = `window.BRIEFING_MONTHS=${JSON.stringify(digests)};\n`;
  return out;
}

class Storage {
  constructor() { this.map = new Map(); }
  getItem(k) { return this.map.has(k) ? this.map.get(k) : null; }
  setItem(k, v) { this.map.set(k, String(v)); }
  removeItem(k) { this.map.delete(k); }
}

/** A card of the page: what visits.js reads and changes. */
function card(key) {
  const classes = new Set();
  const badges = [];
  return {
    key,
    badges,
    classList: { add: (c) => classes.add(c), remove: (c) => classes.delete(c), contains: (c) => classes.has(c) },
    getAttribute: (name) => (name === 'data-key' ? key : null),
    querySelector: (sel) => (sel === '.meta' ? { firstChild: null, insertBefore: (el) => { badges.push(el); el.remove = () => badges.splice(badges.indexOf(el), 1); } } : null),
  };
}

/**
 * One page of a visit to `site`: runs items.js and visits.js with the
 * browser's `storage` ({local, session}), on a page showing every item and
 * every month. Resolves to the marked keys, the month badges, the bar's
 * text and the month files loaded.
 */
async function visitPage(site, storage, { missing = [] } = {}) {
  const out = files(site);
  const loads = [];
  const cards = Object.values(site).flat().map(card);
  const monthEntries = Object.keys(site).map((month) => {
    const children = [];
    return { month, children, getAttribute: () => month, appendChild: (el) => { children.push(el); el.remove = () => children.splice(children.indexOf(el), 1); } };
  });
  const bar = {
    hidden: true,
    count: { textContent: '' },
    button: { listeners: [], addEventListener(type, f) { this.listeners.push(f); } },
    querySelector(sel) { return sel === 'button' ? this.button : this.count; },
  };
  let pending = 0;
  let settle;
  const idle = new Promise((resolve) => { settle = resolve; });
  const done = () => { if (pending === 0) setTimeout(() => pending === 0 && settle(), 5); };
  const window = {};
  const document = {
    currentScript: { src: BASE + 'visits.js' },
    createElement: () => ({ textContent: '', className: '' }),
    createTextNode: (text) => ({ text }),
    getElementById: (id) => (id === 'new-bar' ? bar : null),
    querySelectorAll: (sel) => (sel === '.card[data-key]' ? cards : sel === '[data-month]' ? monthEntries : []),
    head: {
      appendChild(tag) {
        const name = tag.src.slice(BASE.length);
        loads.push(name);
        pending++;
        setTimeout(() => {
          if (out[name] && !missing.includes(name)) {
            vm.runInContext(out[name], context);
            tag.onload();
          } else {
            tag.onerror();
          }
          pending--;
          done();
        }, 1);
      },
    },
  };
  window.localStorage = storage.local;
  window.sessionStorage = storage.session;
  const context = vm.createContext({ window, document, Intl });
  vm.runInContext(STRINGS, context);
  vm.runInContext(out['items.js'], context);
  vm.runInContext(VISITS, context);
  done();
  await idle;
  return {
    marked: cards.filter((c) => c.classList.contains('is-new')).map((c) => c.key).sort(),
    badges: Object.fromEntries(monthEntries.filter((m) => m.children.length).map((m) => [m.month, m.children.find((c) => c.className === 'new-badge').textContent])),
    bar: bar.hidden ? null : bar.count.textContent,
    loads,
    readAll: () => bar.button.listeners.forEach((f) => f()),
    cards,
  };
}

/** A new browser: empty storage. */
const browser = () => ({ local: new Storage(), session: new Storage() });
/** A new visit in the same browser: the tab's session storage starts empty. */
const newVisit = (b) => { b.session = new Storage(); return b; };

/** A site of `perMonth` articles a month over `months` (2024-01 on). */
function site(months, perMonth) {
  const out = {};
  for (let m = 0; m < months; m++) {
    const month = `${2024 + Math.floor(m / 12)}-${String(1 + (m % 12)).padStart(2, '0')}`;
    out[month] = Array.from({ length: perMonth }, (_, i) => key(`a${month}-${i}`));
  }
  return out;
}

const copy = (s) => JSON.parse(JSON.stringify(s));

test('a first visit marks nothing and reads only the newest month', async () => {
  const b = browser();
  const page = await visitPage(site(24, 5), b);
  assert.deepEqual(page.marked, []);
  assert.equal(page.bar, null);
  assert.deepEqual(page.loads, ['items/2025-12.js']);
  const state = JSON.parse(b.local.getItem('briefing:visit:' + BASE));
  assert.deepEqual(Object.keys(state.keys), ['2025-12']);
  assert.equal(Object.keys(state.months).length, 24);
});

test('items added to read months, to a new month and to an unread month are marked, and only they', async () => {
  const b = browser();
  const before = site(24, 5);
  await visitPage(before, b);
  const after = copy(before);
  const latest = key('late in December');
  const january = key('a new month');
  const old = key('added to an old month');
  after['2025-12'].push(latest);
  after['2026-01'] = [january];
  after['2024-03'].splice(2, 0, old);
  const page = await visitPage(after, newVisit(b));
  assert.deepEqual(page.marked, [latest, january, old].sort());
  assert.deepEqual(page.badges, { '2024-03': '1 new', '2025-12': '1 new', '2026-01': '1 new' });
  assert.match(page.bar, /^3 items new since your last visit$/);
  // The changed months, and one more not read before (the newest).
  assert.deepEqual(page.loads.sort(), ['items/2024-03.js', 'items/2025-11.js', 'items/2025-12.js', 'items/2026-01.js']);

  // The rest of the visit keeps the marks and loads nothing.
  const next = await visitPage(after, b);
  assert.deepEqual(next.marked, [latest, january, old].sort());
  assert.deepEqual(next.loads, []);
  next.readAll();
  assert.deepEqual(next.cards.filter((c) => c.badges.length).length, 0, 'mark all as read clears the marks');
  assert.deepEqual((await visitPage(after, b)).marked, [], 'read stays read during the visit');
  const again = await visitPage(after, newVisit(b));
  assert.deepEqual(again.marked, [], 'the next visit has nothing new');
  assert.deepEqual(again.loads, ['items/2025-10.js'], 'it only learns one more month');
});

test('two items added to a month never read are not told apart; the month is read from then on', async () => {
  const b = browser();
  const before = site(6, 4);
  await visitPage(before, b);
  const after = copy(before);
  after['2024-02'].push(key('one'), key('two'));
  assert.deepEqual((await visitPage(after, newVisit(b))).marked, []);
  const later = copy(after);
  later['2024-02'].push(key('three'));
  assert.deepEqual((await visitPage(later, newVisit(b))).marked, [key('three')]);
});

test('removed items and an emptied month mark nothing', async () => {
  const b = browser();
  const before = site(6, 4);
  await visitPage(before, b);
  const after = copy(before);
  after['2024-06'].pop();
  delete after['2024-03'];
  const page = await visitPage(after, newVisit(b));
  assert.deepEqual(page.marked, []);
  const state = JSON.parse(b.local.getItem('briefing:visit:' + BASE));
  assert.equal(state.months['2024-03'], undefined);
});

test('a record of an earlier version (every key seen) survives: exactly the new items are marked', async () => {
  const before = site(48, 50);
  const after = copy(before);
  const added = [key('x1'), key('x2'), key('x3')];
  after['2027-12'].push(added[0]);
  after['2027-11'].unshift(added[1]);
  after['2028-01'] = [added[2]];
  const b = browser();
  b.local.setItem('briefing:seen:' + BASE, Object.values(before).flat().join(' '));
  const page = await visitPage(after, b);
  assert.deepEqual(page.marked, added.slice().sort());
  assert.deepEqual(page.loads, ['items/2028-01.js', 'items/2027-12.js', 'items/2027-11.js'],
    'months are read newest first until the rest is as it was');
  assert.equal(b.local.getItem('briefing:seen:' + BASE), null, 'the old record is replaced');
  const state = JSON.parse(b.local.getItem('briefing:visit:' + BASE));
  assert.equal(state.other.split(' ').length, 46 * 50, 'keys of the months not read are kept');

  // A later change to a month not read is still found exactly.
  const later = copy(after);
  const backfilled = [key('y1'), key('y2')];
  later['2024-05'].push(...backfilled);
  const next = await visitPage(later, newVisit(b));
  assert.deepEqual(next.marked, backfilled.slice().sort());
  assert.deepEqual((await visitPage(later, newVisit(b))).marked, []);
});

test('an earlier record with nothing changed loads no month', async () => {
  const s = site(12, 3);
  const b = browser();
  b.local.setItem('briefing:seen:' + BASE, Object.values(s).flat().join(' '));
  const page = await visitPage(s, b);
  assert.deepEqual(page.marked, []);
  assert.deepEqual(page.loads, []);
});

test('an unreadable record is read as a first visit', async () => {
  const b = browser();
  b.local.setItem('briefing:visit:' + BASE, JSON.stringify({ months: { '2024-01': 3 }, keys: {} }));
  const page = await visitPage(site(3, 2), b);
  assert.deepEqual(page.marked, []);
  assert.deepEqual(page.loads, ['items/2024-03.js']);
  b.local.setItem('briefing:visit:' + BASE, '{not json');
  assert.deepEqual((await visitPage(site(3, 2), newVisit(b))).marked, []);
});

test('a month file that cannot be loaded changes nothing: the next page decides', async () => {
  const b = browser();
  const before = site(6, 4);
  await visitPage(before, b);
  const after = copy(before);
  after['2024-06'].push(key('new'));
  const stateBefore = b.local.getItem('briefing:visit:' + BASE);
  const failed = await visitPage(after, newVisit(b), { missing: ['items/2024-06.js'] });
  assert.deepEqual(failed.marked, []);
  assert.equal(b.local.getItem('briefing:visit:' + BASE), stateBefore);
  assert.deepEqual((await visitPage(after, b)).marked, [key('new')]);
});

test('at 100,000 articles a returning reader loads a few month files', async () => {
  const before = site(48, 2084);
  const b = browser();
  const first = await visitPage(before, b);
  const size = (names) => names.reduce((n, name) => n + files(before)[name].length, 0);
  assert.ok(files(before)['items.js'].length < 1500, 'the digest is small');
  assert.ok(size(first.loads) < 25_000, `a first visit loads ${size(first.loads)} bytes of keys`);
  const after = copy(before);
  after['2027-12'].push(key('today'));
  const second = await visitPage(after, newVisit(b));
  assert.deepEqual(second.marked, [key('today')]);
  assert.deepEqual(second.loads, ['items/2027-12.js', 'items/2027-11.js'], 'the changed month and one to learn');
  // Away for a while: three months grew; they are read, and no more.
  const later = copy(after);
  const news = ['2027-10', '2027-11', '2027-12'].map((m) => { const k = key(`late ${m}`); later[m].push(k); return k; });
  const third = await visitPage(later, newVisit(b));
  assert.deepEqual(third.marked, news.slice().sort());
  assert.deepEqual(third.loads, ['items/2027-10.js', 'items/2027-11.js', 'items/2027-12.js']);
});
