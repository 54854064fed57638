// End-to-end checks of search (issues 4 and 14), in Debian's Chromium driven by
// playwright-core, on file:// URLs: real queries typed into the search box of
// the default site (public/, built by tests/e2e/run.sh or
// `cargo run --release -- build`), and of a made-up site of 77 articles that
// this file builds into a temporary folder, big enough for common words and
// for more results than fit on one screen. Run alone with
//   node --test tests/e2e/search.test.mjs
//
// Every page must show zero console errors and request nothing outside its site.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const PUBLIC = path.join(ROOT, 'public');

const TEST_TIMEOUT = 60_000;
const STEP_TIMEOUT = 10_000;
const PAGE_SIZE = 12;
// The made-up site: articles with "ceasefire" in the title, and others.
const CEASEFIRE_TITLES = 40;
const FILLERS = 30;
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const siteUrl = (dir) => pathToFileURL(dir).href + '/';
const PUBLIC_URL = siteUrl(PUBLIC);
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** The folding cases shared with tests/search.rs, which checks the Rust side. */
function foldCases() {
  const rust = fs.readFileSync(path.join(ROOT, 'tests', 'search.rs'), 'utf8');
  const m = rust.match(/const FOLD_CASES: &str = r#"([\s\S]*?)"#;/);
  assert.ok(m, 'FOLD_CASES not found in tests/search.rs');
  return JSON.parse(m[1]);
}

let browser;
let made; // the made-up site: { dir, public, url }

before(async () => {
  assert.ok(fs.existsSync(path.join(PUBLIC, 'index.html')),
    `${PUBLIC}/index.html is missing: build the site first (cargo run --release -- build)`);
  made = buildMadeUpSite();
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, timeout: 30_000 });
});

after(async () => {
  await browser?.close();
  if (made) fs.rmSync(made.dir, { recursive: true, force: true });
});

// ------------------------------------------------------------ the made-up site

function write(root, rel, text) {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

function article(root, slug, title, date, extra, body) {
  write(root, `content/articles/${slug}.md`, `+++\ntitle = "${title}"\ndate = ${date}\n${extra}+++\n${body}\n`);
}

/**
 * 77 articles whose bodies all say "ceasefire" (so it is a common word, left
 * out of the body table), 40 of them in their title too; "zorblax" is in two
 * titles, an actor's name and one body, "zorblux" (a typo of it) in one
 * title; one title is in Cyrillic. Built with this repository's binary.
 */
function buildMadeUpSite() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefing-search-'));
  const root = path.join(dir, 'site');
  write(root, 'site.toml', 'title = "Made up"\n');
  write(root, 'content/actors/zorblax-quint.md', '+++\nname = "Zorblax Quint"\naliases = ["Quint"]\n+++\n');
  const body = 'The ceasefire held and the talks went on.';
  article(root, 'title-newer', 'Zorblax plan announced', '2025-01-10', '', body);
  article(root, 'title-older', 'Zorblax plan revisited', '2025-01-05', '', body);
  article(root, 'by-actor', 'Envoy meets the council', '2025-01-20', 'actors = ["zorblax-quint"]\n', body);
  article(root, 'in-body', 'Other news of the week', '2025-01-25', '', `${body} A zorblax was seen.`);
  article(root, 'no-zorblax', 'Quiet day', '2025-01-26', '', body);
  article(root, 'typo-title', 'Zorblux summit', '2025-01-30', '', body);
  article(root, 'cyrillic-title', 'Переговоры в Москве', '2025-01-31', '', body);
  for (let i = 0; i < CEASEFIRE_TITLES; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    article(root, `ceasefire-${i}`, `Ceasefire report ${i}`, `2024-0${1 + Math.floor(i / 28)}-${day}`, '', body);
  }
  for (let i = 0; i < FILLERS; i++) {
    article(root, `filler-${i}`, `Filler ${i}`, '2023-06-01', '', body);
  }
  const output = path.join(dir, 'public');
  const env = { ...process.env, PATH: `${process.env.PATH}:${path.join(os.homedir(), '.cargo', 'bin')}` };
  const run = spawnSync('cargo', ['run', '--quiet', '--release', '--', 'build', '--root', root, '--output', output],
    { cwd: ROOT, env, encoding: 'utf8', timeout: 300_000 });
  assert.equal(run.status, 0, `building the made-up site failed:\n${run.stdout}\n${run.stderr}`);
  return { dir, public: output, url: siteUrl(output) };
}

// --------------------------------------------------------------------- helpers

/** A fresh page that records console errors, page errors and requests outside `site`. */
async function openPage(site = PUBLIC_URL) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(STEP_TIMEOUT);
  context.setDefaultNavigationTimeout(STEP_TIMEOUT);
  const page = await context.newPage();
  const problems = { consoleErrors: [], pageErrors: [], offsite: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.consoleErrors.push(`${msg.text()} on ${page.url()}`);
  });
  page.on('pageerror', (err) => problems.pageErrors.push(`${err.message} on ${page.url()}`));
  page.on('request', (req) => {
    if (!req.url().startsWith(site)) problems.offsite.push(`${req.resourceType()} ${req.url()}`);
  });
  await page.goto(site + 'index.html');
  return { context, page, problems };
}

function assertClean(problems, where) {
  assert.deepEqual(problems.consoleErrors, [], `console errors ${where}`);
  assert.deepEqual(problems.pageErrors, [], `uncaught page errors ${where}`);
  assert.deepEqual(problems.offsite, [], `requests outside the site ${where}`);
}

/**
 * Types `query` into the search box, as a reader does once the index has
 * loaded, and returns what the results box shows: the status line, the actor
 * and event results, and the article results.
 */
async function search(page, query) {
  const input = page.locator('#search-input');
  await input.click();
  await page.waitForFunction(() => window.BRIEFING_SEARCH?.meta !== undefined, null, { timeout: 5_000 });
  // An emptied box clears the results at once; otherwise a previous query's
  // results stay shown while this one's index parts load, and would be read.
  await input.fill('');
  await input.fill(query);
  await page.locator('#search-results .search-status').waitFor({ timeout: 5_000 });
  return shown(page);
}

async function shown(page) {
  return page.locator('#search-results').evaluate((box) => {
    const item = (li) => {
      const a = li.querySelector('a');
      return {
        href: a.href,
        title: a.textContent.trim(),
        text: li.textContent.replace(/\s+/g, ' ').trim(),
        why: [...li.querySelectorAll('.search-why')].map((p) => p.textContent.trim()),
        snippet: li.querySelector('.search-snippet')?.textContent ?? null,
        marks: [...li.querySelectorAll('mark')].map((m) => m.textContent),
        whyMarks: [...li.querySelectorAll('.search-why mark')].map((m) => m.textContent),
      };
    };
    const entities = box.querySelector('ul.search-entities');
    const articles = box.querySelector('ul.search-articles');
    return {
      status: box.querySelector('.search-status')?.textContent ?? null,
      entities: entities ? [...entities.children].map(item) : [],
      articles: articles ? [...articles.children].map(item) : [],
      entitiesFirst: !!entities && (!articles
        || !!(entities.compareDocumentPosition(articles) & Node.DOCUMENT_POSITION_FOLLOWING)),
      more: box.querySelector('button.search-more')?.textContent ?? null,
    };
  });
}

/**
 * Every <mark> in the results with the text around it: what comes just
 * before and just after it in its parent's text.
 */
async function marksInContext(page) {
  return page.locator('#search-results mark').evaluateAll((marks) => marks.map((m) => {
    let before = '', after = '';
    for (let n = m.previousSibling; n; n = n.previousSibling) before = n.textContent + before;
    for (let n = m.nextSibling; n; n = n.nextSibling) after += n.textContent;
    return { text: m.textContent, before: before.slice(-1), after: after.slice(0, 1) };
  }));
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Clicks `link` and waits for the page it leads to. */
async function follow(page, link) {
  const target = new URL(await link.getAttribute('href'), page.url()).href;
  await Promise.all([page.waitForURL(target, { waitUntil: 'load' }), link.click()]);
  return target;
}

/** [title, text] of every article whose part of the index has been loaded. */
async function loadedDocs(page) {
  return page.evaluate(() => Object.keys(window.BRIEFING_SEARCH).filter((k) => /^d\d+$/.test(k))
    .flatMap((k) => window.BRIEFING_SEARCH[k].map((d) => [d[0], d[4]])));
}

/** The href and text of the first link in the results: what Enter after ArrowDown opens. */
async function firstResult(page, box = '#search-results') {
  return page.locator(`${box} a`).first().evaluate((a) => ({ href: a.href, title: a.textContent.trim() }));
}

// ----------------------------------------------------------------------- tests

test('search reads text as the index does: the folding cases shared with tests/search.rs', { timeout: TEST_TIMEOUT }, async () => {
  const cases = foldCases();
  assert.ok(cases.length >= 15);
  const { context, page, problems } = await openPage();
  try {
    const got = await page.evaluate((cases) => cases.map(([text]) => window.BriefingSearch.words(text)), cases);
    cases.forEach(([text, expected], i) => assert.deepEqual(got[i], expected, `words(${JSON.stringify(text)}) in the page`));
    assertClean(problems, 'while folding');
  } finally {
    await context.close();
  }
});

test('search: "Peskov" offers the actor page above the articles, and it opens', { timeout: TEST_TIMEOUT }, async () => {
  const { context, page, problems } = await openPage();
  try {
    const r = await search(page, 'Peskov');
    const actor = r.entities.find((e) => e.href === PUBLIC_URL + 'actors/dmitry-peskov/index.html');
    assert.ok(actor, `no actor result for Peskov: ${JSON.stringify(r.entities)}`);
    assert.equal(actor.title, 'Dmitry Peskov');
    assert.deepEqual(actor.marks, ['Peskov']);
    assert.ok(r.entitiesFirst, 'actors and events are listed above the articles');
    assert.ok(r.articles.length > 0, 'Peskov finds articles too');
    assert.match(r.status, new RegExp(`^${r.articles.length} articles?$`));
    // Every article result shows the match, in its snippet or in why it matched.
    for (const a of r.articles) {
      assert.ok(a.href.startsWith(PUBLIC_URL + 'articles/'), a.href);
      assert.ok(a.marks.includes('Peskov'), `no marked Peskov in "${a.text}"`);
    }
    // Snippets start at a word: after a leading "…" comes the start of a word.
    const docs = await loadedDocs(page);
    for (const a of r.articles) {
      const text = docs.find((d) => d[0] === a.title)[1];
      const body = a.snippet.replace(/^…/, '').replace(/…$/, '');
      const at = text.indexOf(body);
      assert.ok(at >= 0, `the snippet of "${a.title}" is not a stretch of its text`);
      assert.ok(at === 0 || !WORD_CHAR.test(text[at - 1]), `the snippet of "${a.title}" starts mid-word: "${text.slice(at - 5, at + 20)}"`);
      const end = at + body.length;
      assert.ok(end === text.length || !WORD_CHAR.test(text[end]), `the snippet of "${a.title}" ends mid-word`);
    }
    // The actor result leads to the actor's page.
    await follow(page, page.locator('#search-results ul.search-entities a', { hasText: 'Dmitry Peskov' }));
    assert.equal(page.url(), PUBLIC_URL + 'actors/dmitry-peskov/index.html');
    assert.equal((await page.locator('h1').textContent()).trim(), 'Dmitry Peskov');
    assertClean(problems, 'while searching for Peskov');
  } finally {
    await context.close();
  }
});

test('search: "Riyadh" offers the event page, and an article matched through it says so', { timeout: TEST_TIMEOUT }, async () => {
  const { context, page, problems } = await openPage();
  try {
    const r = await search(page, 'Riyadh');
    const event = r.entities.find((e) => e.href === PUBLIC_URL + 'events/riyadh-talks-2025/index.html');
    assert.ok(event, `no event result for Riyadh: ${JSON.stringify(r.entities)}`);
    assert.ok(fs.existsSync(fileURLToPath(event.href)));
    const covered = r.articles.filter((a) => a.why.some((w) => w.startsWith('Covers: ')));
    for (const a of covered) assert.deepEqual(a.whyMarks, ['Riyadh']);
    assertClean(problems, 'while searching for Riyadh');
  } finally {
    await context.close();
  }
});

test('search: "U.S." and "Erdoğan" find articles', { timeout: TEST_TIMEOUT }, async () => {
  const { context, page, problems } = await openPage();
  try {
    const us = await search(page, 'U.S.');
    assert.ok(us.articles.length >= 5, `U.S. finds ${us.articles.length} articles`);
    for (const a of us.articles) {
      assert.ok(a.marks.some((m) => /^u\.?s\.?$/i.test(m)), `no marked US or U.S. in "${a.text}"`);
    }
    const erdogan = await search(page, 'Erdoğan');
    assert.ok(erdogan.articles.length > 0, 'Erdoğan finds no article');
    assert.ok(erdogan.entities.some((e) => e.href.endsWith('actors/recep-tayyip-erdogan/index.html')));
    assert.ok(erdogan.articles.every((a) => a.marks.includes('Erdogan')),
      'the article text "Erdogan" is marked for the query "Erdoğan"');
    const plain = await search(page, 'erdogan');
    assert.deepEqual(plain.articles.map((a) => a.href), erdogan.articles.map((a) => a.href));
    assertClean(problems, 'while searching for U.S. and Erdoğan');
  } finally {
    await context.close();
  }
});

test('search: only the starts of words are marked', { timeout: TEST_TIMEOUT }, async () => {
  const { context, page, problems } = await openPage();
  try {
    // "us" being typed: marks words that start with it (US, U.S.), never
    // the middle of one (R-us-sia).
    await search(page, 'us');
    let marks = await marksInContext(page);
    assert.ok(marks.length > 0);
    for (const m of marks) {
      assert.ok(!WORD_CHAR.test(m.before), `"${m.before}[${m.text}]" marks the middle of a word`);
      assert.match(m.text, /^u\.?s/i);
    }
    // A finished word ("the " with a space): marks the whole word only, not "they".
    await search(page, 'the ');
    marks = await marksInContext(page);
    assert.ok(marks.length > 0);
    for (const m of marks) {
      assert.ok(!WORD_CHAR.test(m.before) && !WORD_CHAR.test(m.after),
        `"${m.before}[${m.text}]${m.after}" is not a whole word`);
      assert.equal(m.text.toLowerCase(), 'the');
    }
    assertClean(problems, 'while checking marks');
  } finally {
    await context.close();
  }
});

test('search: an alias match says why the article matched', { timeout: TEST_TIMEOUT }, async () => {
  const { context, page, problems } = await openPage();
  try {
    // Türkiye is an alias of Turkey that no article text uses.
    const r = await search(page, 'Türkiye');
    assert.ok(r.entities.some((e) => e.href.endsWith('actors/turkey/index.html')));
    assert.ok(r.articles.length > 0, 'Türkiye finds no article');
    for (const a of r.articles) {
      assert.ok(a.why.includes('Mentions Turkey (as “Türkiye”)'), `no reason line in "${a.text}": ${JSON.stringify(a.why)}`);
      assert.deepEqual(a.whyMarks, ['Türkiye']);
    }
    const folded = await search(page, 'Turkiye');
    assert.deepEqual(folded.articles.map((a) => a.href), r.articles.map((a) => a.href));
    assertClean(problems, 'while searching for an alias');
  } finally {
    await context.close();
  }
});

test('search: a single letter asks for more, a miss says so', { timeout: TEST_TIMEOUT }, async () => {
  const { context, page, problems } = await openPage();
  try {
    let r = await search(page, 'n');
    assert.equal(r.status, 'Keep typing…');
    assert.equal(r.articles.length + r.entities.length, 0);
    r = await search(page, 'zzyzx');
    assert.equal(r.status, 'No article matches “zzyzx”.');
    assertClean(problems, 'while typing little');
  } finally {
    await context.close();
  }
});

test('search: no "Show more" when every result is shown', { timeout: TEST_TIMEOUT }, async () => {
  const { context, page, problems } = await openPage();
  try {
    const r = await search(page, 'talks');
    assert.equal(r.status, '7 articles');
    assert.equal(r.articles.length, 7);
    assert.equal(r.more, null);
    assertClean(problems, 'while listing every article');
  } finally {
    await context.close();
  }
});

test('search (made-up site): a common word still finds its titles, with the count and "Show more"', { timeout: TEST_TIMEOUT }, async () => {
  const index = fs.readFileSync(path.join(made.public, 'search', 'meta.js'), 'utf8');
  assert.match(index, /"common":\[[^\]]*"ceasefire"/, 'ceasefire should be a common word of the made-up site');
  const { context, page, problems } = await openPage(made.url);
  try {
    let r = await search(page, 'ceasefire');
    assert.equal(r.status, `${CEASEFIRE_TITLES} articles`);
    assert.equal(r.articles.length, PAGE_SIZE);
    assert.ok(r.articles.every((a) => /^Ceasefire report \d+$/.test(a.title)), 'only the titled articles');
    assert.equal(r.more, 'Show more');
    for (let n = 2 * PAGE_SIZE; ; n += PAGE_SIZE) {
      await page.locator('#search-results button.search-more').click();
      // The next articles may need their part of the index loaded first.
      await page.waitForFunction((want) => document.querySelectorAll('#search-results ul.search-articles > li').length >= want,
        Math.min(n, CEASEFIRE_TITLES), { timeout: 5_000 });
      r = await shown(page);
      assert.equal(r.articles.length, Math.min(n, CEASEFIRE_TITLES));
      if (n >= CEASEFIRE_TITLES) break;
      assert.equal(r.more, 'Show more');
      // Focus moves to the first of the articles just added.
      const focused = await page.evaluate(() => document.activeElement?.textContent);
      assert.equal(focused, r.articles[n - PAGE_SIZE].title);
    }
    assert.equal(r.more, null, 'no "Show more" once all are shown');
    assert.equal(new Set(r.articles.map((a) => a.href)).size, CEASEFIRE_TITLES);
    assertClean(problems, 'while showing more');
  } finally {
    await context.close();
  }
});

/**
 * Types `query` into the search box of a page just opened, all at once and
 * without focusing the box first (as a paste does), and returns the index
 * parts the page asked for, in order, each with whether `meta` had loaded
 * by then.
 */
async function searchCold(page, query) {
  await page.evaluate((q) => new Promise((resolve) => {
    const asked = window.__asked = [];
    let metaIn = false;
    document.addEventListener('load', (e) => {
      if (e.target.src && e.target.src.endsWith('/search/meta.js')) metaIn = true;
    }, true);
    new MutationObserver((changes) => {
      for (const c of changes) for (const n of c.addedNodes) {
        if (n.tagName === 'SCRIPT' && n.src.includes('/search/')) asked.push([n.src.split('/').pop(), metaIn]);
      }
    }).observe(document.head, { childList: true });
    const box = document.getElementById('search-results');
    new MutationObserver((_, o) => { if (box.querySelector('.search-status')) { o.disconnect(); resolve(); } })
      .observe(box, { childList: true, subtree: true });
    const input = document.getElementById('search-input');
    input.value = q;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }), query);
  // Parts asked for after the results are painted (the lines saying why an
  // article matched) are asked for within 100 ms.
  await page.waitForTimeout(300);
  return { asked: await page.evaluate(() => window.__asked), shown: await shown(page) };
}

test('search (made-up site): a first query asks for its word list with meta, not after it, and for no other letter\'s', { timeout: TEST_TIMEOUT }, async () => {
  const { context, page, problems } = await openPage(made.url);
  try {
    // "zorblax": the list of "z" (v7a.js) is asked for with meta.js; meta's
    // filter of the words says whether a split's second half ("blax",
    // "lax") may be a word, so the lists of "b" and "l" are not asked for.
    let r = await searchCold(page, 'zorblax');
    const early = r.asked.filter(([, metaIn]) => !metaIn).map(([name]) => name);
    assert.deepEqual(early.sort(), ['meta.js', 'v7a.js']);
    assert.ok(!r.asked.some(([name]) => /^v(62|6c)\.js$/.test(name)), JSON.stringify(r.asked));
    assert.equal(r.shown.status, '5 articles', 'two titles, an actor, a body and a typo');
    assert.equal(r.shown.articles[0].title, 'Zorblax plan announced');
    // The actor's row came with the word's postings: no a*.js is asked for,
    // not even for the line saying why an article matched through it.
    assert.deepEqual(r.shown.entities.map((e) => e.title), ['Zorblax Quint']);
    assert.ok(r.shown.articles.some((a) => a.why.some((w) => w.includes('Zorblax Quint'))), JSON.stringify(r.shown.articles));
    assert.ok(!r.asked.some(([name]) => /^a\d+\.js$/.test(name)), JSON.stringify(r.asked));
    // "москве": no page asks for a list of "м" before meta says there is one
    // (v43c.js, U+043C), and the word is found.
    await page.goto(made.url + 'index.html');
    r = await searchCold(page, 'Москве');
    assert.deepEqual(r.asked.filter(([, metaIn]) => !metaIn).map(([name]) => name), ['meta.js']);
    assert.ok(r.asked.some(([name, metaIn]) => name === 'v43c.js' && metaIn), JSON.stringify(r.asked));
    assert.equal(r.shown.status, '1 article');
    assert.equal(r.shown.articles[0].title, 'Переговоры в Москве');
    assertClean(problems, 'while searching cold');
  } finally {
    await context.close();
  }
});

test('search (made-up site): a title match ranks above an actor match above a body match', { timeout: TEST_TIMEOUT }, async () => {
  const { context, page, problems } = await openPage(made.url);
  try {
    const r = await search(page, 'zorblax');
    // "Zorblux" is one typo away: found, but below every exact match, title or not.
    assert.deepEqual(r.articles.map((a) => a.title),
      ['Zorblax plan announced', 'Zorblax plan revisited', 'Envoy meets the council', 'Other news of the week', 'Zorblux summit']);
    assert.deepEqual(r.articles[4].marks, ['Zorblux']);
    assert.deepEqual(r.articles[2].why, ['Mentions Zorblax Quint']);
    assert.deepEqual(r.entities.map((e) => e.title), ['Zorblax Quint']);
    // A common word beside another narrows nothing.
    const both = await search(page, 'zorblax ceasefire');
    assert.equal(both.articles.length, 5);
    assertClean(problems, 'while ranking');
  } finally {
    await context.close();
  }
});

// ------------------------------------------------------- issue 14: typing and keys

// Each query with a typo, another spelling or a hyphen, and the page its
// first result must open.
const TYPOS = [
  ['Zelenskyy', 'actors/volodymyr-zelensky/index.html'],
  ['Peskow', 'actors/dmitry-peskov/index.html'],
  ['Lavrow', 'actors/sergei-lavrov/index.html'],
  ['Ryiadh', 'events/riyadh-talks-2025/index.html'],
];

test('search: typos find the right first result, marked as the text spells it', { timeout: TEST_TIMEOUT }, async () => {
  const { context, page, problems } = await openPage();
  try {
    for (const [query, target] of TYPOS) {
      const r = await search(page, query);
      assert.equal((await firstResult(page)).href, PUBLIC_URL + target, `first result for "${query}"`);
      assert.ok(r.articles.length > 0, `"${query}" finds no article`);
      // The word as the text spells it is marked (the typo is not in the text).
      const right = query === 'Ryiadh' ? /^Riyadh$/i : new RegExp(`^${query.slice(0, 4)}`, 'i');
      assert.ok(r.articles[0].marks.some((m) => right.test(m)) || r.articles[0].why.length > 0,
        `the first article for "${query}" shows no match: ${r.articles[0].text}`);
    }
    // Words of three letters or less forgive nothing: "Lavrow" finds, "Lvr" does not.
    const short = await search(page, 'Pekov ');
    assert.ok(short.entities.some((e) => e.title === 'Dmitry Peskov'), 'one deletion in a 5-letter word');
    const none = await search(page, 'tlk ');
    assert.equal(none.status, 'No article matches “tlk ”.');
    assertClean(problems, 'while searching with typos');
  } finally {
    await context.close();
  }
});

test('search: "cease-fire", "cease fire" and "ceasefire" find the same articles, first the same', { timeout: TEST_TIMEOUT }, async () => {
  const { context, page, problems } = await openPage();
  try {
    const joined = await search(page, 'ceasefire ');
    assert.ok(joined.articles.length > 0);
    const first = await firstResult(page);
    for (const query of ['cease-fire', 'cease fire', 'Cease-Fire ']) {
      const r = await search(page, query);
      assert.equal((await firstResult(page)).href, first.href, `first result for "${query}"`);
      const hrefs = r.articles.map((a) => a.href);
      for (const a of joined.articles) assert.ok(hrefs.includes(a.href), `"${query}" misses ${a.title}`);
      // (An article's kept text may end before its match: some show none.)
      assert.ok(r.articles.some((a) => a.marks.some((m) => /^ceasefire$/i.test(m))), `"ceasefire" is marked for "${query}"`);
    }
    assertClean(problems, 'while folding hyphens and spaces');
  } finally {
    await context.close();
  }
});

test('search: Escape and a click outside close the results, keeping the query', { timeout: TEST_TIMEOUT }, async () => {
  const { context, page, problems } = await openPage();
  try {
    const box = page.locator('#search-results');
    await search(page, 'Peskov');
    assert.ok(await box.isVisible());
    await page.keyboard.press('Escape');
    assert.ok(!(await box.isVisible()), 'Escape closes the results');
    assert.equal(await page.locator('#search-input').inputValue(), 'Peskov', 'Escape keeps the query');
    // Back into the box: the results come back.
    await page.locator('#search-input').click();
    assert.ok(await box.isVisible(), 'clicking the box again shows the results');
    // A click outside, on the page's heading, closes them.
    await page.locator('main h1, main h2').first().click();
    assert.ok(!(await box.isVisible()), 'a click outside closes the results');
    assert.equal(await page.locator('#search-input').inputValue(), 'Peskov');
    // Typing opens them again.
    await page.locator('#search-input').press('End');
    await page.keyboard.type(' ');
    await box.locator('.search-status').waitFor();
    assert.ok(await box.isVisible(), 'typing opens the results');
    assertClean(problems, 'while closing the results');
  } finally {
    await context.close();
  }
});

test('search: arrow keys move through the results and Enter opens one; Enter in the box opens the search page', { timeout: TEST_TIMEOUT }, async () => {
  const { context, page, problems } = await openPage();
  try {
    await search(page, 'Lavrov');
    const links = await page.locator('#search-results a').evaluateAll((as) => as.map((a) => a.href));
    assert.ok(links.length >= 3);
    const focused = () => page.evaluate(() => document.activeElement.href || document.activeElement.id);
    await page.keyboard.press('ArrowDown');
    assert.equal(await focused(), links[0]);
    await page.keyboard.press('ArrowDown');
    assert.equal(await focused(), links[1]);
    await page.keyboard.press('ArrowUp');
    assert.equal(await focused(), links[0]);
    await page.keyboard.press('ArrowUp');
    assert.equal(await focused(), 'search-input', 'ArrowUp from the first result returns to the box');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await Promise.all([page.waitForURL(links[1], { waitUntil: 'load' }), page.keyboard.press('Enter')]);
    // Enter in the box itself: the search page, its address holding the query.
    await search(page, 'Lavrov talks');
    await Promise.all([page.waitForURL(/search\/index\.html\?q=/, { waitUntil: 'load' }), page.keyboard.press('Enter')]);
    assert.equal(new URL(page.url()).searchParams.get('q'), 'Lavrov talks');
    assertClean(problems, 'while using the keyboard');
  } finally {
    await context.close();
  }
});

test('search: on a phone the results never lie over the page, and a tap outside closes them', { timeout: TEST_TIMEOUT }, async () => {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, hasTouch: true, isMobile: true });
  context.setDefaultTimeout(STEP_TIMEOUT);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(PUBLIC_URL + 'index.html');
    await page.locator('#search-input').tap();
    await page.locator('#search-input').fill('Putin');
    await page.locator('#search-results .search-status').waitFor();
    assert.equal(await page.locator('#search-results').evaluate((b) => getComputedStyle(b).position), 'static');
    // Every link of the page's main part can be reached: nothing lies over it.
    const covered = await page.evaluate(() => [...document.querySelectorAll('main a')].slice(0, 15).filter((a) => {
      a.scrollIntoView({ block: 'center' });
      // The first line box: a link broken over lines has gaps in its bounding box.
      const r = a.getClientRects()[0];
      if (!r || !r.width || !r.height) return false;
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return !(hit && (hit === a || a.contains(hit)));
    }).map((a) => a.textContent.trim()));
    assert.deepEqual(covered, [], 'links of the page covered while results are shown');
    // A tap on the page outside the search closes the results.
    await page.evaluate(() => window.scrollTo(0, 0));
    const heading = page.locator('main h1, main h2').first();
    await heading.scrollIntoViewIfNeeded();
    await heading.tap();
    assert.ok(!(await page.locator('#search-results').isVisible()), 'a tap outside closes the results');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('search page: search/index.html?q= from file:// shows the results, and its address follows the query', { timeout: TEST_TIMEOUT }, async () => {
  const { context, page, problems } = await openPage();
  try {
    await page.goto(PUBLIC_URL + 'search/index.html?q=' + encodeURIComponent('Lavrow'));
    const box = page.locator('#search-page-results');
    await box.locator('.search-status').waitFor();
    assert.equal(await page.locator('#search-page-input').inputValue(), 'Lavrow');
    assert.equal((await firstResult(page, '#search-page-results')).href, PUBLIC_URL + 'actors/sergei-lavrov/index.html');
    const count = await box.locator('.search-articles > li').count();
    assert.ok(count > 0);
    // No dropdown link to the page the reader is on.
    assert.equal(await box.locator('.search-all').count(), 0);
    // Typing in the page's own box runs the query and puts it in the address.
    await page.locator('#search-page-input').fill('Peskov');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('q') === 'Peskov');
    await page.waitForFunction(() => document.querySelector('#search-page-results a')?.textContent === 'Dmitry Peskov');
    // The address, opened afresh (as a shared link is), shows the same.
    const shared = page.url();
    const other = await context.newPage();
    await other.goto(shared);
    await other.locator('#search-page-results .search-status').waitFor();
    assert.equal((await firstResult(other, '#search-page-results')).title, 'Dmitry Peskov');
    // The header's results offer the page too.
    await page.goto(PUBLIC_URL + 'index.html');
    await search(page, 'Peskov');
    const all = page.locator('#search-results a.search-all');
    assert.equal(await all.evaluate((a) => a.href), PUBLIC_URL + 'search/index.html?q=Peskov');
    assertClean(problems, 'on the search page');
  } finally {
    await context.close();
  }
});

test('search page: axe (WCAG 2.1 A/AA) finds nothing with results on the page and open in the header', { timeout: TEST_TIMEOUT }, async () => {
  const { context, page, problems } = await openPage();
  try {
    await page.goto(PUBLIC_URL + 'search/index.html?q=Lavrow');
    await page.locator('#search-page-results .search-status').waitFor();
    await page.locator('#search-input').fill('Peskow');
    await page.locator('#search-results .search-status').waitFor();
    await page.addScriptTag({ path: AXE });
    const result = await page.evaluate(() => window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      preload: false,
    }));
    const report = result.violations.map((v) => `${v.id}: ${v.help} ${JSON.stringify(v.nodes[0]?.target)}`);
    assert.deepEqual(report, [], 'axe violations on the search page');
    assertClean(problems, 'on the search page under axe');
  } finally {
    await context.close();
  }
});
