// Benchmarks the CPU kernels against tf.js's own resize ops on the `cpu` backend, same data, one run.
// Prints median milliseconds and the ratio ours / tf.js (lower is better).
const tf = require('@tensorflow/tfjs');
const {interpolate} = require('..');

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

function nhwc(shape) {
  return [shape[0], shape[2], shape[3], shape[1]];
}

const workloads = [
  {id: 'W1', what: 'bilinear x2, 1x3x512x512', shape: [1, 3, 512, 512], scale: 2},
  {id: 'W2', what: 'bilinear x0.5, 1x3x512x512', shape: [1, 3, 512, 512], scale: 0.5},
  {id: 'W4', what: 'bilinear x2, 1x64x128x128', shape: [1, 64, 128, 128], scale: 2},
  {id: 'G1', what: 'gradient of bilinear x2 (alignCorners), 1x64x128x128', shape: [1, 64, 128, 128], scale: 2,
   grad: true},
];

(async () => {
  await tf.setBackend('cpu');
  console.log(`tf.js ${tf.version.tfjs} cpu backend, node ${process.version}, median of ${REPEATS} runs\n`);
  const rows = [];
  for (const w of workloads) {
    const [n, c, h, wd] = w.shape;
    const size = [Math.floor(h * w.scale), Math.floor(wd * w.scale)];
    const data = tf.randomUniform(w.shape, -1, 1, 'float32', 7);
    const first = data;
    const last = tf.transpose(data, [0, 2, 3, 1]);
    const alignCorners = !!w.grad;
    const opts = {size, mode: 'bilinear', alignCorners};
    let ours, oursLast, theirs;
    if (!w.grad) {
      ours = time(() => interpolate(first, opts));
      oursLast = time(() => interpolate(last, {...opts, dataFormat: 'channelsLast'}));
      theirs = time(() => tf.image.resizeBilinear(last, size, false, true));
    } else {
      const dyFirst = tf.randomUniform([n, c, ...size], -1, 1, 'float32', 8);
      const dyLast = tf.transpose(dyFirst, [0, 2, 3, 1]);
      const g = tf.grad((x) => interpolate(x, opts));
      const gLast = tf.grad((x) => interpolate(x, {...opts, dataFormat: 'channelsLast'}));
      const gTf = tf.grad((x) => tf.image.resizeBilinear(x, size, true, false));
      ours = time(() => g(first, dyFirst));
      oursLast = time(() => gLast(last, dyLast));
      theirs = time(() => gTf(last, dyLast));
      tf.dispose([dyFirst, dyLast]);
    }
    tf.dispose([data, last]);
    rows.push({id: w.id, what: w.what, ours, oursLast, theirs});
  }
  const pad = (s, n) => String(s).padEnd(n);
  const num = (v) => v.toFixed(2).padStart(9);
  console.log(`${pad('', 4)}${pad('workload', 56)}${'ours NCHW'.padStart(10)}${'ours NHWC'.padStart(10)}` +
              `${'tf.js'.padStart(10)}${'ratio'.padStart(8)}${'ratio NHWC'.padStart(12)}`);
  for (const r of rows) {
    console.log(`${pad(r.id, 4)}${pad(r.what, 56)}${num(r.ours)} ${num(r.oursLast)} ${num(r.theirs)}` +
                `${(r.ours / r.theirs).toFixed(2).padStart(8)}${(r.oursLast / r.theirs).toFixed(2).padStart(12)}`);
  }
  console.log('\nms per call; ratio = ours / tf.js (target <= 0.5 on W1, W4 and G1).');
})();
