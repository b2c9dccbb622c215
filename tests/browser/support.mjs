// What the layout and accessibility tests share: where things are, how a
// site is built with the huddle binary, and a headless Chromium to open it.
// (reader.test.mjs has its own copies; these tests write to folders of
// their own under target/, so the files can run in any order.)

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const target = path.join(repository, 'target');
const binary = process.env.HUDDLE_BIN || path.join(target, 'debug', 'huddle');
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

/** `huddle build` with `args`, into `out` (emptied first). */
export function build(out, args = []) {
  fs.rmSync(out, { recursive: true, force: true });
  execFileSync(binary, ['build', '--out', out, ...args], {
    cwd: repository,
    env: { ...process.env, HUDDLE_TODAY: '2026-11-23' },
    stdio: 'pipe',
  });
}

/** A copy of the example wiki at `folder`, to add pages to. */
export function copyExampleWiki(folder) {
  fs.rmSync(folder, { recursive: true, force: true });
  fs.cpSync(path.join(repository, 'content'), path.join(folder, 'content'), { recursive: true });
  fs.copyFileSync(path.join(repository, 'huddle.yaml'), path.join(folder, 'huddle.yaml'));
}

export function fileBase(folder) {
  return pathToFileURL(folder).href + '/';
}

/** Headless Chromium with a fresh profile; `close()` also removes it. */
export async function launch() {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'huddle-chromium-'));
  // Without the background-networking flags Chromium tries to reach its
  // own services, which this machine refuses.
  const browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    viewport: DESKTOP,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** A PNG of `width`×`height` pixels (a colour gradient), made with zlib
 * alone: the tests need a photo larger than the theme shows. */
export function png(width, height) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'ascii');
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // RGB
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      rows[row + 1 + x * 3] = (x * 255) / width;
      rows[row + 2 + x * 3] = (y * 255) / height;
      rows[row + 3 + x * 3] = 140;
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
