// Search benchmark: the first query on a fresh page (time to results, bytes of
// the index it loads), and then each query from the input event to the
// results in the page (and to the next frame), in Debian's Chromium from
// file://. Prints the sizes of the index files too. Prints figures;
// asserts nothing. Needs the npm packages of tests/e2e (bash tests/e2e/run.sh
// installs them). Usage, from the repository root, on a built site:
//
//   python3 ../shared/bench/gen_corpus.py --articles 10000 --out /tmp/c10k
//   target/release/briefing build --root /tmp/c10k --output /tmp/c10k-out
//   node benches/search-latency.mjs /tmp/c10k-out [queries.json]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const { chromium } = await import(path.join(here, '..', 'tests', 'e2e', 'node_modules', 'playwright-core', 'index.mjs'));
const site = path.resolve(process.argv[2] || path.join(here, '..', 'public'));
const queries = process.argv[3] ? JSON.parse(fs.readFileSync(process.argv[3], 'utf8')) : [
  'Qatar', 'ceasefire', 'sanctions', 'Brazil', 'Red Cross', 'Qatar sanctions', 'Kazakhstan summit',
  'Anan Xidroolz', 'Xidroolz', 'Mr Xidroolz', 'Pema Cronerolz',
  'n', 'ne', 'neg', 'nego', 'negoti', 'negotiations', 'co',
  'Reactor reporters prisoners winter reactor convoy', 'Mr Cronerolz package contacts',
  'zzyzx', 'Ukraine Russia',
];
const REPEAT = 3;
const url = 'file://' + path.join(site, 'index.html');
const args = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args });
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const f = (x) => x.toFixed(1);

// 1. The first query on a fresh page, nothing of the index loaded: from the
// input event to the results in the page, and the bytes of index scripts it
// loaded (search/*.js). Typed at once (cold), and after the box took focus
// (which loads search/meta.js).
const FIRST = ['Qatar', 'ceasefire', 'sanctions', 'Ryiadh', 'Xidroolz', 'neg', 'Ukraine Russia', 'cease-fire', 'zzyzx'];
const scripts = () => [...document.querySelectorAll('script[src*="search/"]')].map((s) => s.src);
const firstRows = [];
for (const q of FIRST) {
  for (const mode of ['cold', 'focused']) {
    const times = [];
    let bytes = 0, files = 0, status = '';
    for (let i = 0; i < REPEAT; i++) {
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      page.on('pageerror', (e) => console.log('page error:', String(e)));
      await page.goto(url, { waitUntil: 'load' });
      if (mode === 'focused') {
        await page.focus('#search-input');
        await page.waitForFunction(() => !!(window.BRIEFING_SEARCH && window.BRIEFING_SEARCH.meta));
      }
      const r = await page.evaluate((q) => new Promise((resolve) => {
        const input = document.getElementById('search-input');
        const box = document.getElementById('search-results');
        let t0;
        const mo = new MutationObserver(() => {
          const st = box.querySelector('.search-status');
          if (!st) return;
          mo.disconnect();
          resolve({ ms: performance.now() - t0, status: st.textContent });
        });
        mo.observe(box, { childList: true, subtree: true });
        input.value = q;
        t0 = performance.now();
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }), q);
      const srcs = await page.evaluate(scripts);
      const sizes = srcs.map((s) => fs.statSync(new URL(s)).size);
      bytes = sizes.reduce((a, b) => a + b, 0);
      files = srcs.length;
      status = r.status;
      times.push(r.ms);
      await ctx.close();
    }
    firstRows.push({ q, mode, med: median(times), max: Math.max(...times), bytes, files, status });
  }
}
console.log(`site: ${site}`);
const parts = fs.readdirSync(path.join(site, 'search')).filter((f) => f.endsWith('.js'));
const sizeOf = (f) => fs.statSync(path.join(site, 'search', f)).size;
for (const kind of ['meta', 'v', 'p', 'd', 'a', 'e']) {
  const of = parts.filter((f) => (kind === 'meta' ? f === 'meta.js' : new RegExp(`^${kind}\\d+\\.js$`).test(f))).map(sizeOf);
  if (of.length) console.log(`search/${kind}*.js: ${of.length} files, ${of.reduce((a, b) => a + b, 0)} bytes, largest ${Math.max(...of)}, median ${median(of)}`);
}
console.log('\nfirst query | page | median ms | max ms (input->results) | index bytes loaded | files | result');
for (const r of firstRows) console.log(`${JSON.stringify(r.q)} | ${r.mode} | ${f(r.med)} | ${f(r.max)} | ${r.bytes} | ${r.files} | ${r.status}`);
const cold = firstRows.filter((r) => r.mode === 'cold');
console.log(`first query, cold: median of medians ${f(median(cold.map((r) => r.med)))} ms, worst ${f(Math.max(...cold.map((r) => r.max)))} ms, most bytes ${Math.max(...cold.map((r) => r.bytes))}`);

// 2. Per-query latency on one page with the index loaded.
const ctx = await browser.newContext();
const page = await ctx.newPage();
const errors = [];
page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
page.on('pageerror', (e) => errors.push(String(e)));
const outside = [];
page.on('request', (r) => { if (!r.url().startsWith('file://')) outside.push(r.url()); });
await page.goto(url, { waitUntil: 'load' });
await page.focus('#search-input');
await page.waitForFunction(() => !!(window.BRIEFING_SEARCH && window.BRIEFING_SEARCH.meta));

const rows = [];
const all = [];
const allFrame = [];
for (const q of queries) {
  const dom = [], frame = [];
  let info;
  for (let i = 0; i < REPEAT; i++) {
    const r = await page.evaluate((q) => new Promise((resolve) => {
      const input = document.getElementById('search-input');
      const box = document.getElementById('search-results');
      input.value = '';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      let t0, tDom;
      const mo = new MutationObserver(() => {
        if (tDom !== undefined) return;
        tDom = performance.now();
        mo.disconnect();
        requestAnimationFrame(() => setTimeout(() => {
          const tFrame = performance.now();
          const status = box.querySelector('.search-status');
          const first = box.querySelector('li');
          resolve({ dom: tDom - t0, frame: tFrame - t0, status: status ? status.textContent : '',
            first: first ? first.querySelector('a').textContent.slice(0, 50) : '',
            marked: first ? first.querySelectorAll('mark').length : 0 });
        }, 0));
      });
      mo.observe(box, { childList: true, subtree: true, characterData: true });
      input.value = q;
      t0 = performance.now();
      input.dispatchEvent(new Event('input', { bubbles: true }));
      setTimeout(() => { if (tDom === undefined) { mo.disconnect(); resolve({ dom: NaN, frame: NaN, status: '(no DOM change)' }); } }, 5000);
    }), q);
    dom.push(r.dom); frame.push(r.frame); info = r;
  }
  all.push(...dom); allFrame.push(...frame);
  rows.push({ q, cold: dom[0], med: median(dom), max: Math.max(...dom), fmed: median(frame), fmax: Math.max(...frame), status: info.status, first: info.first, marked: info.marked });
}
console.log('\nquery | 1st run | median | max (ms, input->DOM) | median | max (ms, input->next frame) | result');
for (const r of rows) console.log(`${JSON.stringify(r.q)} | ${f(r.cold)} | ${f(r.med)} | ${f(r.max)} | ${f(r.fmed)} | ${f(r.fmax)} | ${r.status} | top: ${r.first} | marks in top snippet: ${r.marked}`);
console.log(`\noverall input->DOM: median ${f(median(all))} ms, max ${f(Math.max(...all))} ms; input->frame: median ${f(median(allFrame))} ms, max ${f(Math.max(...allFrame))} ms`);
console.log('console errors:', errors.length ? errors : 'none', '| requests outside file://:', outside.length ? outside : 'none');
await browser.close();
