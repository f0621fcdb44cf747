// GPU benchmark in headless Chromium (SwiftShader unless the machine has a GPU Chromium uses), on
// the webgl and the webgpu backend: our Interpolate kernel vs tf.image.resizeBilinear, and our
// gradient vs tf.js's ResizeBilinearGrad. Each row times ours and tf.js's as A/B pairs (one call
// of each, alternating, each awaited with `await t.data()`) after warm-up; the table shows the
// median ms of each side and the ratio of the medians (ours / tf.js).
//   W1  bilinear x2, 1x3x512x512 (ours NCHW and NHWC; tf.js NHWC), alignCorners false / hpc true
//   W4  bilinear x2, 1x64x128x128 (same layouts)
//   G1  gradient of W4 with alignCorners true (tf.js's grad is correct there)
//   W3  bicubic x2, 1x3x512x512 and T1 trilinear x2, 1x16x32x32x32: ours only (absolute ms)
// Then, per backend, the programs compiled when only sizes change: bilinear, bicubic and nearest
// (forward and gradient) run on one set of sizes, then on another; the second set's count is shown.
// Needs `npm run build` (dist/tfjs-interpolate.min.js) and puppeteer-core; CHROME_BIN or
// /usr/bin/chromium. BENCH_REPEATS (default 15) sets the timed pairs; BENCH_BUNDLE another bundle;
// BENCH_BACKENDS (default "webgl,webgpu") the backends.
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');

const root = path.join(__dirname, '..');
const chrome = process.env.CHROME_BIN || '/usr/bin/chromium';
const repeats = Number(process.env.BENCH_REPEATS || 15);
const backends = (process.env.BENCH_BACKENDS || 'webgl,webgpu').split(',');

/** Serves the scripts over http://localhost: WebGPU needs a secure context (not about:blank). */
function serve(files) {
  const server = http.createServer((req, res) => {
    const file = files[req.url];
    if (file == null) {
      res.writeHead(req.url === '/' ? 200 : 404, {'content-type': 'text/html'});
      res.end('<!doctype html><title>bench</title>');
      return;
    }
    res.writeHead(200, {'content-type': 'text/javascript'});
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

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
  const scripts = {
    '/tf.js': require.resolve('@tensorflow/tfjs/dist/tf.min.js'),
    '/tf-webgpu.js': require.resolve('@tensorflow/tfjs-backend-webgpu/dist/tf-backend-webgpu.min.js'),
    '/bundle.js': bundle,
  };
  const server = await serve(scripts);
  const browser = await puppeteer.launch({
    executablePath: chrome,
    headless: true,
    // SwiftShader on a small machine: each backend is one page.evaluate of several minutes.
    protocolTimeout: 60 * 60 * 1000,
    args: ['--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--disable-gpu-sandbox',
           '--enable-unsafe-webgpu'],
  });
  try {
    const page = await browser.newPage();
    page.on('console', (m) => console.log(`[page] ${m.text()}`));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    for (const url of Object.keys(scripts)) await page.addScriptTag({url});
    for (const backend of backends) {
      const result = await page.evaluate(runInPage, backend, repeats);
      console.log(`\n${backend} on ${result.device}; median ms of ${repeats} A/B pairs (after warm-up)`);
      console.log('case                                   ours      tf.js    ratio');
      for (const r of result.rows) {
        const tfMs = r.tf == null ? '—'.padStart(10) : r.tf.toFixed(2).padStart(10);
        const ratio = r.tf == null ? '' : `${(r.ours / r.tf).toFixed(2)}x`;
        console.log(`${r.name.padEnd(36)} ${r.ours.toFixed(2).padStart(8)} ${tfMs}   ${ratio}`);
      }
      console.log(`programs compiled on a size change (bilinear, bicubic, nearest; forward and gradient): ` +
                  `${result.compiledOnSizeChange} (first sizes: ${result.compiledFirst})`);
    }
  } finally {
    await browser.close();
    server.close();
  }
}

/* global tf, tfInterpolate */
async function runInPage(backend, repeats) {
  await tf.setBackend(backend);
  await tf.ready();
  const b = tf.backend();
  let device = backend;
  if (backend === 'webgl') {
    const gl = b.gpgpu.gl;
    const dbg = gl.getExtension('WEBGL_debug_renderer_info');
    device = dbg ? gl.getParameter(dbg.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
  } else if (b.adapterInfo != null) {
    device = [b.adapterInfo.vendor, b.adapterInfo.architecture].filter((s) => s).join(' ') || 'webgpu adapter';
  }
  const programs = () => Object.keys(backend === 'webgl' ? b.binaryCache : b.pipelineCache).length;
  const {interpolate} = tfInterpolate;

  async function once(f) {
    const t0 = performance.now();
    const t = f();
    await t.data();
    const ms = performance.now() - t0;
    t.dispose();
    return ms;
  }
  const median = (xs) => xs.slice().sort((p, q) => p - q)[Math.floor(xs.length / 2)];

  /** Medians of A/B pairs: `fa` and `fb` alternate (`fb` may be null: A only). */
  async function pairs(fa, fb) {
    for (let i = 0; i < 3; i++) {
      await once(fa);
      if (fb) await once(fb);
    }
    const a = [];
    const bs = [];
    for (let i = 0; i < repeats; i++) {
      a.push(await once(fa));
      if (fb) bs.push(await once(fb));
    }
    return {ours: median(a), tf: fb ? median(bs) : null};
  }

  const rows = [];
  const cases = [
    {name: 'W1', n: 1, c: 3, h: 512, w: 512},
    {name: 'W4', n: 1, c: 64, h: 128, w: 128},
  ];
  for (const k of cases) {
    const size = [2 * k.h, 2 * k.w];
    const nhwc = tf.randomUniform([k.n, k.h, k.w, k.c]);
    const nchw = tf.randomUniform([k.n, k.c, k.h, k.w]);
    const tfFwd = () => tf.image.resizeBilinear(nhwc, size, false, true);
    rows.push({name: `${k.name} forward, ours NHWC`,
               ...await pairs(() => interpolate(nhwc, {size, mode: 'bilinear', dataFormat: 'channelsLast'}), tfFwd)});
    rows.push({name: `${k.name} forward, ours NCHW`,
               ...await pairs(() => interpolate(nchw, {size, mode: 'bilinear'}), tfFwd)});
    if (k.name === 'W4') {
      const dyLast = tf.randomUniform([k.n, ...size, k.c]);
      const dyFirst = tf.randomUniform([k.n, k.c, ...size]);
      const tfGrad = () => tf.grad((x) => tf.image.resizeBilinear(x, size, true))(nhwc, dyLast);
      rows.push({name: 'G1 gradient, ours NHWC', ...await pairs(() => tf.grad((x) => interpolate(
          x, {size, mode: 'bilinear', alignCorners: true, dataFormat: 'channelsLast'}))(nhwc, dyLast), tfGrad)});
      rows.push({name: 'G1 gradient, ours NCHW', ...await pairs(
          () => tf.grad((x) => interpolate(x, {size, mode: 'bilinear', alignCorners: true}))(nchw, dyFirst), tfGrad)});
      tf.dispose([dyLast, dyFirst]);
    }
    tf.dispose([nhwc, nchw]);
  }
  const w3 = tf.randomUniform([1, 3, 512, 512]);
  rows.push({name: 'W3 bicubic x2, NCHW', ...await pairs(() => interpolate(w3, {size: [1024, 1024], mode: 'bicubic'}), null)});
  w3.dispose();
  const t1 = tf.randomUniform([1, 16, 32, 32, 32]);
  rows.push({name: 'T1 trilinear x2, NCDHW', ...await pairs(() => interpolate(t1, {size: [64, 64, 64], mode: 'trilinear'}), null)});
  t1.dispose();

  // Programs the kernels compile (counted across their calls only; read-backs are tf.js's).
  async function compiled(spatial, out) {
    let added = 0;
    for (const mode of ['bilinear', 'bicubic', 'nearest']) {
      const x = tf.randomUniform([2, 3, ...spatial]);
      const dy = tf.randomUniform([2, 3, ...out]);
      b.uploadToGPU(x.dataId);
      b.uploadToGPU(dy.dataId);
      const before = programs();
      const y = interpolate(x, {size: out, mode});
      const g = tf.grad((t) => interpolate(t, {size: out, mode}))(x, dy);
      added += programs() - before;
      await y.data();
      await g.data();
      tf.dispose([x, dy, y, g]);
    }
    return added;
  }
  const compiledFirst = await compiled([37, 41], [70, 90]);
  const compiledOnSizeChange = await compiled([23, 19], [50, 31]);
  return {device, rows, compiledFirst, compiledOnSizeChange};
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
