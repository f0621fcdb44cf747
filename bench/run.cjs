// Benchmarks the CPU kernels, median milliseconds per call:
//   native  - ours, C++ addon (NCHW)            JS      - ours, TFJS_INTERPOLATE_NATIVE=0 (NCHW)
//   tf cpu  - tf.image.resizeBilinear, cpu      tf wasm - tf.image.resizeBilinear, wasm (XNNPACK)
//   torch   - PyTorch CPU, 2 threads (bench/torch_bench.py under /usr/bin/python3)
//   copy    - memory-copy floor: input + output bytes copied with TypedArray.set
// tf.js columns only exist for bilinear (NHWC, its only layout). G1 is forward + backward
// everywhere. Targets: native <= max(0.5 x torch, 1.5 x copy) on W1-W4, G1 <= 0.5 x torch.
//
// Every column runs in a fresh process of its own (`--column NAME`), as PyTorch does: one column's
// garbage (the JS kernels allocate hundreds of MB) must not leave the V8 heap and the allocator of
// another column's process in a different state. The columns take turns for BENCH_ROUNDS rounds so
// that slow drift of a shared machine spreads over all of them; each round warms each workload up
// for BENCH_WARMUP_MS (at least three calls: outputs freed by the garbage collector, and the
// allocator, reach their steady state), then times BENCH_REPEATS calls. The table shows the median
// of all rounds' samples.
const {execFileSync} = require('child_process');
const path = require('path');

const REPEATS = Number(process.env.BENCH_REPEATS || 9);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS || 250);

const workloads = [
  {id: 'W1', what: 'bilinear x2, 1x3x512x512', shape: [1, 3, 512, 512], size: [1024, 1024], mode: 'bilinear'},
  {id: 'W2', what: 'bilinear x0.5, 1x3x512x512', shape: [1, 3, 512, 512], size: [256, 256], mode: 'bilinear'},
  {id: 'W3', what: 'bicubic x2, 1x3x512x512', shape: [1, 3, 512, 512], size: [1024, 1024], mode: 'bicubic'},
  {id: 'W4', what: 'bilinear x2, 1x64x128x128', shape: [1, 64, 128, 128], size: [256, 256], mode: 'bilinear'},
  {id: 'G1', what: 'grad bilinear x2 (alignCorners), 1x64x128x128', shape: [1, 64, 128, 128], size: [256, 256],
   mode: 'bilinear', alignCorners: true, grad: true},
  {id: 'T1', what: 'trilinear x2, 1x16x32x32x32', shape: [1, 16, 32, 32, 32], size: [64, 64, 64], mode: 'trilinear'},
  {id: 'A1', what: 'area 1x64x128x128 -> 37x37', shape: [1, 64, 128, 128], size: [37, 37], mode: 'area'},
  // One channel takes PyTorch's channels-last kernel (double accumulation), a separate code path.
  {id: 'S1', what: 'bilinear x2, one channel, 1x1x512x512', shape: [1, 1, 512, 512], size: [1024, 1024], mode: 'bilinear'},
];
const TARGETED = new Set(['W1', 'W2', 'W3', 'W4']);
const COLUMNS = ['native', 'js', 'tfCpu', 'tfWasm', 'copy', 'torch'];

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor(s.length / 2)];
}

// ---------------------------------------------------------------------------------------------
// Child process: one column, every workload; prints {samples: {id: ms[]}, note?} as its last line.

function childColumn(column) {
  const tf = require('@tensorflow/tfjs');
  const {interpolate, nativeAddonLoaded} = require('..');

  // Times `fn` (which returns a tensor or tensors, read back and disposed) after the warm-up.
  function samples(fn) {
    const out = [];
    const warmEnd = Date.now() + WARMUP_MS;
    for (let i = 0; out.length < REPEATS; i++) {
      const t0 = process.hrtime.bigint();
      const res = fn();
      if (res != null) for (const t of [].concat(res)) t.dataSync();
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (res != null) tf.dispose(res);
      if (i >= 3 && Date.now() >= warmEnd) out.push(ms);
    }
    return out;
  }

  function timeOurs(w) {
    const [n, c] = w.shape;
    const data = tf.randomUniform(w.shape, -1, 1, 'float32', 7);
    const opts = {size: w.size, mode: w.mode};
    if (w.alignCorners) opts.alignCorners = true;
    let res;
    if (!w.grad) {
      res = samples(() => interpolate(data, opts));
    } else {
      const dy = tf.randomUniform([n, c, ...w.size], -1, 1, 'float32', 8);
      const g = tf.grad((x) => interpolate(x, opts));
      res = samples(() => g(data, dy));
      tf.dispose(dy);
    }
    tf.dispose(data);
    return res;
  }

  // tf.image.resizeBilinear on the current backend (NHWC).
  function timeTf(w) {
    if (w.mode !== 'bilinear') return [];
    const [n, c] = w.shape;
    const last = tf.transpose(tf.randomUniform(w.shape, -1, 1, 'float32', 7), [0, 2, 3, 1]);
    let res;
    if (!w.grad) {
      res = samples(() => tf.image.resizeBilinear(last, w.size, false, true));
    } else {
      const dy = tf.transpose(tf.randomUniform([n, c, ...w.size], -1, 1, 'float32', 8), [0, 2, 3, 1]);
      const g = tf.grad((x) => tf.image.resizeBilinear(x, w.size, true, false));
      res = samples(() => g(last, dy));
      tf.dispose(dy);
    }
    tf.dispose(last);
    return res;
  }

  // The gradient reads dy (output-sized) and writes dx (input-sized): the same bytes.
  function copyFloor(w) {
    const inLen = w.shape.reduce((a, b) => a * b, 1);
    const outLen = w.shape[0] * w.shape[1] * w.size.reduce((a, b) => a * b, 1);
    const a = new Float32Array(inLen).fill(1), a2 = new Float32Array(inLen);
    const b = new Float32Array(outLen).fill(1), b2 = new Float32Array(outLen);
    return samples(() => {
      a2.set(a);
      b2.set(b);
    });
  }

  (async () => {
    let note;
    let timeOne;
    if (column === 'native' || column === 'js') {
      await tf.setBackend('cpu');
      if (column === 'js') {
        process.env.TFJS_INTERPOLATE_NATIVE = '0';
        process.env.TFJS_INTERPOLATE_WASM = '0';
      }
      if (column === 'native' && !nativeAddonLoaded()) {
        note = 'native addon NOT loaded';
        timeOne = () => [];
      } else {
        timeOne = timeOurs;
      }
    } else if (column === 'tfCpu') {
      await tf.setBackend('cpu');
      timeOne = timeTf;
    } else if (column === 'tfWasm') {
      let ok = false;
      try {
        require('@tensorflow/tfjs-backend-wasm');
        ok = await tf.setBackend('wasm');
      } catch (e) {
        note = `tfjs-backend-wasm unavailable (${String(e.message).split('\n')[0]})`;
      }
      timeOne = ok ? timeTf : () => [];
    } else {
      timeOne = copyFloor;
    }
    const out = {};
    for (const w of workloads) out[w.id] = timeOne(w);
    console.log(JSON.stringify({samples: out, note}));
  })();
}

// ---------------------------------------------------------------------------------------------
// Parent: rounds of fresh processes, then the table.

function lastJson(text) {
  return JSON.parse(text.trim().split('\n').pop());
}

function runColumn(column) {
  if (column === 'torch') {
    const input = JSON.stringify(workloads.map((w) => ({
      id: w.id, shape: w.shape, size: w.size, mode: w.mode, alignCorners: !!w.alignCorners, grad: !!w.grad,
      repeats: REPEATS, warmupMs: WARMUP_MS,
    })));
    try {
      const res = lastJson(execFileSync('/usr/bin/python3', [path.join(__dirname, 'torch_bench.py')],
                                        {input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe']}));
      if (res.error != null) return {samples: {}, note: `PyTorch unavailable (${res.error})`};
      return {samples: res.samples, note: `PyTorch ${res.torch} CPU, 2 threads`};
    } catch (e) {
      return {samples: {}, note: `PyTorch unavailable (${String(e.message).split('\n')[0]})`};
    }
  }
  return lastJson(execFileSync(process.execPath, [__filename, '--column', column],
                               {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']}));
}

function parent() {
  const pooled = Object.fromEntries(COLUMNS.map((c) => [c, Object.fromEntries(workloads.map((w) => [w.id, []]))]));
  const notes = new Set();
  for (let r = 0; r < ROUNDS; r++) {
    for (const c of COLUMNS) {
      const res = runColumn(c);
      if (res.note) notes.add(res.note);
      for (const w of workloads) pooled[c][w.id].push(...(res.samples[w.id] ?? []));
    }
  }
  const {version} = require('@tensorflow/tfjs');
  console.log(`tf.js ${version.tfjs}, node ${process.version}; median of ${ROUNDS} rounds x ${REPEATS} calls ` +
              `after ${WARMUP_MS} ms of warm-up, each column in a fresh process per round${notes.size ? '; ' + [...notes].join('; ') : ''}\n`);
  const rows = workloads.map((w) => ({w, ...Object.fromEntries(COLUMNS.map((c) => [c, median(pooled[c][w.id])]))}));

  const num = (v) => (Number.isFinite(v) ? v.toFixed(v < 1 ? 3 : 2) : '-').padStart(9);
  const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) ? (a / b).toFixed(2) : '-').padStart(8);
  console.log(`${'id'.padEnd(4)}${'workload'.padEnd(47)}${['native', 'JS', 'tf cpu', 'tf wasm', 'torch', 'copy']
      .map((s) => s.padStart(9)).join('')}${['n/JS', 'n/tfcpu', 'n/wasm', 'n/torch', 'n/copy'].map((s) => s.padStart(8)).join('')}  target`);
  for (const r of rows) {
    let target = '';
    if (TARGETED.has(r.w.id) || r.w.id === 'G1') {
      const limit = r.w.id === 'G1' ? 0.5 * r.torch : Math.max(0.5 * r.torch, 1.5 * r.copy);
      target = Number.isFinite(limit) ? `${r.native <= limit ? 'met' : 'MISSED'} (<= ${limit.toFixed(3)})` : 'n/a';
    }
    console.log(`${r.w.id.padEnd(4)}${r.w.what.padEnd(47)}${[r.native, r.js, r.tfCpu, r.tfWasm, r.torch, r.copy].map(num).join('')}` +
                `${ratio(r.native, r.js)}${ratio(r.native, r.tfCpu)}${ratio(r.native, r.tfWasm)}${ratio(r.native, r.torch)}` +
                `${ratio(r.native, r.copy)}  ${target}`);
  }
  console.log('\nms per call (lower is better). Targets: native <= max(0.5 x torch, 1.5 x copy) on W1-W4; ' +
              'G1 <= 0.5 x torch forward+backward.');
}

const at = process.argv.indexOf('--column');
if (at >= 0) {
  childColumn(process.argv[at + 1]);
} else {
  parent();
}
