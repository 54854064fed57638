// Search benchmark: how long the index takes to load on first focus of the
// search box, and each query from the input event to the results in the page
// (and to the next frame), in Debian's Chromium from file://. Prints figures;
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
const REPEAT = 5;
const url = 'file://' + path.join(site, 'index.html');
const args = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args });
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const f = (x) => x.toFixed(1);

// 1. Index load on first focus, fresh page each time.
const loads = [];
for (let i = 0; i < REPEAT; i++) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url, { waitUntil: 'load' });
  const r = await page.evaluate(() => new Promise((resolve) => {
    const input = document.getElementById('search-input');
    let t0;
    const mo = new MutationObserver((recs) => {
      for (const rec of recs) for (const n of rec.addedNodes) {
        if (n.tagName === 'SCRIPT' && /search-index\.js/.test(n.src)) {
          const tAppended = performance.now();
          n.addEventListener('load', () => {
            const tLoaded = performance.now();
            mo.disconnect();
            resolve({ appended: tAppended - t0, loaded: tLoaded - t0, ok: !!window.BRIEFING_SEARCH,
              heapMB: performance.memory ? performance.memory.usedJSHeapSize / 1048576 : null });
          });
        }
      }
    });
    mo.observe(document.head, { childList: true });
    t0 = performance.now();
    input.focus();
  }));
  loads.push(r);
  if (errors.length) console.log('console errors:', errors);
  await ctx.close();
}
console.log(`site: ${site}`);
console.log(`search-index.js: ${fs.statSync(path.join(site, 'search-index.js')).size} bytes`);
console.log('index load on first focus (ms):', loads.map((l) => f(l.loaded)).join(', '),
  `| median ${f(median(loads.map((l) => l.loaded)))} max ${f(Math.max(...loads.map((l) => l.loaded)))}`,
  `| JS heap after load ~${loads[0].heapMB ? f(loads[0].heapMB) + ' MB' : 'n/a'}`);

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
await page.waitForFunction(() => !!window.BRIEFING_SEARCH);

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
