// Pages that hold still while they load: the layout shift Lighthouse
// reports as CLS, measured with a PerformanceObserver for 'layout-shift' on
// the pages a script fills in after the first paint: the search page
// (results, counts per kind) and the story browser (filters, filtered
// results). Over file://, at phone and desktop widths, on the example wiki
// grown by 1,100 generated stories, so counts run to four digits.
//
// The figure asserted is every shift summed (no input comes first), which
// is at least Lighthouse's: it takes the worst burst of shifts.

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { build, copyExampleWiki, fileBase, launch, target, PHONE, DESKTOP } from './support.mjs';

const source = path.join(target, 'browser-layout-source');
const site = path.join(target, 'browser-layout');
const GENERATED = 1100;
const LIMIT = { timeout: 240_000 };

let chromium;

before(async () => {
  copyExampleWiki(source);
  const outcomes = ['won', 'lost', 'open'];
  const reps = ['ingrid-solberg', 'tomas-ferreira', 'priya-nair', 'jonas-becker'];
  for (let n = 1; n <= GENERATED; n++) {
    const day = String(1 + (n % 28)).padStart(2, '0');
    const month = String(1 + (n % 12)).padStart(2, '0');
    fs.writeFileSync(path.join(source, 'content', 'stories', `generated-${n}.md`), `---
title: "Renewal ${n} at Kestrel ${n}"
rep: ${reps[n % reps.length]}
date: 2025-${month}-${day}
outcome: ${outcomes[n % outcomes.length]}
customer: Kestrel ${n}
industry: Logistics
skills: [discovery]
actions: [Asked who signs the renewal]
results: [Renewed for two years]
---
The renewal went through after a discovery call with the operations lead.
`);
  }
  build(site, ['--root', source]);
  chromium = await launch();
});

after(async () => {
  await chromium?.close();
});

/** Opens `relative`, waits until `ready` holds in the page and a second
 * more, and returns the layout shifts seen (value and what moved). */
async function shifts(relative, viewport, ready) {
  const page = await chromium.browser.newPage();
  await page.setViewportSize(viewport);
  await page.addInitScript(() => {
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (entry.hadRecentInput) continue;
        const moved = entry.sources.map((source) => source.node ? `${source.node.nodeName.toLowerCase()}${source.node.className ? '.' + source.node.className : ''}` : '?');
        window.__shifts.push({ value: entry.value, moved });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(fileBase(site) + relative);
  await page.waitForFunction(ready);
  await page.waitForTimeout(1000);
  const seen = await page.evaluate(() => window.__shifts);
  await page.close();
  return seen;
}

const PAGES = [
  ['search/index.html?q=renewal', () => document.querySelectorAll('.search-results .result').length > 0 && /\d/.test(document.querySelector('.kind-filters .count')?.textContent || '')],
  ['search/index.html?q=discovery', () => document.querySelectorAll('.search-results .result').length > 0],
  ['search/index.html', () => document.readyState === 'complete'],
  ['stories/index.html', () => /^All \d+ stories/.test(document.querySelector('.filter-status').textContent)],
  ['stories/index.html?outcome=won', () => /match/.test(document.querySelector('.filter-status').textContent)],
  ['stories/page/3/index.html?outcome=lost&skill=discovery', () => /match/.test(document.querySelector('.filter-status').textContent)],
];

describe('layout shift', LIMIT, () => {
  for (const viewport of [PHONE, DESKTOP]) {
    test(`the search page and the story browser shift less than 0.1 at ${viewport.width}px`, LIMIT, async (context) => {
      const figures = [];
      for (const [relative, ready] of PAGES) {
        const seen = await shifts(relative, viewport, ready);
        const total = seen.reduce((sum, shift) => sum + shift.value, 0);
        figures.push(`${relative}: ${total.toFixed(3)}`);
        const moved = seen.filter((shift) => shift.value > 0.001).map((shift) => `${shift.value.toFixed(3)} (${shift.moved.join(', ')})`);
        assert.ok(total < 0.1, `${relative} at ${viewport.width}px shifts by ${total.toFixed(3)}: ${moved.join('; ')}`);
      }
      context.diagnostic(`CLS at ${viewport.width}px: ${figures.join(', ')}`);
    });
  }

  test('the search page counts every kind in four digits without moving a filter', LIMIT, async () => {
    const page = await chromium.browser.newPage();
    await page.setViewportSize(PHONE);
    await page.goto(fileBase(site) + 'search/index.html?q=renewal');
    await page.waitForFunction(() => /\d{4}/.test(document.querySelector('.kind-filters .count')?.textContent || ''));
    const heights = await page.$$eval('.kind-filters label', (labels) => labels.map((label) => label.getBoundingClientRect().height));
    assert.ok(heights.every((height) => Math.abs(height - heights[0]) < 1), `every filter keeps one line: ${heights}`);
    await page.close();
  });
});
