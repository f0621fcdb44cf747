#!/usr/bin/env node
// Page test for the demo (examples/web): serves it, opens it in headless Chromium, clicks through
// every backend the page offers and every mode (plus alignCorners, antialias, an upsample with a
// magnified view), and fails on any page error, console error, failed request, blank canvas,
// tensor leak, or a result that disagrees with tf.image where tf.js has the same resize. Saves a
// screenshot to examples/output/demo.png.
//
// Usage: node test/demo_page.cjs   (after npm run build; Chromium from CHROME_BIN or /usr/bin/chromium)
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const puppeteer = require('puppeteer-core');
const {startDemoServer} = require('../scripts/serve_demo.cjs');

const SCREENSHOT = path.join(__dirname, '..', 'examples', 'output', 'demo.png');
const OVERALL_TIMEOUT_MS = 300000;
// tf.image's resizes against ours where both exist: same sampling, float rounding apart.
const COUNTERPART_TOLERANCE = 0.02;
const REQUIRED_BACKENDS = ['webgl', 'cpu'];   // have Interpolate kernels in every build

const failures = [];
const fail = (message) => {
  failures.push(message);
  console.error(`  FAIL ${message}`);
};

/** Pixel statistics of the page's visible canvases, by figure id. */
function canvasStats() {
  const out = {};
  for (const fig of document.querySelectorAll('.views figure')) {
    const c = fig.querySelector('canvas');
    const placeholder = fig.querySelector('.placeholder');
    const covered = placeholder != null && getComputedStyle(placeholder).display !== 'none';
    if (c.style.visibility === 'hidden' || covered) {
      out[fig.id] = {hidden: true, covered};
      continue;
    }
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let opaque = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] === 0) continue;
      opaque++;
      const v = d[i] + d[i + 1] + d[i + 2];
      if (v < min) min = v;
      if (v > max) max = v;
    }
    out[fig.id] = {opaque, range: opaque ? max - min : 0};
  }
  return out;
}

async function main() {
  const {server, url} = await startDemoServer(0);
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROME_BIN || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--enable-unsafe-webgpu',
           '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const timer = setTimeout(() => {
    console.error(`demo page test: no result after ${OVERALL_TIMEOUT_MS / 1000} s`);
    process.exit(1);
  }, OVERALL_TIMEOUT_MS);
  try {
    const page = await browser.newPage();
    await page.setViewport({width: 1440, height: 1040});
    page.on('pageerror', (e) => fail(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') fail(`console error: ${m.text()}`);
    });
    page.on('requestfailed', (r) => fail(`request failed: ${r.url()} (${r.failure()?.errorText})`));
    page.on('response', (r) => {
      if (r.status() >= 400) fail(`HTTP ${r.status()}: ${r.url()}`);
    });

    const t0 = Date.now();
    // A shorter timing loop than the page's default: the test checks the page, not the speed.
    await page.goto(`${url}?timeBudgetMs=20`, {waitUntil: 'load'});
    await page.evaluate(() => window.demo.ready);
    if (process.env.DEMO_TEST_VERBOSE) console.log(`    page ready: ${Date.now() - t0} ms`);
    const {backends, modes, unavailable} = await page.evaluate(() => ({
      backends: window.demo.backends, modes: window.demo.modes, unavailable: window.demo.unavailable,
    }));
    console.log(`demo page at ${url}: backends ${backends.join(', ')}` +
                (unavailable.length ? `; not offered: ${unavailable.map(([b, why]) => `${b} (${why})`).join(', ')}` : ''));
    for (const b of REQUIRED_BACKENDS) if (!backends.includes(b)) fail(`backend ${b} is not offered`);

    let baseTensors = null;
    let renders = 0;
    /** Clicks `selector`, waits for the page to finish, checks what it shows. */
    const step = async (label, selector, expect = {}) => {
      const t0 = Date.now();
      await page.click(selector);
      await page.evaluate(() => window.demo.idle());
      renders++;
      const {last, errors} = await page.evaluate(() => ({last: window.demo.last, errors: window.demo.errors}));
      if (errors.length) fail(`${label}: page reported ${errors.join('; ')}`);
      for (const [k, v] of Object.entries(expect)) {
        if (last[k] !== v) fail(`${label}: expected ${k} ${v}, page shows ${last[k]}`);
      }
      const stats = await page.evaluate(canvasStats);
      const shown = ['view-source', 'view-ours', ...(last.counterpart ? ['view-tf', 'view-diff'] : [])];
      for (const id of shown) {
        const s = stats[id];
        if (s == null || s.hidden || s.opaque === 0 || s.range < 10) fail(`${label}: ${id} is blank (${JSON.stringify(s)})`);
      }
      if (!last.counterpart && !stats['view-tf'].hidden) fail(`${label}: tf.image panel shows a picture for ${last.mode}`);
      baseTensors ??= last.numTensors;
      if (last.numTensors !== baseTensors) fail(`${label}: ${last.numTensors} tensors alive, ${baseTensors} after the first run`);
      if (process.env.DEMO_TEST_VERBOSE) console.log(`    ${label}: ${Date.now() - t0} ms`);
      return last;
    };

    const btn = (group, value) => `#${group} button[data-value="${value}"]`;
    // Bicubic last, so the alignCorners and upsampling steps after the loop run it.
    const order = [...modes.filter((m) => m !== 'bicubic'), 'bicubic'];
    for (const backend of backends) {
      // The start state: bilinear x1/4 with antialias, which tf.image cannot do: they must differ.
      const aa = await step(`${backend}`, btn('backend', backend), {backend, mode: 'bilinear'});
      if (!(aa.maxDiff > 0.05)) fail(`${backend} bilinear antialias: ours equals tf.image's (max |d| ${aa.maxDiff})`);
      await step(`${backend} antialias off`, '#antialias');
      for (const mode of order) {
        const last = await step(`${backend} ${mode}`, btn('mode', mode), {backend, mode});
        if (last.counterpart && !(last.maxDiff <= COUNTERPART_TOLERANCE)) {
          fail(`${backend} ${mode}: max |ours - ${last.counterpart}| ${last.maxDiff} > ${COUNTERPART_TOLERANCE}`);
        }
        console.log(`  ${backend.padEnd(6)} ${mode.padEnd(13)} -> [${last.outputShape}] ` +
                    `${last.counterpart ? `max |d| vs ${last.counterpart} ${last.maxDiff.toExponential(1)}, ` : ''}` +
                    `${last.msOurs.toFixed(2)} ms/call` + (last.msTheirs != null ? ` (tf.image ${last.msTheirs.toFixed(2)})` : ''));
      }
      await step(`${backend} bicubic alignCorners`, '#align-corners', {mode: 'bicubic'});
      // Upsampling the zone plate (smaller than the photo) in the magnified view.
      await page.click(btn('zoom', 4));
      await page.click(btn('image', 'zoneplate'));
      await step(`${backend} zone plate bicubic x1.5 alignCorners`, btn('scale', 1.5), {image: 'zoneplate'});
      // Back to the start state for the next backend.
      await page.click('#align-corners');
      await page.click(btn('zoom', 'fit'));
      await page.click(btn('image', 'photo'));
      await page.click(btn('scale', 0.25));
      await page.click(btn('mode', 'bilinear'));
      await page.click('#antialias');
      await page.evaluate(() => window.demo.idle());
    }

    // An explicit output size, typed in (on the last backend; the field commits on change).
    const typeInto = async (selector, text) => {
      await page.click(selector, {clickCount: 3});
      await page.keyboard.type(text);
      await page.keyboard.press('Tab');
      await page.evaluate(() => window.demo.idle());
    };
    await typeInto('#size-h', '50');
    await typeInto('#size-w', '70');
    const sized = await step('size 50 x 70', btn('mode', 'area'), {mode: 'area'});
    if (sized.outputShape.join() !== '1,50,70,3') fail(`size 50 x 70: output shape [${sized.outputShape}]`);
    await page.click(btn('mode', 'bilinear'));
    await page.click(btn('scale', 0.25));

    // The screenshot: bilinear x1/4 with antialias on the preferred backend.
    const show = backends.includes('webgl') ? 'webgl' : backends[0];
    await step('screenshot state', btn('backend', show), {backend: show, mode: 'bilinear'});
    fs.mkdirSync(path.dirname(SCREENSHOT), {recursive: true});
    await page.screenshot({path: SCREENSHOT, fullPage: true});
    console.log(`demo page: ${renders} runs on ${backends.length} backends x ${modes.length} modes, ` +
                `${failures.length} failures; screenshot ${path.relative(process.cwd(), SCREENSHOT)}`);
  } finally {
    clearTimeout(timer);
    await browser.close();
    server.close();
  }
  if (failures.length) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
