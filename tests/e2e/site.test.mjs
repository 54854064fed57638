// End-to-end checks of the built site (issue 4), in Debian's Chromium driven
// by playwright-core. Run through tests/e2e/run.sh, which builds public/ first;
// or alone, after a build: node --test tests/e2e/
//
//  a) navigation from disk (file://), with no console errors and no request
//     leaving public/;
//  b) search: the form on every page, results with title, date, outlet and a
//     marked snippet, the index loaded as scripts under search/;
//  c) axe-core (WCAG 2.0/2.1 A and AA) on a page of every kind;
//  d) screenshots into docs/screenshots/, and no horizontal scroll at 360 px;
//  f) print: black on white from a dark scheme, no navigation, closed quotes
//     printed open (with and without the beforeprint script);
//  g) charts at 375 px: the latest month in view first, every label whole,
//     the top values as text.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const PUBLIC = path.join(ROOT, 'public');
const PUBLIC_URL = pathToFileURL(PUBLIC).href + '/';
const SHOTS = path.join(ROOT, 'docs', 'screenshots');
const AXE = require.resolve('axe-core/axe.min.js');
// The release binary run.sh has just built (in CARGO_TARGET_DIR when set).
const BINARY = path.join(path.resolve(ROOT, process.env.CARGO_TARGET_DIR || 'target'), 'release', 'briefing');

const TEST_TIMEOUT = 60_000;
const STEP_TIMEOUT = 10_000;
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** file:// URL of a path relative to public/. */
const url = (rel) => PUBLIC_URL + rel;

/** Sorted folder names under public/DIR that hold an index.html. */
function pagesUnder(dir) {
  const full = path.join(PUBLIC, dir);
  if (!fs.existsSync(full)) return [];
  return fs.readdirSync(full, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(full, e.name, 'index.html')))
    .map((e) => e.name)
    .filter((name) => name !== 'page')
    .sort();
}

/** The first page of a kind, as a path relative to public/. */
function firstPage(dir, prefer, pattern = /./) {
  const names = pagesUnder(dir).filter((n) => pattern.test(n));
  assert.ok(names.length > 0, `public/${dir}/ has no page (was the site built?)`);
  const name = prefer && names.includes(prefer) ? prefer : names[0];
  return `${dir}/${name}/index.html`;
}

/** Every HTML file under public/, relative to it. */
function allPages(dir = PUBLIC) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return allPages(full);
    return e.name.endsWith('.html') ? [path.relative(PUBLIC, full).split(path.sep).join('/')] : [];
  }).sort();
}

let browser;

before(async () => {
  assert.ok(fs.existsSync(path.join(PUBLIC, 'index.html')),
    `${PUBLIC}/index.html is missing: build the site first (cargo run --release -- build)`);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    timeout: 30_000,
  });
});

after(async () => {
  await browser?.close();
});

/**
 * A fresh context and page that record console errors, uncaught page errors
 * and every request for something outside public/.
 */
async function openPage(viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  context.setDefaultTimeout(STEP_TIMEOUT);
  context.setDefaultNavigationTimeout(STEP_TIMEOUT);
  const page = await context.newPage();
  const problems = { consoleErrors: [], pageErrors: [], offsite: [], requests: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      problems.consoleErrors.push(`${msg.text()} (${loc.url}:${loc.lineNumber}) on ${page.url()}`);
    }
  });
  page.on('pageerror', (err) => problems.pageErrors.push(`${err.message} on ${page.url()}`));
  page.on('request', (req) => {
    problems.requests.push({ url: req.url(), type: req.resourceType() });
    if (!req.url().startsWith(PUBLIC_URL)) {
      problems.offsite.push(`${req.resourceType()} ${req.url()} (from ${page.url()})`);
    }
  });
  return { context, page, problems };
}

/** Fails on any console error, page error or request outside public/. */
function assertClean(problems, where) {
  assert.deepEqual(problems.consoleErrors, [], `console errors ${where}`);
  assert.deepEqual(problems.pageErrors, [], `uncaught page errors ${where}`);
  assert.deepEqual(problems.offsite, [], `requests outside ${PUBLIC_URL} ${where}`);
}

/** Clicks `link` and waits for the page it leads to. */
async function follow(page, link) {
  const href = await link.getAttribute('href');
  const target = new URL(href, page.url()).href;
  await Promise.all([
    page.waitForURL(target, { waitUntil: 'load' }),
    link.click(),
  ]);
  return target;
}

/** The first link in `main` whose href matches `pattern`. */
async function firstLink(page, pattern) {
  const links = page.locator('main a[href]');
  const count = await links.count();
  for (let i = 0; i < count; i++) {
    const href = await links.nth(i).getAttribute('href');
    if (pattern.test(href)) return links.nth(i);
  }
  assert.fail(`no link in <main> of ${page.url()} matches ${pattern}`);
}

async function h1Text(page) {
  const h1 = page.locator('h1');
  assert.equal(await h1.count(), 1, `${page.url()} should have exactly one <h1>`);
  const text = (await h1.textContent()).trim();
  assert.ok(text.length > 0, `<h1> of ${page.url()} is empty`);
  return text;
}

// ---------------------------------------------------------------- a) navigation

test('a) navigation from disk: front page -> actor -> article', { timeout: TEST_TIMEOUT }, async () => {
  const { context, page, problems } = await openPage();
  try {
    await page.goto(url('index.html'));
    await h1Text(page);

    // A key actor's link gives the actor's name (a link in the state of play
    // may give an alias, "US" for the United States).
    const actorLink = page.locator('main .key-actors a[href]').first();
    const actorName = (await actorLink.textContent()).trim();
    const actorUrl = await follow(page, actorLink);
    assert.ok(page.url().startsWith(url('actors/')), `expected an actor page, got ${page.url()}`);
    assert.equal(page.url(), actorUrl);
    const actorH1 = await h1Text(page);
    assert.ok(actorH1.includes(actorName) || actorName.includes(actorH1),
      `actor page <h1> "${actorH1}" does not name the actor linked as "${actorName}"`);

    const articleLink = await firstLink(page, /(^|\/)articles\/[^/]+\/index\.html$/);
    await follow(page, articleLink);
    assert.ok(page.url().startsWith(url('articles/')), `expected an article page, got ${page.url()}`);
    await h1Text(page);

    // Links between pages are relative and stay in public/ (no folder links,
    // which do not open index.html from file://).
    const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.href));
    const bad = hrefs.filter((h) => h.startsWith('file:') && !(h.startsWith(PUBLIC_URL) && /\.(html|xml|css|js)(#.*)?$/.test(h)));
    assert.deepEqual(bad, [], 'links on the article page that do not open a file in public/ from disk');

    assertClean(problems, 'while navigating');
  } finally {
    await context.close();
  }
});

// -------------------------------------------------------------------- b) search

test('b) search: every page has the search form', { timeout: TEST_TIMEOUT }, async () => {
  const { context, page, problems } = await openPage();
  try {
    const missing = [];
    // search.js makes the box; 404.html loads no script (it works at any
    // depth, from any host), so it has no search to offer.
    for (const rel of allPages().filter((rel) => rel !== '404.html')) {
      await page.goto(url(rel), { waitUntil: 'domcontentloaded' });
      const ok = await page.evaluate(() =>
        !!document.querySelector('form[role="search"] input[type="search"]#search-input'));
      if (!ok) missing.push(rel);
    }
    assert.deepEqual(missing, [],
      'pages without <form role="search"> holding <input type="search" id="search-input">');
    assertClean(problems, 'while loading every page');
  } finally {
    await context.close();
  }
});

/**
 * Types `query` into the search box and returns the results shown. The box is
 * clicked first and the index given time to load, as a reader would; typing
 * before the index has loaded has a test of its own.
 */
async function search(page, query) {
  const input = page.locator('form[role="search"] input[type="search"]#search-input');
  assert.equal(await input.count(), 1, `no search input on ${page.url()}`);
  await input.click();
  await page.waitForFunction(() => window.BRIEFING_SEARCH?.meta !== undefined, null, { timeout: 5_000 })
    .catch(() => {}); // the assertions below say what is missing
  // An emptied box clears the results at once; otherwise a previous query's
  // results stay shown while this one's index parts load, and would be read.
  await input.fill('');
  await input.fill(query);
  const links = page.locator('#search-results .search-articles a');
  await links.first().waitFor({ state: 'visible', timeout: 5_000 }).catch(() => {});
  return page.locator('#search-results .search-articles a').evaluateAll((as) => as.map((a) => {
    // The result item: the closest list item, or else the link's parent.
    const item = a.closest('li') || a.parentElement;
    return {
      href: a.href,
      title: a.textContent.trim(),
      text: item.textContent.replace(/\s+/g, ' ').trim(),
      marks: [...item.querySelectorAll('mark')].map((m) => m.textContent.trim()),
      time: item.querySelector('time')?.getAttribute('datetime') ?? null,
    };
  }));
}

const decode = (html) => html.replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/&#39;|&#x27;/g, "'")
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();

/**
 * What the article page at file URL `href` says of itself: title (<h1>), date
 * (text of its first <time>) and outlet (text of its link to outlets/SLUG/),
 * which a search result for it must show.
 */
function articleFacts(href) {
  const file = fileURLToPath(href.split('#')[0]);
  assert.ok(fs.existsSync(file), `search result links to a missing page: ${href}`);
  const html = fs.readFileSync(file, 'utf8');
  const main = html.slice(html.indexOf('<main'));
  const h1 = main.match(/<h1[^>]*>([\s\S]*?)<\/h1>/);
  const time = main.match(/<time[^>]*>([\s\S]*?)<\/time>/);
  const outlet = main.match(/<a href="[^"]*outlets\/[^/"]+\/index\.html">([\s\S]*?)<\/a>/);
  return {
    title: h1 ? decode(h1[1]) : null,
    date: time ? decode(time[1]) : null,
    outlet: outlet ? decode(outlet[1]) : null,
  };
}

/** Each result: a link to an article, its title, date and outlet, and a snippet with `query` marked. */
function assertResults(results, query) {
  assert.ok(results.length > 0, `searching "${query}" shows no link in #search-results`);
  for (const r of results) {
    assert.ok(r.href.startsWith(url('articles/')), `result "${r.title}" links outside public/articles/: ${r.href}`);
    const facts = articleFacts(r.href);
    assert.equal(r.title, facts.title, `result title differs from the <h1> of ${r.href}`);
    assert.ok(facts.date && r.text.includes(facts.date),
      `result "${r.title}" does not show the article's date "${facts.date}": "${r.text}"`);
    if (facts.outlet) {
      assert.ok(r.text.includes(facts.outlet),
        `result "${r.title}" does not show the article's outlet "${facts.outlet}": "${r.text}"`);
    }
    assert.ok(r.marks.some((m) => m.toLowerCase().includes(query.toLowerCase())),
      `result "${r.title}" has no <mark> around "${query}" in its snippet: "${r.text}"`);
  }
}

test('b) search: type a name and a body phrase, follow a result', { timeout: TEST_TIMEOUT }, async () => {
  const { context, page, problems } = await openPage();
  try {
    await page.goto(url('index.html'));

    const byName = await search(page, 'Peskov');
    assertResults(byName, 'Peskov');

    const byBody = await search(page, 'hypersonic');
    assertResults(byBody, 'hypersonic');

    // The index is scripts under search/ (search/meta.js first), not a
    // fetch or XHR (those fail from file://).
    const indexLoads = problems.requests.filter((r) => r.url.split(/[?#]/)[0].startsWith(url('search/')));
    assert.ok(indexLoads.some((r) => r.url === url('search/meta.js')), `search/meta.js was not loaded from ${url('search/meta.js')}`);
    assert.ok(indexLoads.every((r) => r.type === 'script'),
      `the search index must be loaded as scripts, was: ${indexLoads.map((r) => r.type).join(', ')}`);
    const fetches = problems.requests.filter((r) => r.type === 'fetch' || r.type === 'xhr');
    assert.deepEqual(fetches, [], 'search must not use fetch or XHR');

    const first = page.locator('#search-results .search-articles a').first();
    const title = (await first.textContent()).trim();
    await follow(page, first);
    assert.ok(page.url().startsWith(url('articles/')), `first result led to ${page.url()}, not an article`);
    const h1 = await h1Text(page);
    assert.equal(h1, title, 'the article <h1> should be the result title');

    assertClean(problems, 'while searching');
  } finally {
    await context.close();
  }
});

test('b) search: a query typed before the index has loaded still shows results', { timeout: TEST_TIMEOUT }, async () => {
  // A reader who pastes a query, or types fast, into a box that has just
  // taken focus: the input event arrives while the index is loading.
  const { context, page, problems } = await openPage();
  try {
    await page.goto(url('index.html'));
    await page.evaluate(() => {
      const input = document.getElementById('search-input');
      input.focus();
      input.value = 'Peskov';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const shown = await page.locator('#search-results .search-articles a').first()
      .waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false);
    const loaded = await page.evaluate(() => window.BRIEFING_SEARCH?.meta !== undefined);
    assert.ok(shown, `no results for a query typed while the index was loading ` +
      `(index loaded afterwards: ${loaded}); the query must be run once the index arrives`);
    assertClean(problems, 'while searching before the index loaded');
  } finally {
    await context.close();
  }
});

test('b) search: works from a page deep in the site', { timeout: TEST_TIMEOUT }, async () => {
  const { context, page, problems } = await openPage();
  try {
    await page.goto(url(firstPage('actors', 'vladimir-putin')));
    const results = await search(page, 'Peskov');
    assertResults(results, 'Peskov');
    await follow(page, page.locator('#search-results .search-articles a').first());
    assert.ok(page.url().startsWith(url('articles/')), `first result led to ${page.url()}, not an article`);
    await h1Text(page);
    assertClean(problems, 'while searching from an actor page');
  } finally {
    await context.close();
  }
});

// ---------------------------------------------------------------------- c) axe

const AXE_PAGES = [
  ['front page', () => 'index.html'],
  ['actors index', () => 'actors/index.html'],
  ['actor', () => firstPage('actors', 'vladimir-putin')],
  ['article', () => firstPage('articles')],
  ['events index', () => 'events/index.html'],
  ['event', () => firstPage('events')],
  ['timeline', () => 'timeline/index.html'],
  ['month', () => firstPage('timeline', null, /^\d{4}-\d{2}$/)],
  ['outlets index', () => 'outlets/index.html'],
  ['outlet', () => firstPage('outlets')],
  ['tags index', () => 'tags/index.html'],
  ['tag', () => firstPage('tags')],
  ['404', () => '404.html'],
  ['search page', () => 'search/index.html'],
];

/** Runs axe-core on the page as loaded and fails on any violation. */
async function assertAxeClean(page, where) {
  await page.addScriptTag({ path: AXE });
  // preload: false, or axe re-reads style sheets with XHR, which
  // Chromium blocks from file:// with a console error.
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    preload: false,
  }));
  const report = result.violations.map((v) =>
    `  ${v.id} [${v.impact}]: ${v.help} (${v.nodes.length} node${v.nodes.length === 1 ? '' : 's'}; ` +
    `first: ${JSON.stringify(v.nodes[0]?.target)} ${v.nodes[0]?.html ?? ''})\n    ${v.helpUrl}`);
  assert.ok(result.passes.length > 10, `axe checked almost nothing on ${where}`);
  assert.equal(result.violations.length, 0, `axe violations on ${where}:\n${report.join('\n')}`);
}

for (const [kind, pick] of AXE_PAGES) {
  test(`c) axe (WCAG 2.1 A/AA): ${kind}`, { timeout: TEST_TIMEOUT }, async () => {
    const rel = pick();
    assert.ok(fs.existsSync(path.join(PUBLIC, rel)), `public/${rel} does not exist`);
    const { context, page, problems } = await openPage();
    try {
      await page.goto(url(rel));
      await assertAxeClean(page, `public/${rel}`);
      assertClean(problems, `on public/${rel}`);
    } finally {
      await context.close();
    }
  });
}

// -------------------------------------------------------------- d) screenshots

test('d) screenshots and no horizontal scroll at 360 px', { timeout: TEST_TIMEOUT }, async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const actor = firstPage('actors', 'vladimir-putin');

  const wide = await openPage({ width: 1280, height: 1600 });
  try {
    await wide.page.goto(url('index.html'));
    await wide.page.screenshot({ path: path.join(SHOTS, 'front-page.png') });
    await wide.page.goto(url(actor));
    await wide.page.screenshot({ path: path.join(SHOTS, 'actor-page.png') });
    assertClean(wide.problems, 'while taking the desktop screenshots');
  } finally {
    await wide.context.close();
  }

  const phone = await openPage({ width: 360, height: 800 });
  try {
    const overflowing = [];
    for (const rel of ['index.html', actor, firstPage('articles'), 'timeline/index.html']) {
      await phone.page.goto(url(rel));
      if (rel === 'index.html') {
        await phone.page.screenshot({ path: path.join(SHOTS, 'front-page-phone.png') });
      }
      const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 360 + 1) {
        const culprits = await phone.page.evaluate(() => [...document.querySelectorAll('body *')]
          .filter((el) => el.getBoundingClientRect().right > 361)
          .slice(0, 3)
          .map((el) => `<${el.tagName.toLowerCase()}${el.className ? ` class="${el.className}"` : ''}> right=${Math.round(el.getBoundingClientRect().right)}`));
        overflowing.push(`public/${rel}: scrollWidth ${width} px; e.g. ${culprits.join(', ')}`);
      }
    }
    assert.deepEqual(overflowing, [], 'pages that scroll sideways at 360 px');
    assertClean(phone.problems, 'at phone width');
  } finally {
    await phone.context.close();
  }

  for (const name of ['front-page.png', 'actor-page.png', 'front-page-phone.png']) {
    assert.ok(fs.statSync(path.join(SHOTS, name)).size > 1000, `docs/screenshots/${name} looks empty`);
  }
});

// ------------------------------------------------- e) new since your last visit

/** The keys of public/items/*.js by month: what the site holds. */
function siteItems(dir = PUBLIC) {
  const items = {};
  for (const name of fs.readdirSync(path.join(dir, 'items')).sort()) {
    const text = fs.readFileSync(path.join(dir, 'items', name), 'utf8');
    items[name.replace(/\.js$/, '')] = text.split(']="')[1].split('"')[0].split(' ');
  }
  return items;
}

/** The key of an article, as src/visits.rs makes it from its slug. */
function articleKey(slug) {
  let hash = 0xcbf29ce484222325n;
  for (const byte of Buffer.from('a' + slug)) hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return (hash % (1n << 40n)).toString(36);
}

test('e) new since your last visit: items added since the last visit are marked until read', { timeout: TEST_TIMEOUT }, async () => {
  const { context, page, problems } = await openPage();
  // A reader whose last visit was with an earlier version of the site,
  // which kept every key seen under briefing:seen:; it knew everything but
  // two articles of Lavrov's (one older than items it knew: added late,
  // still new) and one of Feb 2025.
  const seenKey = 'briefing:seen:' + PUBLIC_URL;
  const items = siteItems();
  const all = Object.values(items).flat();
  const lavrov = firstPage('actors', 'sergei-lavrov');
  await page.goto(url(lavrov));
  const lavrovKeys = await page.locator('.card[data-key]').evaluateAll((cards) =>
    cards.filter((c) => !c.classList.contains('event-card')).map((c) => [c.getAttribute('data-key'), c.getAttribute('data-date')]));
  lavrovKeys.sort((x, y) => x[1].localeCompare(y[1]));
  const added = [lavrovKeys[0][0], lavrovKeys[lavrovKeys.length - 1][0], items['2025-02'].find((k) => !lavrovKeys.some(([key]) => key === k))];
  const previous = all.filter((k) => !added.includes(k));
  await page.evaluate(([sk, v]) => { localStorage.clear(); localStorage.setItem(sk, v); sessionStorage.clear(); }, [seenKey, previous.join(' ')]);

  for (const rel of [lavrov, 'index.html', 'timeline/index.html']) {
    await page.goto(url(rel));
    const bar = page.locator('#new-bar');
    await bar.waitFor({ state: 'visible' });
    const cards = await page.locator('.card[data-key]').evaluateAll((cs) =>
      cs.map((c) => [c.getAttribute('data-key'), c.classList.contains('is-new'), !!c.querySelector('.new-badge')]));
    for (const [key, isNew, badge] of cards) {
      assert.equal(isNew, added.includes(key), `${rel}: card ${key}`);
      assert.equal(badge, isNew, `${rel}: badge of card ${key}`);
    }
    assert.match(await bar.textContent(), /^3 items new since your last visit/);
  }
  assert.equal(await page.evaluate((sk) => localStorage.getItem(sk), seenKey), null, 'the earlier record is replaced');
  // On the timeline, the months holding new items say how many.
  const months = await page.locator('[data-month]').evaluateAll((ms) =>
    Object.fromEntries(ms.map((m) => [m.getAttribute('data-month'), m.querySelector('.new-badge')?.textContent ?? ''])));
  const expected = {};
  for (const key of added) {
    const month = Object.keys(items).find((m) => items[m].includes(key));
    expected[month] = (expected[month] || 0) + 1;
  }
  for (const [month, badge] of Object.entries(months)) {
    assert.equal(badge, expected[month] ? `${expected[month]} new` : '', `timeline month ${month}`);
  }

  await page.locator('#new-bar button').click();
  assert.equal(await page.locator('.new-badge').count(), 0, 'mark all as read clears the marks');
  assert.equal(await page.locator('#new-bar').isHidden(), true);
  await page.goto(url(lavrov));
  assert.equal(await page.locator('.card.is-new').count(), 0, 'read stays read during the visit');
  // A new visit (a new tab): everything was seen at the last one.
  const next = await context.newPage();
  await next.goto(url('index.html'));
  await next.waitForFunction(() => Object.keys(sessionStorage).some((k) => k.startsWith('briefing:fresh:')));
  assert.equal(await next.locator('.card.is-new').count(), 0, 'the next visit has nothing new');
  assertClean(problems, 'while marking new items');
  await context.close();
});

test('e) new since your last visit: an article added and the site rebuilt is marked at the next visit, alone', { timeout: TEST_TIMEOUT }, async () => {
  const site = fs.mkdtempSync(path.join(os.tmpdir(), 'briefing-visits-'));
  try {
    fs.copyFileSync(path.join(ROOT, 'site.toml'), path.join(site, 'site.toml'));
    fs.cpSync(path.join(ROOT, 'content'), path.join(site, 'content'), { recursive: true });
    const build = () => execFileSync(BINARY, ['build'], { cwd: site, stdio: 'pipe' });
    build();
    const siteUrl = pathToFileURL(path.join(site, 'public')).href + '/';
    const context = await browser.newContext();
    context.setDefaultTimeout(STEP_TIMEOUT);
    const problems = [];
    const itemLoads = [];
    context.on('page', (p) => p.on('pageerror', (e) => problems.push(e.message)));
    context.on('request', (r) => {
      if (!r.url().startsWith(siteUrl)) problems.push(`request outside the site: ${r.url()}`);
      if (r.url().startsWith(siteUrl + 'items/')) itemLoads.push(r.url().slice(siteUrl.length));
    });
    // A visit is a tab: its session storage holds what the visit found.
    const decided = (page) => page.waitForFunction(() => Object.keys(sessionStorage).some((k) => k.startsWith('briefing:fresh:')));
    const visit = async (rel) => {
      const page = await context.newPage();
      await page.goto(siteUrl + rel);
      await decided(page);
      return page;
    };

    const first = await visit('index.html');
    assert.equal(await first.locator('.card.is-new').count(), 0, 'a first visit marks nothing');
    assert.equal(await first.locator('#new-bar').isHidden(), true);
    assert.deepEqual(itemLoads, ['items/2025-02.js'], 'a first visit reads the newest month only');

    const slug = '2025-02-19-e2e-talks-end-without-a-date-for-the-next-round';
    fs.writeFileSync(path.join(site, 'content', 'articles', `${slug}.md`),
      '+++\ntitle = "Talks end without a date for the next round"\ndate = 2025-02-19\nsource = "Reuters"\n' +
      'actors = ["sergei-lavrov"]\n+++\n\nThe delegations left Riyadh without setting a date for the next round.\n');
    build();
    const key = articleKey(slug);
    itemLoads.length = 0;
    const second = await visit('index.html');
    for (const rel of ['index.html', 'timeline/index.html', 'actors/sergei-lavrov/index.html']) {
      await second.goto(siteUrl + rel);
      await decided(second);
      const marked = await second.locator('.card.is-new').evaluateAll((cs) => cs.map((c) => c.getAttribute('data-key')));
      const cards = await second.locator(`.card[data-key="${key}"]`).count();
      assert.deepEqual(marked, Array(cards).fill(key), `${rel}: exactly the new article is marked`);
      assert.match(await second.locator('#new-bar').textContent(), /^1 item new since your last visit/, rel);
      const badges = await second.locator('[data-month] .new-badge').evaluateAll((bs) =>
        bs.map((b) => [b.closest('[data-month]').getAttribute('data-month'), b.textContent]));
      assert.deepEqual(badges, rel === 'actors/sergei-lavrov/index.html' ? [] : [['2025-02', '1 new']], `${rel}: months`);
    }
    assert.ok(await second.locator(`.card[data-key="${key}"]`).count() > 0, 'the new article has a card on its actor page');
    // The second visit read the changed month and learnt one more; the
    // pages after it in the same visit read nothing.
    assert.deepEqual(itemLoads.sort(), ['items/2023-05.js', 'items/2025-02.js']);
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    fs.rmSync(site, { recursive: true, force: true });
  }
});

// -------------------------------------------------------------------- f) print

/**
 * A small site whose event page has closed quotes: Sergei Lavrov says five
 * things about the Riyadh talks (the page shows three, "2 more" closed), and
 * a sixth before them, so that his page shows five and links a page of all
 * six. Built with the release binary the run built, into a temporary folder.
 */
function buildSiteWithClosedQuotes() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefing-print-'));
  const write = (rel, text) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  write('site.toml', 'title = "Print test"\n');
  write('content/actors/sergei-lavrov.md', '+++\nname = "Sergei Lavrov"\nkind = "person"\n+++\n');
  write('content/events/riyadh-talks.md',
    '+++\ntitle = "Riyadh talks"\ndate = 2025-02-18\nactors = ["sergei-lavrov"]\n+++\n');
  // Words of their own, so that no two are taken for one statement.
  const said = [
    'Moscow will not accept foreign troops in Ukraine.',
    'Sanctions have failed and everybody knows it now.',
    'Europe has no role at this negotiating table.',
    'Embassies should reopen their doors without delay.',
    'Our delegation listened carefully to American proposals.',
  ];
  const quotes = said.map((text) =>
    `[[quotes]]\nactor = "sergei-lavrov"\ntext = "${text}"\nsaid = 2025-02-18\nevents = ["riyadh-talks"]\n`).join('\n') +
    '\n[[quotes]]\nactor = "sergei-lavrov"\ntext = "Last summer nobody wanted to talk with us at all."\nsaid = 2024-06-01\n';
  write('content/articles/2025-02-18-riyadh.md',
    `+++\ntitle = "Lavrov in Riyadh"\ndate = 2025-02-18\nactors = ["sergei-lavrov"]\nevents = ["riyadh-talks"]\n\n${quotes}+++\nLavrov spoke.\n`);
  execFileSync(BINARY, ['build', '--root', dir], { stdio: 'pipe' });
  return dir;
}

test('f) print: black on white from a dark scheme, chrome hidden, closed quotes printed open', { timeout: 3 * TEST_TIMEOUT }, async () => {
  const site = buildSiteWithClosedQuotes();
  const { context, page, problems } = await openPage();
  try {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(url('index.html'));
    const screen = await page.evaluate(() => getComputedStyle(document.body).color);
    assert.notEqual(screen, 'rgb(0, 0, 0)', 'on screen, the dark scheme is light on dark');
    await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
    const printed = await page.evaluate(() => {
      const style = (sel, prop) => {
        const el = document.querySelector(sel);
        return el ? getComputedStyle(el)[prop] : null;
      };
      return {
        text: style('body', 'color'),
        background: style('body', 'backgroundColor'),
        box: style('.state-of-play', 'backgroundColor'),
        heading: style('h1', 'color'),
        nav: style('.site-header nav', 'display'),
        search: style('.search', 'display'),
        months: style('.months-nav', 'display'),
      };
    });
    assert.deepEqual(printed, {
      text: 'rgb(0, 0, 0)',
      background: 'rgb(255, 255, 255)',
      box: 'rgb(255, 255, 255)',
      heading: 'rgb(0, 0, 0)',
      nav: 'none',
      search: 'none',
      months: 'none',
    });

    // Closed quotes print open from the stylesheet alone (no beforeprint
    // fires under print emulation).
    const event = pathToFileURL(path.join(site, 'public', 'events', 'riyadh-talks', 'index.html')).href;
    await page.emulateMedia({ media: 'screen', colorScheme: 'light' });
    await page.goto(event);
    const hidden = page.locator('details.more-quotes .quote');
    assert.equal(await hidden.count(), 2, 'two quotes behind "2 more from Sergei Lavrov"');
    assert.match(await page.locator('details.more-quotes summary').textContent(), /^2 more from Sergei Lavrov$/);
    assert.equal(await hidden.first().isVisible(), false, 'closed on screen');
    await page.emulateMedia({ media: 'print' });
    assert.equal(await hidden.first().isVisible(), true, 'printed open by the stylesheet');
    assert.equal(await hidden.last().isVisible(), true);
    assert.equal(await page.locator('details.more-quotes').evaluate((d) => d.open), false);

    // The script opens them before printing, and closes them after.
    await page.emulateMedia({ media: 'screen' });
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    assert.equal(await page.locator('details.more-quotes').evaluate((d) => d.open), true);
    assert.equal(await hidden.last().isVisible(), true);
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    assert.equal(await page.locator('details.more-quotes').evaluate((d) => d.open), false);

    // This site's new kinds of page pass axe and the Nu HTML Checker too: the
    // event page with closed quotes, and an actor's page of all quotes.
    await assertAxeClean(page, 'the event page with closed quotes');
    await page.goto(pathToFileURL(path.join(site, 'public', 'actors', 'sergei-lavrov', 'quotes', 'index.html')).href);
    assert.equal(await page.locator('.quote').count(), 6);
    await assertAxeClean(page, "an actor's page of all quotes");
    const vnu = path.join(HERE, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
    execFileSync('java', ['-jar', vnu, '--errors-only', '--skip-non-html', path.join(site, 'public')], { stdio: 'pipe' });
    assertClean({ ...problems, offsite: problems.offsite.filter((r) => !r.includes(site)) }, 'while printing');
  } finally {
    await context.close();
    fs.rmSync(site, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------- g) charts at 375 px

test('g) charts at 375 px: the latest month in view, labels whole, values as text', { timeout: TEST_TIMEOUT }, async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const { context, page, problems } = await openPage({ width: 375, height: 800 });
  try {
    await page.goto(url('index.html'));
    const chart = page.locator('.latest .chart-figure').first();
    await chart.scrollIntoViewIfNeeded();
    await chart.screenshot({ path: path.join(SHOTS, 'front-page-chart-phone.png') });
    const seen = await chart.evaluate((figure) => {
      const box = figure.querySelector('.chart-scroll').getBoundingClientRect();
      const bars = [...figure.querySelectorAll('rect.bar')];
      const last = bars[bars.length - 1].getBoundingClientRect();
      const texts = [...figure.querySelectorAll('text')].filter((t) => {
        const r = t.getBoundingClientRect();
        return r.left >= box.left - 0.5 && r.right <= box.right + 0.5;
      }).map((t) => t.textContent);
      return {
        scrolls: figure.querySelector('.chart-scroll').scrollWidth > box.width,
        latestInView: last.left >= box.left && last.right <= box.right + 0.5,
        latestMonth: bars[bars.length - 1].querySelector('title').textContent,
        texts,
        values: figure.querySelector('.chart-values')?.textContent ?? '',
      };
    });
    assert.ok(seen.latestInView, `the latest month's bar (${seen.latestMonth}) is in view first`);
    assert.ok(seen.texts.some((t) => / in the busiest month$/.test(t)), `the scale is in view: ${seen.texts}`);
    const [latestName, latestCount] = seen.latestMonth.split(': ');
    assert.ok(seen.texts.includes(latestCount), `the latest month's count is drawn: ${seen.texts}`);
    assert.match(seen.values, /^Busiest: /);
    assert.ok(seen.values.includes(`${latestName} (${latestCount})`), `${seen.values} names the latest month`);

    // The co-mention star fits the phone with every label whole.
    await page.goto(url(firstPage('actors', 'vladimir-putin')));
    const star = page.locator('.chart-figure', { has: page.locator('.chart .node') }).first();
    await star.scrollIntoViewIfNeeded();
    await star.screenshot({ path: path.join(SHOTS, 'actor-star-phone.png') });
    const cut = await star.evaluate((figure) => {
      const box = figure.querySelector('.chart-scroll').getBoundingClientRect();
      return [...figure.querySelectorAll('text.label')].filter((t) => {
        const r = t.getBoundingClientRect();
        return r.left < box.left - 0.5 || r.right > box.right + 0.5;
      }).map((t) => t.textContent);
    });
    assert.deepEqual(cut, [], 'labels of the star cut at 375 px');
    assert.match(await star.locator('.chart-values').textContent(), /^Most often with: .+ \(\d+\)/);
    assertClean(problems, 'at 375 px');
  } finally {
    await context.close();
  }
});
