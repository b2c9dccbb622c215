// What a one-word search costs a reader: every file the browser loads from
// opening the search page (page, stylesheet, script, favicon) through the
// first screen of results (the manifest, the query's term files and the
// records on screen), counted from file:// by the size of each file
// requested, and how long after the last of them the results appear.
//
// As a library (reader.test.mjs asserts on it over the example wiki):
//   import { measureSearch } from './search-bytes.mjs';
//   const figure = await measureSearch({ context, site, word });
//
// As a command, for the 10,000-page figure (the benchmark's report):
//   python3 benches/gen_corpus.py --format huddle --pages 10000 --out /tmp/c10k
//   target/release/huddle build --root /tmp/c10k --out /tmp/c10k-site
//   node tests/browser/search-bytes.mjs /tmp/c10k-site [word…]
// prints one JSON object per word, then a summary line; with --typed each
// word is also typed letter by letter (120 ms apart), to show what
// searching as you type costs on top. CHROMIUM names the browser
// (default /usr/bin/chromium).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

/** The words the command measures by default: common ones of the
 * generated corpus, and rare ones (a region, a first name). */
export const DEFAULT_WORDS = ['discovery', 'security', 'champion', 'the', 'logistics', 'nordics', 'elena'];

/** A file:// URL's file, relative to the site, or null for anything else. */
function siteFile(site, url) {
  if (!url.startsWith('file:')) return null;
  const file = fileURLToPath(url.split(/[?#]/)[0]);
  return file.startsWith(site + path.sep) ? path.relative(site, file) : null;
}

/** Which part of the site a requested file is. */
function part(file) {
  if (file === 'search/index.js') return 'manifest';
  if (file.startsWith('search/t/')) return 'terms';
  if (file.startsWith('search/r/')) return 'records';
  if (file.endsWith('.html')) return 'page';
  if (file.endsWith('.css')) return 'stylesheet';
  if (file.endsWith('.js')) return 'script';
  return 'other';
}

/**
 * Opens the search page of a built site in a new tab of `context` (a
 * playwright browser context), types `word` into its field and waits for
 * the first screen of results. Returns the bytes loaded by part, every
 * file requested (in order, repeats included), the results on screen (their
 * count and URLs), and
 * `afterLastLoad`: milliseconds from the last index file's load to the
 * results on screen.
 */
export async function measureSearch({ context, site, word, typed = false }) {
  site = path.resolve(site);
  const page = await context.newPage();
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.addInitScript(() => {
    window.__loads = [];
    window.__shown = [];
    document.addEventListener('load', (event) => {
      if (event.target.tagName === 'SCRIPT') window.__loads.push(performance.now());
    }, true);
    document.addEventListener('DOMContentLoaded', () => {
      const list = document.querySelector('#search-page .search-results');
      new MutationObserver(() => window.__shown.push(performance.now())).observe(list, { childList: true });
    });
  });
  await page.goto(pathToFileURL(site).href + '/search/index.html');
  await page.waitForLoadState('load');
  if (typed) await page.type('#search-page-q', word, { delay: 120 });
  else await page.fill('#search-page-q', word);
  await page.waitForFunction(() => /results? for|No results/.test(document.querySelector('.search-status').textContent));
  // Anything still on its way would count: let it arrive.
  await page.waitForTimeout(300);
  const timing = await page.evaluate(() => ({ loads: window.__loads, shown: window.__shown }));
  const urls = await page.$$eval('#search-page .search-results .result-link', (links) => links.map((link) => link.href));
  const status = await page.textContent('.search-status');
  await page.close();
  const bytes = { page: 0, stylesheet: 0, script: 0, manifest: 0, terms: 0, records: 0, other: 0 };
  const files = [];
  for (const url of requests) {
    const file = siteFile(site, url);
    if (file === null) continue;
    const size = fs.existsSync(path.join(site, file)) ? fs.statSync(path.join(site, file)).size : 0;
    bytes[part(file)] += size;
    files.push(file);
  }
  const lastLoad = Math.max(...timing.loads);
  const firstShownAfter = timing.shown.find((time) => time >= lastLoad);
  return {
    word,
    typed,
    total: Object.values(bytes).reduce((sum, size) => sum + size, 0),
    bytes,
    files,
    results: urls.length,
    urls,
    status,
    afterLastLoad: firstShownAfter === undefined ? null : Math.round(firstShownAfter - lastLoad),
  };
}

/** A headless Chromium context with a fresh profile, as the browser tests use. */
export async function launch() {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'huddle-search-bytes-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

async function main() {
  const args = process.argv.slice(2);
  const typed = args.includes('--typed');
  const [site, ...words] = args.filter((arg) => arg !== '--typed');
  if (!site || !fs.existsSync(path.join(site, 'search', 'index.html'))) {
    console.error('usage: node tests/browser/search-bytes.mjs BUILT_SITE [--typed] [word…]');
    process.exit(2);
  }
  const { context, close } = await launch();
  const figures = [];
  try {
    for (const word of words.length ? words : DEFAULT_WORDS) {
      for (const mode of typed ? [false, true] : [false]) {
        const figure = await measureSearch({ context, site, word, typed: mode });
        figures.push(figure);
        const { files, urls, ...shown } = figure;
        console.log(JSON.stringify({ ...shown, requests: files.length }));
      }
    }
  } finally {
    await close();
  }
  const oneWord = figures.filter((figure) => !figure.typed);
  const largest = oneWord.reduce((worst, figure) => (figure.total > worst.total ? figure : worst));
  console.log(`search: a one-word query loads at most ${(largest.total / 1000).toFixed(1)} kB (${largest.word}); ` +
    `results at most ${Math.max(...oneWord.map((figure) => figure.afterLastLoad ?? Infinity))} ms after the last file`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
