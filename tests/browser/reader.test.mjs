// The reader's site in a real browser: headless Chromium (Debian's
// `chromium`) drives the example wiki, built by the huddle binary, once from
// file:// and once over HTTP. It types searches, opens shared links, combines
// story filters over every story of a wiki cut into pages (the example wiki
// again, with four entries a page), follows the pages without JavaScript,
// checks there are no console errors and no request to any other host, and
// leaves screenshots at phone and desktop widths in target/screenshots/ for
// a person to look at.
//
// Run by .ci/run after `cargo test`:  cd tests/browser && npm ci && npm test
// HUDDLE_BIN names the binary to use (default: target/debug/huddle).

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const target = path.join(repository, 'target');
const site = path.join(target, 'browser-site');
// The example wiki with `pagination: 4`: its indexes and terms span pages.
const pagedSource = path.join(target, 'browser-paged-source');
const paged = path.join(target, 'browser-paged');
const PAGE_SIZE = 4;
const screenshots = path.join(target, 'screenshots');
const binary = process.env.HUDDLE_BIN || path.join(target, 'debug', 'huddle');
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';

const PHONE = { width: 375, height: 812 };
// Each group's limit; the whole suite takes about half a minute.
const LIMIT = { timeout: 120_000 };
const DESKTOP = { width: 1280, height: 900 };

let browser;
let server;
let httpRoot;
let userDataDir;

before(async () => {
  fs.rmSync(site, { recursive: true, force: true });
  fs.mkdirSync(screenshots, { recursive: true });
  execFileSync(binary, ['build', '--out', site], {
    cwd: repository,
    env: { ...process.env, HUDDLE_TODAY: '2026-11-23' },
    stdio: 'pipe',
  });
  fs.rmSync(pagedSource, { recursive: true, force: true });
  fs.rmSync(paged, { recursive: true, force: true });
  fs.cpSync(path.join(repository, 'content'), path.join(pagedSource, 'content'), { recursive: true });
  fs.writeFileSync(path.join(pagedSource, 'huddle.yaml'), fs.readFileSync(path.join(repository, 'huddle.yaml'), 'utf8') + `pagination: ${PAGE_SIZE}\n`);
  execFileSync(binary, ['build', '--root', pagedSource, '--out', paged], {
    cwd: repository,
    env: { ...process.env, HUDDLE_TODAY: '2026-11-23' },
    stdio: 'pipe',
  });
  // `/` serves the example wiki, `/paged/` its paginated copy.
  server = http.createServer((request, response) => {
    const url = new URL(request.url, 'http://localhost');
    const wanted = decodeURIComponent(url.pathname);
    const [folder, rest] = wanted.startsWith('/paged/') ? [paged, wanted.slice('/paged'.length)] : [site, wanted];
    const file = path.join(folder, rest);
    if (!file.startsWith(folder) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      response.writeHead(404);
      response.end('not found');
      return;
    }
    const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.xml': 'application/xml', '.png': 'image/png', '.svg': 'image/svg+xml', '.pdf': 'application/pdf' };
    response.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(response);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  httpRoot = `http://127.0.0.1:${server.address().port}/`;
  // A fresh profile each run; without the background-networking flags
  // Chromium tries to reach its own services, which this machine refuses.
  userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'huddle-chromium-'));
  browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    viewport: DESKTOP,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
    ],
  });
});

after(async () => {
  await browser?.close();
  server?.closeAllConnections();
  server?.close();
  if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
});

/** A new tab that records console errors, page errors and every request. */
async function open(base, relative, viewport = DESKTOP) {
  const page = await browser.newPage();
  await page.setViewportSize(viewport);
  const problems = [];
  const requests = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(base + relative);
  page.checkClean = () => {
    assert.deepEqual(problems, [], `no console errors on ${relative}`);
    const own = base.startsWith('file:') ? (url) => url.startsWith('file:') : (url) => url.startsWith(httpRoot);
    const elsewhere = requests.filter((url) => !own(url) && !url.startsWith('data:') && !url.startsWith('about:'));
    assert.deepEqual(elsewhere, [], `no request to another host from ${relative}`);
  };
  return page;
}

async function shoot(page, name) {
  const size = page.viewportSize();
  const file = path.join(screenshots, `${name}-${size.width <= 500 ? 'phone' : 'desktop'}.png`);
  await page.screenshot({ path: file, fullPage: true });
}

/** The stories a built list shows on its pages, read from the files: from
 * `first` (a path from the site root) through each rel="next" link. Each is
 * a path from the root (`stories/big-win/index.html`). */
function listed(root, first) {
  const stories = new Set();
  const pages = [];
  let current = first;
  while (current && pages.length < 1000) {
    pages.push(current);
    const html = fs.readFileSync(path.join(root, current), 'utf8');
    for (const match of html.matchAll(/class="row-title" href="([^"]+)"/g)) stories.add(resolve(current, match[1]));
    const next = /href="([^"]+)" rel="next"/.exec(html);
    current = next && resolve(current, next[1]);
  }
  return { stories, pages };
}

function resolve(from, href) {
  return path.posix.normalize(path.posix.join(path.posix.dirname(from), href));
}

/** The stories the browser shows now: the filtered results when a filter is
 * on, else the page's own list; paths from the site root. */
async function shownStories(page, base) {
  const hrefs = await page.$$eval('[data-story-results]:not([hidden]) > li a.row-title, [data-story-pages]:not([hidden]) .row-title', (links) => links.map((link) => link.href));
  return hrefs.map((href) => decodeURIComponent(href.slice(base.length)));
}

function intersect(...sets) {
  return [...sets[0]].filter((item) => sets.every((set) => set.has(item))).sort();
}

for (const mode of ['file', 'http']) {
  describe(`over ${mode}`, LIMIT, () => {
    const base = () => (mode === 'file' ? pathToFileURL(site).href + '/' : httpRoot);

    test('typing in the header box shows results as you type, title matches first', async () => {
      const page = await open(base(), 'index.html');
      await page.fill('#site-search-q', 'discovery call');
      await page.waitForSelector('#site-search-results:not([hidden]) .result');
      const titles = await page.$$eval('#site-search-results .result-title', (nodes) => nodes.map((node) => node.textContent));
      assert.equal(titles[0], 'Discovery call');
      const kinds = await page.$$eval('#site-search-results .result-kind', (nodes) => nodes.map((node) => node.textContent));
      assert.equal(kinds[0], 'Playbook');
      assert.ok(await page.$('#site-search-results .result-snippet mark'), 'the snippet highlights the match');
      // Keyboard: arrow down reaches the first result, Escape closes the panel.
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.evaluate(() => document.activeElement.className), 'result-link');
      await page.keyboard.press('Escape');
      assert.equal(await page.isHidden('#site-search-results'), true);
      // Enter opens the search page with the query, from any page.
      await page.fill('#site-search-q', 'ride-along');
      await Promise.all([page.waitForNavigation(), page.press('#site-search-q', 'Enter')]);
      assert.match(page.url(), /search\/index\.html\?q=ride-along$/);
      await page.waitForFunction(() => document.querySelectorAll('.search-results .result').length > 0);
      await page.goBack();
      if (mode === 'file') {
        await page.fill('#site-search-q', 'axlebridge');
        await page.waitForSelector('#site-search-results:not([hidden]) .result');
        await shoot(page, 'search-as-you-type');
      }
      page.checkClean();
      await page.close();
    });

    test('a shared ?q= link opens the search page with results, and kind filters narrow them', async () => {
      const page = await open(base(), 'search/index.html?q=axlebridge');
      await page.waitForFunction(() => /result/.test(document.querySelector('.search-status').textContent) && document.querySelectorAll('.search-results .result').length > 0);
      assert.equal(await page.inputValue('#search-page-q'), 'axlebridge');
      const first = await page.textContent('.search-results .result .result-title');
      assert.match(first, /Axlebridge/, 'a title match ranks first');
      await page.check('input[name=kind][value=story]');
      const kinds = await page.$$eval('.search-results .result-kind', (nodes) => [...new Set(nodes.map((node) => node.textContent))]);
      assert.deepEqual(kinds, ['Story']);
      assert.match(page.url(), /[?&]kind=story/);
      assert.match(page.url(), /[?&]q=axlebridge/);
      // Accents do not have to be typed: "tomas" finds Tomás, and marks the name as written.
      await page.check('input[name=kind][value=""]');
      await page.fill('#search-page-q', 'tomas ferreira');
      await page.waitForFunction(() => document.querySelector('.search-results .result-title')?.textContent === 'Tomás Ferreira');
      assert.equal(await page.textContent('.search-results .result-title mark'), 'Tomás');
      await page.fill('#search-page-q', 'zzzz-nothing-matches');
      await page.waitForFunction(() => /No results/.test(document.querySelector('.search-status').textContent));
      page.checkClean();
      await page.close();
    });

    test('story filters reach every story, combine, live in the URL, and a filtered link restores them', async () => {
      const pagedBase = mode === 'file' ? pathToFileURL(paged).href + '/' : httpRoot + 'paged/';
      const everything = listed(paged, 'stories/index.html');
      assert.ok(everything.pages.length > 1, 'the stories index spans pages');
      const page = await open(pagedBase, 'stories/index.html');
      await page.waitForFunction(() => /^All \d+ stories/.test(document.querySelector('.filter-status').textContent));
      assert.match(await page.textContent('.filter-status'), new RegExp(`^All ${everything.stories.size} stories`));
      assert.equal((await shownStories(page, pagedBase)).length, PAGE_SIZE, 'unfiltered, the page shows its own share');
      await page.selectOption('select[data-facet=outcome]', 'won');
      await page.selectOption('select[data-facet=team]', 'enterprise');
      // The expected stories, from the term pages a reader without JavaScript would page through.
      const expected = intersect(listed(paged, 'outcomes/won/index.html').stories, listed(paged, 'teams/enterprise/index.html').stories);
      assert.ok(expected.length > 0 && expected.length < everything.stories.size);
      const firstPage = listed(paged, 'stories/index.html').stories;
      assert.ok(expected.some((story) => ![...firstPage].slice(0, PAGE_SIZE).includes(story)), 'some match lies beyond the first page');
      await page.waitForFunction(() => document.querySelector('[data-story-pages]').hidden);
      let more = await page.$('.filter-more:not([hidden])');
      while (more) {
        await more.click();
        more = await page.$('.filter-more:not([hidden])');
      }
      assert.deepEqual((await shownStories(page, pagedBase)).sort(), expected, 'the filters find every match of the whole set');
      assert.match(await page.textContent('.filter-status'), new RegExp(`^${expected.length} of ${everything.stories.size} stories match`));
      assert.match(page.url(), /outcome=won/);
      assert.match(page.url(), /team=enterprise/);
      // A shared link with three filters, opened on a later page of the index.
      const shared = await open(pagedBase, 'stories/page/2/index.html?outcome=lost&skill=discovery&industry=healthcare');
      await shared.waitForSelector('.filter-status:not(:empty)');
      await shared.waitForFunction(() => !/Loading/.test(document.querySelector('.filter-status').textContent));
      assert.equal(await shared.inputValue('select[data-facet=outcome]'), 'lost');
      assert.equal(await shared.inputValue('select[data-facet=skill]'), 'discovery');
      const lostDiscovery = intersect(listed(paged, 'outcomes/lost/index.html').stories, listed(paged, 'skills/discovery/index.html').stories);
      for (const story of await shownStories(shared, pagedBase)) assert.ok(lostDiscovery.includes(story), `${story} is lost and shows discovery`);
      await shared.click('.filter-clear');
      assert.equal(await shared.isVisible('[data-story-pages]'), true, 'clearing brings the page back');
      assert.equal((await shownStories(shared, pagedBase)).length, PAGE_SIZE);
      assert.equal(await shared.isHidden('.filter-empty'), true);
      assert.match(shared.url(), /stories\/page\/2\/index\.html$/);
      // Names work as well as values (a term page or a hand-written link:
      // `?team=Public Sector`), a rep by name too, and a combination that leaves nothing says so.
      const named = await open(pagedBase, 'stories/index.html?team=Enterprise&outcome=Won');
      await named.waitForFunction(() => /match/.test(document.querySelector('.filter-status').textContent));
      assert.equal(await named.inputValue('select[data-facet=team]'), 'enterprise');
      assert.equal(await named.inputValue('select[data-facet=outcome]'), 'won');
      assert.match(await named.textContent('.filter-status'), new RegExp(`^${expected.length} of`));
      const none = await open(pagedBase, 'stories/index.html?outcome=open&team=mid-market');
      await none.waitForFunction(() => /match/.test(document.querySelector('.filter-status').textContent));
      assert.equal((await shownStories(none, pagedBase)).length, 0);
      assert.match(await none.textContent('.filter-status'), new RegExp(`^0 of ${everything.stories.size} stories match`));
      assert.equal(await none.isVisible('.filter-empty'), true, 'an empty result says so');
      for (const tab of [page, shared, named, none]) {
        tab.checkClean();
        await tab.close();
      }
    });

    test('a rep page links the rest of their stories to the filtered browser', async () => {
      const pagedBase = mode === 'file' ? pathToFileURL(paged).href + '/' : httpRoot + 'paged/';
      const page = await open(pagedBase, 'stories/index.html?rep=tomas-ferreira');
      await page.waitForFunction(() => /match/.test(document.querySelector('.filter-status').textContent));
      const stories = await shownStories(page, pagedBase);
      assert.ok(stories.length >= 2);
      for (const story of stories) {
        const html = fs.readFileSync(path.join(paged, story), 'utf8');
        assert.match(html, /reps\/tomas-ferreira\/index\.html/, `${story} names Tomás`);
      }
      page.checkClean();
      await page.close();
    });

    test('the insight page draws its charts as accessible inline SVG', async () => {
      const page = await open(base(), 'insight/index.html');
      const charts = await page.$$eval('svg.chart', (nodes) => nodes.map((node) => ({
        role: node.getAttribute('role'),
        title: node.querySelector('title')?.textContent,
        width: node.getBoundingClientRect().width,
      })));
      assert.ok(charts.length >= 3);
      for (const chart of charts) {
        assert.equal(chart.role, 'img');
        assert.ok(chart.title);
        assert.ok(chart.width > 100, 'the chart is drawn');
      }
      page.checkClean();
      await page.close();
    });
  });
}

describe('without JavaScript', LIMIT, () => {
  test('every story is a click away through the numbered pages, and the filters stay hidden', async () => {
    const context = await chromium.launch({
      executablePath,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const page = await context.newPage({ javaScriptEnabled: false });
    const base = pathToFileURL(paged).href + '/';
    await page.goto(base + 'stories/index.html');
    assert.equal(await page.isHidden('#story-filters'), true);
    const reached = new Set();
    let pages = 0;
    for (;;) {
      pages += 1;
      for (const href of await page.$$eval('.row-title', (links) => links.map((link) => link.href))) reached.add(decodeURIComponent(href.slice(base.length)));
      const current = await page.$$eval('.pagination [aria-current="page"]', (links) => links.map((link) => link.textContent.replace(/\D/g, '')));
      assert.deepEqual(current, [String(pages)], 'the current page is marked in the page numbers');
      const next = await page.$('.pagination a[rel="next"]');
      if (!next) break;
      await Promise.all([page.waitForNavigation(), next.click()]);
    }
    const built = fs.readdirSync(path.join(paged, 'stories'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== 'page')
      .map((entry) => `stories/${entry.name}/index.html`);
    assert.deepEqual([...reached].sort(), built.sort());
    assert.equal(pages, Math.ceil(built.length / PAGE_SIZE));
    await context.close();
  });
});

describe('screenshots', LIMIT, () => {
  const pages = [
    ['home', 'index.html'],
    ['stories-filtered', 'stories/index.html?outcome=won&team=enterprise'],
    ['story', 'stories/meridian-ports-win-back/index.html'],
    ['playbook', 'playbooks/discovery-call/index.html'],
    ['rep', 'reps/ingrid-solberg/index.html'],
    ['insight', 'insight/index.html'],
    ['search', 'search/index.html?q=discovery'],
    // The paginated copy: numbered pages, and a filter over all of them.
    ['stories-page-2', 'stories/page/2/index.html', paged],
    ['stories-paged-filtered', 'stories/page/2/index.html?outcome=won', paged],
    ['skill-page-2', 'skills/discovery/page/2/index.html', paged],
  ];
  for (const viewport of [PHONE, DESKTOP]) {
    test(`at ${viewport.width}px, with no horizontal scrolling`, async () => {
      for (const [name, relative, root = site] of pages) {
        const page = await open(pathToFileURL(root).href + '/', relative, viewport);
        await page.waitForLoadState('load');
        await page.waitForTimeout(150);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `${relative} scrolls sideways by ${overflow}px at ${viewport.width}px`);
        await shoot(page, name);
        const outline = await page.evaluate(() => ({
          landmarks: ['header', 'nav', 'main', 'footer'].map((tag) => !!document.querySelector(tag)),
          levels: [...document.querySelectorAll('main h1, main h2, main h3, main h4')].map((heading) => Number(heading.tagName[1])),
          unlabelled: [...document.querySelectorAll('input, select')].filter((field) => field.type !== 'hidden' && !field.disabled && !field.labels?.length && !field.getAttribute('aria-label')).length,
        }));
        assert.deepEqual(outline.landmarks, [true, true, true, true], `${relative} has banner, navigation, main and footer`);
        assert.equal(outline.levels.filter((level) => level === 1).length, 1, `${relative} has one h1`);
        outline.levels.forEach((level, index) => {
          if (index > 0) assert.ok(level <= outline.levels[index - 1] + 1, `${relative}: a heading skips from h${outline.levels[index - 1]} to h${level}`);
        });
        assert.equal(outline.unlabelled, 0, `${relative}: every field has a label`);
        // Every section of the main navigation is in sight, none scrolled off the edge.
        const navigation = await page.$$eval('.site-nav a', (links) => links.map((link) => {
          const box = link.getBoundingClientRect();
          return { text: link.textContent, inside: box.left >= 0 && box.right <= document.documentElement.clientWidth && box.height >= 24 };
        }));
        for (const link of navigation) assert.ok(link.inside, `${relative}: the "${link.text}" tab is cut off or too small at ${viewport.width}px`);
        page.checkClean();
        await page.close();
      }
    });
  }

  test('long titles, customer names and URLs wrap instead of scrolling the phone sideways', async () => {
    const long = 'Kühne-Nagel-Logistikdienstleistungsgesellschaftsvertragsverlängerung-https://example.com/a/very/long/path/that/never/breaks';
    for (const [relative, selectors] of [
      ['stories/meridian-ports-win-back/index.html', ['h1', '.lead', '.facts dd', '.actions li', '.prose p', '.card-title a', '.row-title']],
      ['stories/index.html', ['.row-title', '.row-meta']],
      ['index.html', ['.brand', '.card-title a', '.card-facts', '.plain-list a']],
    ]) {
      const page = await open(pathToFileURL(site).href + '/', relative, PHONE);
      const overflow = await page.evaluate(([long, selectors]) => {
        for (const selector of selectors) document.querySelectorAll(selector).forEach((node) => { node.textContent = long; });
        return document.documentElement.scrollWidth - document.documentElement.clientWidth;
      }, [long, selectors]);
      assert.ok(overflow <= 0, `${relative} with long names scrolls sideways by ${overflow}px`);
      await page.close();
    }
  });

  test('dark mode follows the OS', async () => {
    const page = await open(pathToFileURL(site).href + '/', 'index.html', PHONE);
    await page.emulateMedia({ colorScheme: 'dark' });
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(background, 'rgb(20, 24, 28)');
    await shoot(page, 'home-dark');
    await page.close();
  });

  test('a playbook prints as a one-pager without the site around it', async () => {
    const page = await open(pathToFileURL(site).href + '/', 'playbooks/discovery-call/index.html');
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.isHidden('.site-header'), true);
    assert.equal(await page.isHidden('.related'), true);
    const pdf = await page.pdf({ format: 'A4' });
    fs.writeFileSync(path.join(screenshots, 'playbook-print.pdf'), pdf);
    const pageCount = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    assert.equal(pageCount, 1, `the playbook prints on ${pageCount} pages`);
    await page.close();
  });
});
