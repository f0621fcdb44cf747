// Prints, per mode, the worst relative error against the PyTorch fixtures (forward and input
// gradient, both layouts) and how many outputs are bit-identical. Usage: npm run parity
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');
const {interpolate} = require('..');

const golden = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'test', 'golden', 'forward.json'), 'utf8'));
const decode = (b64) => new Float32Array(new Uint8Array(Buffer.from(b64, 'base64')).buffer);
const seed = (n) => Float32Array.from({length: n}, (_, i) => ((i * 37 + 11) % 64 - 32) / 16);

function toLast(data, shape) {
  const [n, c] = shape;
  const s = shape.slice(2).reduce((a, b) => a * b, 1);
  const out = new Float32Array(data.length);
  for (let b = 0; b < n; b++) for (let ch = 0; ch < c; ch++) for (let i = 0; i < s; i++) out[(b * s + i) * c + ch] = data[(b * c + ch) * s + i];
  return out;
}
const lastShape = (s) => [s[0], ...s.slice(2), s[1]];

function compare(stats, key, got, want) {
  let scale = 0, worst = 0, exact = 0;
  for (let i = 0; i < want.length; i++) {
    scale = Math.max(scale, Math.abs(want[i]));
    const d = Math.abs(got[i] - want[i]);
    worst = Math.max(worst, d);
    if (Object.is(got[i], want[i]) || (got[i] === 0 && want[i] === 0)) exact++;
  }
  const s = stats[key] ??= {cases: 0, values: 0, exact: 0, worst: 0};
  s.cases++;
  s.values += want.length;
  s.exact += exact;
  s.worst = Math.max(s.worst, worst / (scale || 1));
}

(async () => {
  await tf.setBackend(process.env.PARITY_BACKEND || 'cpu');
  const fwd = {}, grad = {};
  for (const c of golden.cases) {
    const o = c.options;
    const key = `${o.mode ?? 'nearest'}${o.antialias ? '+antialias' : ''}`;
    for (const last of [false, true]) {
      const x = decode(c.input), y = decode(c.output);
      const xs = last ? lastShape(c.shape) : c.shape;
      const opts = {...o, dataFormat: last ? 'channelsLast' : 'channelsFirst'};
      const xt = tf.tensor(last ? toLast(x, c.shape) : x, xs);
      const yt = interpolate(xt, opts);
      compare(fwd, key, await yt.data(), last ? toLast(y, c.outShape) : y);
      if (c.grad) {
        const dy = seed(y.length);
        const dyt = tf.tensor(last ? toLast(dy, c.outShape) : dy, yt.shape);
        const g = tf.grad((t) => interpolate(t, opts))(xt, dyt);
        compare(grad, key, await g.data(), last ? toLast(decode(c.grad), c.shape) : decode(c.grad));
        tf.dispose([dyt, g]);
      }
      tf.dispose([xt, yt]);
    }
  }
  console.log(`PyTorch ${golden.meta.torch} fixtures on '${tf.getBackend()}', both layouts`);
  console.log(`${'mode'.padEnd(20)}${'cases'.padStart(6)}${'fwd worst rel'.padStart(15)}${'fwd bit-exact'.padStart(15)}` +
              `${'grad worst rel'.padStart(16)}${'grad bit-exact'.padStart(16)}`);
  for (const key of Object.keys(fwd).sort()) {
    const f = fwd[key], g = grad[key] ?? {worst: 0, exact: 0, values: 0};
    const pct = (s) => `${(100 * s.exact / Math.max(1, s.values)).toFixed(2)}%`;
    console.log(`${key.padEnd(20)}${String(f.cases).padStart(6)}${f.worst.toExponential(2).padStart(15)}${pct(f).padStart(15)}` +
                `${g.worst.toExponential(2).padStart(16)}${pct(g).padStart(16)}`);
  }
})();
