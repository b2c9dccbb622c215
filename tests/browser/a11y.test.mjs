// Accessible at every size: axe-core over every kind of page huddle writes,
// at phone (390 px) and desktop (1280 px) widths, must find nothing; and
// what scrolls sideways on a phone is a named region a keyboard can reach,
// with a hint that it scrolls, and the skills matrix keeps its labels
// readable.
//
// Sites: the example wiki (a rep given a photo), and the team case of the
// reference tests (tests/cases/team) for meetings and roles, built once as
// published and once --private for observations, plans and coaching.

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { build, copyExampleWiki, fileBase, launch, png, repository, target, PHONE, DESKTOP } from './support.mjs';

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const wikiSource = path.join(target, 'browser-a11y-source');
const wiki = path.join(target, 'browser-a11y');
const teamSource = path.join(target, 'browser-a11y-team-source');
const team = path.join(target, 'browser-a11y-team');
const teamPrivate = path.join(target, 'browser-a11y-private');
const LIMIT = { timeout: 300_000 };

/** [what, site, page, condition to wait for] */
const PAGES = [
  ['home', () => wiki, 'index.html'],
  ['playbook (tables, task list)', () => wiki, 'playbooks/discovery-call/index.html'],
  ['page with code', () => wiki, 'guides/email-templates/index.html'],
  ['page with an image', () => wiki, 'about/index.html'],
  ['story', () => wiki, 'stories/meridian-ports-win-back/index.html'],
  ['rep with a photo', () => wiki, 'reps/ingrid-solberg/index.html'],
  ['term', () => wiki, 'skills/discovery/index.html'],
  ['taxonomy index', () => wiki, 'skills/index.html'],
  ['playbooks index', () => wiki, 'playbooks/index.html'],
  ['stories index', () => wiki, 'stories/index.html', () => /^All \d+ stories/.test(document.querySelector('.filter-status').textContent)],
  ['stories filtered', () => wiki, 'stories/index.html?outcome=won', () => /match/.test(document.querySelector('.filter-status').textContent)],
  ['reps index', () => wiki, 'reps/index.html'],
  ['search with results', () => wiki, 'search/index.html?q=discovery', () => document.querySelectorAll('.search-results .result').length > 0],
  ['insight', () => wiki, 'insight/index.html'],
  ['404', () => wiki, '404.html'],
  ['meeting', () => team, 'meetings/pipeline-clinic/index.html'],
  ['meetings index', () => team, 'meetings/index.html'],
  ['role', () => team, 'roles/account-executive/index.html'],
  ['roles index', () => team, 'roles/index.html'],
  ['private: observation', () => teamPrivate, 'observations/2026-11-12-bo-rep/index.html'],
  ['private: observations index', () => teamPrivate, 'observations/index.html'],
  ['private: plan', () => teamPrivate, 'plans/cy-rep-2026-h2/index.html'],
  ['private: plans index', () => teamPrivate, 'plans/index.html'],
  ['private: coaching', () => teamPrivate, 'coaching/index.html'],
  ['private: rep', () => teamPrivate, 'reps/bo-rep/index.html'],
];

let chromium;

before(async () => {
  copyExampleWiki(wikiSource);
  // A photo larger than the theme shows, so the rep page has the resized
  // copy linked to the original.
  fs.writeFileSync(path.join(wikiSource, 'content/reps/ingrid.png'), png(480, 360));
  const rep = path.join(wikiSource, 'content/reps/ingrid-solberg.md');
  fs.writeFileSync(rep, fs.readFileSync(rep, 'utf8').replace('\nname: Ingrid Solberg\n', '\nname: Ingrid Solberg\nphoto: ingrid.png\n'));
  build(wiki, ['--root', wikiSource]);
  // The case's own folder stays as it is: the build runs on a copy.
  fs.rmSync(teamSource, { recursive: true, force: true });
  fs.cpSync(path.join(repository, 'tests/cases/team/site'), teamSource, { recursive: true });
  build(team, ['--root', teamSource]);
  build(teamPrivate, ['--root', teamSource, '--private']);
  chromium = await launch();
});

after(async () => {
  await chromium?.close();
});

async function open(site, relative, viewport, ready) {
  const page = await chromium.browser.newPage();
  await page.setViewportSize(viewport);
  await page.goto(fileBase(site) + relative);
  if (ready) await page.waitForFunction(ready);
  await page.waitForLoadState('load');
  return page;
}

/** axe's violations on the page, with every <details> opened first so the
 * tables behind "Show the numbers" are checked too. */
async function violations(page) {
  await page.evaluate(() => document.querySelectorAll('details').forEach((details) => { details.open = true; }));
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((violation) => `${violation.id} (${violation.impact}): ${violation.help}\n${violation.nodes.slice(0, 5).map((node) => `    ${node.target.join(' ')}: ${node.failureSummary.replace(/\s+/g, ' ')}`).join('\n')}`);
}

describe('axe-core', LIMIT, () => {
  for (const viewport of [PHONE, DESKTOP]) {
    test(`finds nothing on any kind of page at ${viewport.width}px`, LIMIT, async (context) => {
      const found = [];
      for (const [what, site, relative, ready] of PAGES) {
        const page = await open(site(), relative, viewport, ready);
        for (const violation of await violations(page)) found.push(`${what} (${relative}): ${violation}`);
        await page.close();
      }
      context.diagnostic(`axe-core ${JSON.parse(fs.readFileSync(path.join(path.dirname(createRequire(import.meta.url).resolve('axe-core/axe.min.js')), 'package.json'), 'utf8')).version}: ${PAGES.length} pages at ${viewport.width}px, ${found.length} violations`);
      assert.deepEqual(found, [], `axe-core at ${viewport.width}px:\n${found.join('\n')}`);
    });
  }
});

describe('on a phone', LIMIT, () => {
  test('whatever scrolls sideways is a named region a keyboard reaches, with a visible hint', LIMIT, async () => {
    const checked = [];
    for (const [what, site, relative, ready] of PAGES) {
      const page = await open(site(), relative, PHONE, ready);
      await page.evaluate(() => document.querySelectorAll('details').forEach((details) => { details.open = true; }));
      const scrolling = await page.$$eval('main *', (nodes) => nodes
        .filter((node) => {
          const style = getComputedStyle(node);
          return node.scrollWidth > node.clientWidth + 1 && ['auto', 'scroll'].includes(style.overflowX);
        })
        .map((node) => ({
          tag: node.tagName.toLowerCase() + (node.className ? '.' + String(node.className).split(' ')[0] : ''),
          role: node.getAttribute('role'),
          label: node.getAttribute('aria-label'),
          tabindex: node.tabIndex,
          hint: getComputedStyle(node).backgroundImage.includes('gradient'),
        })));
      for (const region of scrolling) {
        const where = `${what} (${relative}): ${region.tag}`;
        assert.equal(region.role, 'region', `${where} is a region`);
        assert.ok(region.label, `${where} has a name`);
        assert.equal(region.tabindex, 0, `${where} takes focus`);
        assert.ok(region.hint, `${where} shows that it scrolls`);
        checked.push(where);
      }
      await page.close();
    }
    // The phone really has something to scroll: a wide table, code, the matrix.
    for (const expected of ['about/index', 'email-templates', 'insight']) {
      assert.ok(checked.some((where) => where.includes(expected)), `something scrolls on ${expected}: ${checked.join(', ')}`);
    }
  });

  test('a task list reads each checkbox with its state and text', LIMIT, async () => {
    const page = await open(wiki, 'playbooks/discovery-call/index.html', PHONE);
    const boxes = await page.$$eval('main input[type=checkbox]', (inputs) => inputs.map((input) => ({ label: input.getAttribute('aria-label'), text: input.parentElement.textContent.trim() })));
    assert.ok(boxes.length > 0);
    for (const box of boxes) {
      assert.match(box.label, /^(done|to do)$/);
      assert.ok(box.text.length > 0);
    }
    await page.close();
  });

  test('the skills matrix keeps its rotated labels at 12 px or more', LIMIT, async () => {
    const page = await open(wiki, 'insight/index.html', PHONE);
    const sizes = await page.$$eval('svg.chart-matrix text.skill', (labels) => labels.map((label) => {
      const matrix = label.getScreenCTM();
      return parseFloat(getComputedStyle(label).fontSize) * Math.hypot(matrix.a, matrix.b);
    }));
    assert.ok(sizes.length > 0, 'the matrix has skill labels');
    for (const size of sizes) assert.ok(size >= 12, `a skill label is drawn at ${size.toFixed(1)} px`);
    await page.close();
  });

  test('a rep photo is the resized copy, shown at the theme size, linked to the original', LIMIT, async () => {
    const page = await open(wiki, 'reps/ingrid-solberg/index.html', PHONE);
    const photo = await page.$eval('.photo-link img.photo', (image) => ({
      src: image.getAttribute('src'),
      natural: [image.naturalWidth, image.naturalHeight],
      shown: [image.getBoundingClientRect().width, image.getBoundingClientRect().height],
      link: image.parentElement.getAttribute('href'),
    }));
    assert.match(photo.src, /ingrid\.192px\.png$/);
    assert.deepEqual(photo.natural, [192, 192]);
    assert.deepEqual(photo.shown, [96, 96]);
    assert.match(photo.link, /reps\/ingrid\.png$/);
    await page.close();
  });
});
