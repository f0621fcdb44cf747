// The two examples from PyTorch's documentation of F.interpolate, run on tf.js's default backend and
// printed beside PyTorch 1.13.1's output.
const tf = require('@tensorflow/tfjs');
const {interpolate} = require('..');

const examples = [
  {
    title: "interpolate(x, {size: 6})  // mode 'nearest'",
    input: tf.tensor3d([[[1, 2, 3], [4, 5, 6]]]),
    options: {size: 6},
    pytorch: [[[1, 1, 2, 2, 3, 3], [4, 4, 5, 5, 6, 6]]],
  },
  {
    title: "interpolate(x, {scaleFactor: 2, mode: 'bilinear', alignCorners: true})",
    input: tf.tensor4d([[[[1, 2, 3], [4, 5, 6]]]]),
    options: {scaleFactor: 2, mode: 'bilinear', alignCorners: true},
    pytorch: [[[[1, 1.4, 1.8, 2.2, 2.6, 3], [2, 2.4, 2.8, 3.2, 3.6, 4], [3, 3.4, 3.8, 4.2, 4.6, 5],
                [4, 4.4, 4.8, 5.2, 5.6, 6]]]],
  },
];

function rows(nested) {
  const out = [];
  const walk = (v) => (Array.isArray(v[0]) ? v.forEach(walk) : out.push(v));
  walk(nested);
  return out;
}

(async () => {
  await tf.ready();
  console.log(`tf.js ${tf.version.tfjs}, backend '${tf.getBackend()}'\n`);
  let worst = 0;
  for (const ex of examples) {
    const y = interpolate(ex.input, ex.options);
    const ours = rows(await y.array());
    const theirs = rows(ex.pytorch);
    console.log(ex.title);
    console.log(`  input ${JSON.stringify(await ex.input.array())}, output shape [${y.shape}]`);
    ours.forEach((r, i) => {
      const fmt = (v) => v.map((n) => n.toFixed(4).padStart(7)).join(' ');
      console.log(`  ours    ${fmt(r)}\n  PyTorch ${fmt(theirs[i])}`);
      r.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - theirs[i][j]))));
    });
    console.log('');
    tf.dispose([y, ex.input]);
  }
  // PyTorch prints 4 decimals; the float32 values agree to within one unit in the last place.
  console.log(`largest difference from PyTorch's printed output: ${worst.toExponential(2)}`);
  if (worst > 1e-6) process.exitCode = 1;
})();
