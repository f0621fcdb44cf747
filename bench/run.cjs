// Benchmarks the CPU kernels, one run, median milliseconds per call:
//   native  - ours, C++ addon (NCHW)            JS      - ours, TFJS_INTERPOLATE_NATIVE=0 (NCHW)
//   tf cpu  - tf.image.resizeBilinear, cpu      tf wasm - tf.image.resizeBilinear, wasm (XNNPACK)
//   torch   - PyTorch CPU, 2 threads (bench/torch_bench.py under /usr/bin/python3)
//   copy    - memory-copy floor: input + output bytes copied with TypedArray.set
// tf.js columns only exist for bilinear (NHWC, its only layout). G1 is forward + backward
// everywhere. Targets: native <= max(0.5 x torch, 1.5 x copy) on W1-W4, G1 <= 0.5 x torch.
const {execFileSync} = require('child_process');
const path = require('path');
const tf = require('@tensorflow/tfjs');
const {interpolate, nativeAddonLoaded} = require('..');

const REPEATS = Number(process.env.BENCH_REPEATS || 9);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// Times `fn` (which returns a tensor or tensors, disposed after reading back) and returns the median.
function time(fn) {
  const samples = [];
  for (let i = 0; i < REPEATS + 2; i++) {
    const t0 = process.hrtime.bigint();
    const out = fn();
    for (const t of [].concat(out)) t.dataSync();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    tf.dispose(out);
    if (i >= 2) samples.push(ms);
  }
  return median(samples);
}

function timeRaw(fn) {
  const samples = [];
  for (let i = 0; i < REPEATS + 2; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (i >= 2) samples.push(ms);
  }
  return median(samples);
}

const workloads = [
  {id: 'W1', what: 'bilinear x2, 1x3x512x512', shape: [1, 3, 512, 512], size: [1024, 1024], mode: 'bilinear'},
  {id: 'W2', what: 'bilinear x0.5, 1x3x512x512', shape: [1, 3, 512, 512], size: [256, 256], mode: 'bilinear'},
  {id: 'W3', what: 'bicubic x2, 1x3x512x512', shape: [1, 3, 512, 512], size: [1024, 1024], mode: 'bicubic'},
  {id: 'W4', what: 'bilinear x2, 1x64x128x128', shape: [1, 64, 128, 128], size: [256, 256], mode: 'bilinear'},
  {id: 'G1', what: 'grad bilinear x2 (alignCorners), 1x64x128x128', shape: [1, 64, 128, 128], size: [256, 256],
   mode: 'bilinear', alignCorners: true, grad: true},
  {id: 'T1', what: 'trilinear x2, 1x16x32x32x32', shape: [1, 16, 32, 32, 32], size: [64, 64, 64], mode: 'trilinear'},
  {id: 'A1', what: 'area 1x64x128x128 -> 37x37', shape: [1, 64, 128, 128], size: [37, 37], mode: 'area'},
];
const TARGETED = new Set(['W1', 'W2', 'W3', 'W4']);

function torchTimes() {
  const input = JSON.stringify(workloads.map((w) => ({
    id: w.id, shape: w.shape, size: w.size, mode: w.mode, alignCorners: !!w.alignCorners, grad: !!w.grad,
    repeats: REPEATS,
  })));
  try {
    const out = execFileSync('/usr/bin/python3', [path.join(__dirname, 'torch_bench.py')],
                             {input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe']});
    const res = JSON.parse(out.trim().split('\n').pop());
    if (res.error != null) return {note: `PyTorch unavailable (${res.error})`, ms: {}};
    return {note: `PyTorch ${res.torch} CPU, 2 threads`, ms: res.ms};
  } catch (e) {
    return {note: `PyTorch unavailable (${String(e.message).split('\n')[0]})`, ms: {}};
  }
}

function setNative(on) {
  if (on) delete process.env.TFJS_INTERPOLATE_NATIVE;
  else process.env.TFJS_INTERPOLATE_NATIVE = '0';
}

function toNhwc(t) {
  return tf.transpose(t, [0, 2, 3, 1]);
}

async function timeOurs(w) {
  const [n, c] = w.shape;
  const data = tf.randomUniform(w.shape, -1, 1, 'float32', 7);
  const opts = {size: w.size, mode: w.mode};
  if (w.alignCorners) opts.alignCorners = true;
  const res = {};
  for (const [col, on] of [['native', true], ['js', false]]) {
    setNative(on);
    if (on && !nativeAddonLoaded()) {
      res[col] = NaN;
      continue;
    }
    if (!w.grad) {
      res[col] = time(() => interpolate(data, opts));
    } else {
      const dy = tf.randomUniform([n, c, ...w.size], -1, 1, 'float32', 8);
      const g = tf.grad((x) => interpolate(x, opts));
      res[col] = time(() => g(data, dy));
      tf.dispose(dy);
    }
  }
  setNative(true);
  tf.dispose(data);
  return res;
}

// tf.image.resizeBilinear on the current backend (NHWC).
function timeTf(w) {
  if (w.mode !== 'bilinear') return NaN;
  const [n, c] = w.shape;
  const data = tf.randomUniform(w.shape, -1, 1, 'float32', 7);
  const last = toNhwc(data);
  let ms;
  if (!w.grad) {
    ms = time(() => tf.image.resizeBilinear(last, w.size, false, true));
  } else {
    const dy = toNhwc(tf.randomUniform([n, c, ...w.size], -1, 1, 'float32', 8));
    const g = tf.grad((x) => tf.image.resizeBilinear(x, w.size, true, false));
    ms = time(() => g(last, dy));
    tf.dispose(dy);
  }
  tf.dispose([data, last]);
  return ms;
}

function copyFloor(w) {
  const inLen = w.shape.reduce((a, b) => a * b, 1);
  const outLen = w.shape[0] * w.shape[1] * w.size.reduce((a, b) => a * b, 1);
  const a = new Float32Array(inLen).fill(1), a2 = new Float32Array(inLen);
  const b = new Float32Array(outLen).fill(1), b2 = new Float32Array(outLen);
  // The gradient reads dy (output-sized) and writes dx (input-sized): the same bytes.
  return timeRaw(() => {
    a2.set(a);
    b2.set(b);
  });
}

(async () => {
  await tf.setBackend('cpu');
  const torch = torchTimes();
  console.log(`tf.js ${tf.version.tfjs}, node ${process.version}, median of ${REPEATS} runs; ` +
              `native addon ${nativeAddonLoaded() ? 'loaded' : 'NOT loaded'}; ${torch.note}\n`);
  const rows = [];
  for (const w of workloads) {
    rows.push({w, ...(await timeOurs(w)), tfCpu: timeTf(w), copy: copyFloor(w), torch: torch.ms[w.id] ?? NaN});
  }
  let wasm = false;
  try {
    require('@tensorflow/tfjs-backend-wasm');
    wasm = await tf.setBackend('wasm');
  } catch (e) {
    console.log(`tfjs-backend-wasm unavailable (${String(e.message).split('\n')[0]})`);
  }
  for (const r of rows) r.tfWasm = wasm ? timeTf(r.w) : NaN;
  await tf.setBackend('cpu');

  const num = (v) => (Number.isFinite(v) ? v.toFixed(2) : '-').padStart(9);
  const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) ? (a / b).toFixed(2) : '-').padStart(8);
  console.log(`${'id'.padEnd(4)}${'workload'.padEnd(47)}${['native', 'JS', 'tf cpu', 'tf wasm', 'torch', 'copy']
      .map((s) => s.padStart(9)).join('')}${['n/JS', 'n/tfcpu', 'n/wasm', 'n/torch', 'n/copy'].map((s) => s.padStart(8)).join('')}  target`);
  for (const r of rows) {
    let target = '';
    if (TARGETED.has(r.w.id)) {
      const limit = Math.max(0.5 * r.torch, 1.5 * r.copy);
      target = `${r.native <= limit ? 'met' : 'MISSED'} (<= ${limit.toFixed(2)})`;
    } else if (r.w.id === 'G1') {
      const limit = 0.5 * r.torch;
      target = `${r.native <= limit ? 'met' : 'MISSED'} (<= ${limit.toFixed(2)})`;
    }
    console.log(`${r.w.id.padEnd(4)}${r.w.what.padEnd(47)}${[r.native, r.js, r.tfCpu, r.tfWasm, r.torch, r.copy].map(num).join('')}` +
                `${ratio(r.native, r.js)}${ratio(r.native, r.tfCpu)}${ratio(r.native, r.tfWasm)}${ratio(r.native, r.torch)}` +
                `${ratio(r.native, r.copy)}  ${target}`);
  }
  console.log('\nms per call (lower is better). Targets: native <= max(0.5 x torch, 1.5 x copy) on W1-W4; ' +
              'G1 <= 0.5 x torch forward+backward.');
})();
