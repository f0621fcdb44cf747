// Browser benchmark of the CPU-side backends in headless Chromium: this package's WebAssembly module
// on tf.js's wasm backend, and on the cpu backend where the addon is absent, timed in A/B pairs
// (ours, then tf.js's op, alternating) in one page; ratio = ours / tf.js (ratio of medians):
//   W1, W4, G1 (gradient of W4, alignCorners) against tf.js on wasm (XNNPACK); W3 bicubic x2
//   1x512x512x3 and T1 trilinear x2 1x16x32x32x32 in absolute terms; W1, W2 (bilinear x0.5), W4, G1
//   against tf.js on cpu. The GPU backends are in bench/browser.cjs.
// `--node` runs the same rows in this Node process instead (the addon turned off, so the cpu rows
// use the module too).
// Needs `npm run build` (dist/) and puppeteer-core; CHROME_BIN or /usr/bin/chromium.
// BENCH_REPEATS (default 15) sets the timed pairs, BENCH_BUNDLE another bundle, BENCH_SECTIONS
// which backends run (default wasm,cpu).
const path = require('path');
const fs = require('fs');

const root = path.join(__dirname, '..');
const chrome = process.env.CHROME_BIN || '/usr/bin/chromium';
const repeats = Number(process.env.BENCH_REPEATS || 15);
const sections = (process.env.BENCH_SECTIONS || 'wasm,cpu').split(',');

async function main() {
  let puppeteer;
  try {
    puppeteer = require('puppeteer-core');
  } catch {
    console.error('bench:browser needs puppeteer-core: npm install --no-save puppeteer-core');
    process.exit(1);
  }
  const bundle = process.env.BENCH_BUNDLE ? path.resolve(process.env.BENCH_BUNDLE) :
                                            path.join(root, 'dist/tfjs-interpolate.min.js');
  if (!fs.existsSync(bundle)) {
    console.error(`${bundle} is missing: run npm run build`);
    process.exit(1);
  }
  const browser = await puppeteer.launch({
    executablePath: chrome,
    headless: true,
    // A small machine: the whole run is one page.evaluate of several minutes.
    protocolTimeout: 30 * 60 * 1000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  const server = await serveRoot();
  try {
    const origin = `http://127.0.0.1:${server.address().port}`;
    const cpuRows = sections.filter((s) => s === 'wasm' || s === 'cpu');
    if (cpuRows.length > 0) {
      // A fresh page served over HTTP, so tf.js's wasm backend can fetch its binaries.
      const page = await browser.newPage();
      page.on('console', (m) => console.log(`[page] ${m.text()}`));
      await page.goto(`${origin}/package.json`);
      await page.addScriptTag({url: `${origin}/node_modules/@tensorflow/tfjs/dist/tf.min.js`});
      await page.addScriptTag({url: `${origin}/node_modules/@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.min.js`});
      await page.addScriptTag({url: `${origin}/${path.relative(root, bundle)}`});
      await page.evaluate((o) => tf.wasm.setWasmPaths(`${o}/node_modules/@tensorflow/tfjs-backend-wasm/dist/`), origin);
      const rows = await page.evaluate(`(${cpuWasmRows})(tf, tfInterpolate, ${repeats}, ${JSON.stringify(cpuRows)})`);
      console.log(`\nChromium, wasm and cpu backends; A/B pairs, median ms per call over ${repeats} pairs of 4 calls each (after warm-up)`);
      printRows(rows);
    }
  } finally {
    server.close();
    await browser.close();
  }
}

function printRows(rows) {
  console.log('case                                     ours      tf.js    ratio');
  for (const r of rows) {
    const theirs = r.tf == null ? '-' : r.tf.toFixed(2);
    const ratio = r.tf == null ? '' : `${(r.ours / r.tf).toFixed(2)}x`;
    console.log(`${r.name.padEnd(38)} ${r.ours.toFixed(2).padStart(8)} ${theirs.padStart(10)}   ${ratio}`);
  }
}

/** A static file server for the package root on a free local port. */
function serveRoot() {
  const http = require('http');
  const types = {'.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json'};
  const server = http.createServer((req, res) => {
    const file = path.join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (!file.startsWith(root) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, {'content-type': types[path.extname(file)] || 'application/octet-stream'});
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/**
 * The wasm and cpu rows (runs in the page, or in Node with `--node`): each row times ours and
 * tf.js's op in alternating pairs after a warm-up and reports both medians.
 */
async function cpuWasmRows(tf, api, repeats, which) {
  if (!(await api.wasmReady())) throw new Error('the package\'s wasm module did not load');
  const now = () => performance.now();
  const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  // The wasm and cpu backends run an op synchronously: one sample is CALLS calls back to back, with
  // no readback (copying a 16 MB result out would dominate and hide the kernels' difference), over
  // enough time for the page's coarse clock (0.1 ms in Chromium without cross-origin isolation).
  const CALLS = 4;
  async function once(f) {
    await tf.ready();
    const t0 = now();
    for (let i = 0; i < CALLS; i++) f().dispose();
    return (now() - t0) / CALLS;
  }
  async function pair(ours, theirs) {
    for (let i = 0; i < 3; i++) {
      await once(ours);
      if (theirs != null) await once(theirs);
    }
    const a = [], b = [];
    for (let i = 0; i < repeats; i++) {
      a.push(await once(ours));
      if (theirs != null) b.push(await once(theirs));
    }
    return {ours: median(a), tf: theirs == null ? null : median(b)};
  }
  const last = {dataFormat: 'channelsLast'};
  const rows = [];
  for (const backend of which) {
    if (!(await tf.setBackend(backend))) throw new Error(`no ${backend} backend`);
    const cases = [
      {id: 'W1', shape: [1, 512, 512, 3], size: [1024, 1024]},
      ...(backend === 'cpu' ? [{id: 'W2', shape: [1, 512, 512, 3], size: [256, 256]}] : []),
      {id: 'W4', shape: [1, 128, 128, 64], size: [256, 256]},
    ];
    for (const k of cases) {
      const x = tf.randomUniform(k.shape, -1, 1, 'float32', 7);
      const r = await pair(() => api.interpolate(x, {size: k.size, mode: 'bilinear', ...last}),
                           () => tf.image.resizeBilinear(x, k.size, false, true));
      rows.push({name: `${backend} ${k.id} bilinear NHWC [${k.shape}]`, ...r});
      if (k.id === 'W4') {
        const dy = tf.randomUniform([1, ...k.size, k.shape[3]], -1, 1, 'float32', 8);
        const opts = {size: k.size, mode: 'bilinear', alignCorners: true, ...last};
        const g = await pair(() => tf.grad((t) => api.interpolate(t, opts))(x, dy),
                             () => tf.grad((t) => tf.image.resizeBilinear(t, k.size, true))(x, dy));
        rows.push({name: `${backend} G1 gradient of W4, alignCorners`, ...g});
        dy.dispose();
      }
      x.dispose();
    }
    if (backend === 'wasm') {
      const x3 = tf.randomUniform([1, 512, 512, 3], -1, 1, 'float32', 7);
      rows.push({name: 'wasm W3 bicubic x2 NHWC [1,512,512,3]',
                 ...await pair(() => api.interpolate(x3, {size: [1024, 1024], mode: 'bicubic', ...last}))});
      const t1 = tf.randomUniform([1, 16, 32, 32, 32], -1, 1, 'float32', 7);
      rows.push({name: 'wasm T1 trilinear x2 [1,16,32,32,32]',
                 ...await pair(() => api.interpolate(t1, {size: [64, 64, 64], mode: 'trilinear'}))});
      tf.dispose([x3, t1]);
    }
  }
  return rows;
}

async function mainNode() {
  process.env.TFJS_INTERPOLATE_NATIVE = '0';
  const tf = require('@tensorflow/tfjs');
  require('@tensorflow/tfjs-backend-wasm');
  const api = require('..');
  const rows = await cpuWasmRows(tf, api, repeats, sections.filter((s) => s === 'wasm' || s === 'cpu'));
  console.log(`Node ${process.version}, wasm and cpu backends (addon off); A/B pairs, median ms per call over ${repeats} pairs of 4 calls each`);
  printRows(rows);
}

(process.argv.includes('--node') ? mainNode() : main()).catch((e) => {
  console.error(e);
  process.exit(1);
});
