// WebGL benchmark in headless Chromium (SwiftShader unless the machine has a GPU Chromium uses):
// our Interpolate kernel vs tf.image.resizeBilinear, and our gradient vs tf.js's ResizeBilinearGrad.
// Median ms per call (each call awaited with `await t.data()`), after warm-up; ratio = ours / tf.js.
//   W1  bilinear x2, 1x3x512x512 (ours NCHW and NHWC; tf.js NHWC), alignCorners false / hpc true
//   W4  bilinear x2, 1x64x128x128 (same layouts)
//   G4  gradient of W4 with alignCorners true (tf.js's grad is correct there)
// Needs `npm run build` (dist/tfjs-interpolate.min.js) and puppeteer-core; CHROME_BIN or
// /usr/bin/chromium. BENCH_REPEATS (default 15) sets the timed runs; BENCH_BUNDLE another bundle.
'use strict';
const path = require('path');
const fs = require('fs');

const root = path.join(__dirname, '..');
const chrome = process.env.CHROME_BIN || '/usr/bin/chromium';
const repeats = Number(process.env.BENCH_REPEATS || 15);

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
    // SwiftShader on a small machine: the whole run is one page.evaluate of several minutes.
    protocolTimeout: 30 * 60 * 1000,
    args: ['--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--disable-gpu-sandbox'],
  });
  try {
    const page = await browser.newPage();
    page.on('console', (m) => console.log(`[page] ${m.text()}`));
    await page.addScriptTag({path: require.resolve('@tensorflow/tfjs/dist/tf.min.js')});
    await page.addScriptTag({path: bundle});
    const result = await page.evaluate(runInPage, repeats);
    console.log(`device: ${result.renderer}; median ms over ${repeats} runs (after warm-up)`);
    console.log('case                                   ours      tf.js    ratio');
    for (const r of result.rows) {
      console.log(`${r.name.padEnd(36)} ${r.ours.toFixed(2).padStart(8)} ${r.tf.toFixed(2).padStart(10)}   ${(r.ours / r.tf).toFixed(2)}x`);
    }
  } finally {
    await browser.close();
  }
}

/* global tf, tfInterpolate */
async function runInPage(repeats) {
  await tf.setBackend('webgl');
  await tf.ready();
  const gl = tf.backend().gpgpu.gl;
  const dbg = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = dbg ? gl.getParameter(dbg.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
  const {interpolate} = tfInterpolate;

  async function time(f) {
    for (let i = 0; i < 3; i++) {
      const t = f();
      await t.data();
      t.dispose();
    }
    const samples = [];
    for (let i = 0; i < repeats; i++) {
      const t0 = performance.now();
      const t = f();
      await t.data();
      samples.push(performance.now() - t0);
      t.dispose();
    }
    samples.sort((a, b) => a - b);
    return samples[Math.floor(samples.length / 2)];
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
    const tfMs = await time(() => tf.image.resizeBilinear(nhwc, size, false, true));
    const first = await time(() => interpolate(nchw, {size, mode: 'bilinear'}));
    const last = await time(() => interpolate(nhwc, {size, mode: 'bilinear', dataFormat: 'channelsLast'}));
    rows.push({name: `${k.name} forward, ours NCHW`, ours: first, tf: tfMs});
    rows.push({name: `${k.name} forward, ours NHWC`, ours: last, tf: tfMs});
    if (k.name === 'W4') {
      const dyLast = tf.randomUniform([k.n, ...size, k.c]);
      const dyFirst = tf.randomUniform([k.n, k.c, ...size]);
      const tfGrad = await time(() => tf.grad((x) => tf.image.resizeBilinear(x, size, true))(nhwc, dyLast));
      const gFirst = await time(
          () => tf.grad((x) => interpolate(x, {size, mode: 'bilinear', alignCorners: true}))(nchw, dyFirst));
      const gLast = await time(() => tf.grad((x) => interpolate(
          x, {size, mode: 'bilinear', alignCorners: true, dataFormat: 'channelsLast'}))(nhwc, dyLast));
      rows.push({name: 'G4 gradient, ours NCHW', ours: gFirst, tf: tfGrad});
      rows.push({name: 'G4 gradient, ours NHWC', ours: gLast, tf: tfGrad});
      tf.dispose([dyLast, dyFirst]);
    }
    tf.dispose([nhwc, nchw]);
  }
  return {renderer, rows};
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
