// The PyTorch model of examples/port/generate.py rebuilt in tf.js from tf.layers and the
// Interpolate layer, with PyTorch's weights loaded. Runs PyTorch's sample input, then one backward
// pass of PyTorch's loss, and compares the output and every weight gradient with PyTorch's.
//
// Prints `max relative error vs PyTorch: <x>` for the output and for the weight gradients
// (largest |ours - PyTorch| of a tensor divided by its largest |PyTorch| value, worst tensor) and
// exits with status 1 if either is above 1e-5.
//
// Usage: npm run build && node examples/port/port.cjs   (npm run example:port does both)
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const tf = require('@tensorflow/tfjs');
const {interpolateLayer} = require('../..');

const LIMIT = 1e-5;

/** model.json + model.bin -> Map(name -> {shape, data: Float32Array}). */
function loadExport(dir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
  const bin = fs.readFileSync(path.join(dir, 'model.bin'));
  const tensors = new Map();
  for (const {name, shape, offset} of manifest.tensors) {
    const count = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = bin.readFloatLE(offset + 4 * i);
    tensors.set(name, {shape, data});
  }
  return tensors;
}

/**
 * The decoder in tf.js's channels-last layout (N, H, W, C), layer names as PyTorch's modules.
 * PyTorch's `padding=1` on a stride-2 conv is symmetric; tf.js's 'same' would pad only the bottom
 * and right there, so those convs get an explicit zeroPadding2d and 'valid'.
 */
function buildModel() {
  const conv = (name, filters, kernelSize, strides = 1) => tf.layers.conv2d(
      {name, filters, kernelSize, strides, padding: strides === 1 ? 'same' : 'valid'});
  const relu = () => tf.layers.reLU();
  const cat = () => tf.layers.concatenate({axis: -1});   // torch.cat(dim=1) in NCHW

  const x = tf.input({shape: [32, 32, 3]});
  const e1 = relu().apply(conv('enc1', 4, 3).apply(x));
  const p2 = tf.layers.zeroPadding2d({padding: 1}).apply(e1);
  const bn2 = tf.layers.batchNormalization({name: 'bn2', axis: -1, epsilon: 1e-5});  // PyTorch's eps
  const e2 = relu().apply(bn2.apply(conv('enc2', 8, 3, 2).apply(p2)));
  const p3 = tf.layers.zeroPadding2d({padding: 1}).apply(e2);
  const e3 = relu().apply(conv('enc3', 8, 3, 2).apply(p3));

  let c = interpolateLayer({size: [2, 2], mode: 'area'}).apply(e3);
  c = relu().apply(conv('context', 4, 1).apply(c));
  c = interpolateLayer({size: [8, 8], mode: 'bilinear', alignCorners: false}).apply(c);
  let d = cat().apply([e3, c]);
  d = interpolateLayer({scaleFactor: 2, mode: 'nearest'}).apply(d);
  d = relu().apply(conv('dec1', 8, 3).apply(cat().apply([d, e2])));
  d = interpolateLayer({scaleFactor: 2, mode: 'bilinear', alignCorners: false}).apply(d);
  d = relu().apply(conv('dec2', 4, 3).apply(cat().apply([d, e1])));
  const logits = conv('head', 2, 1).apply(d);
  const y = interpolateLayer({size: [48, 48], mode: 'bicubic', alignCorners: false}).apply(logits);
  return tf.model({inputs: x, outputs: y});
}

/** PyTorch's conv weight (out, in, kh, kw) as tf.js's kernel (kh, kw, in, out), and back. */
const OIHW_TO_HWIO = [2, 3, 1, 0];
const HWIO_TO_OIHW = [3, 2, 0, 1];

/**
 * For each tf.js weight, the PyTorch state_dict name it comes from and the transpose that maps
 * PyTorch's array onto it (null: same layout).
 */
function weightSources(model) {
  const sources = [];
  for (const layer of model.layers) {
    if (layer.getClassName() === 'Conv2D') {
      sources.push({layer, names: [`${layer.name}.weight`, `${layer.name}.bias`], perms: [OIHW_TO_HWIO, null]});
    } else if (layer.getClassName() === 'BatchNormalization') {
      // tf.js order: gamma, beta, moving mean, moving variance.
      const n = ['weight', 'bias', 'running_mean', 'running_var'].map((s) => `${layer.name}.${s}`);
      sources.push({layer, names: n, perms: [null, null, null, null]});
    }
  }
  return sources;
}

function fromTorch(entry, perm) {
  const t = tf.tensor(entry.data, entry.shape);
  if (perm == null) return t;
  const out = t.transpose(perm);
  t.dispose();
  return out;
}

/** Largest |a - b| over the largest |b|. */
function relativeError(a, b) {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return scale === 0 ? diff : diff / scale;
}

async function main() {
  await tf.setBackend('cpu');
  const torch = loadExport(__dirname);
  const model = buildModel();

  // Load PyTorch's weights.
  const sources = weightSources(model);
  for (const {layer, names, perms} of sources) {
    const values = names.map((n, i) => fromTorch(torch.get(`weight/${n}`), perms[i]));
    layer.setWeights(values);
    tf.dispose(values);
  }

  // Forward: PyTorch's NCHW input in tf.js's NHWC layout, the output back to NCHW.
  const x = fromTorch(torch.get('input'), [0, 2, 3, 1]);
  const target = fromTorch(torch.get('target'), [0, 2, 3, 1]);
  const y = tf.tidy(() => model.predict(x).transpose([0, 3, 1, 2]));
  const outputError = relativeError(await y.data(), torch.get('output').data);

  // One backward pass of PyTorch's loss (mean squared error) with respect to every trainable weight.
  const trainable = sources.flatMap(({layer, names}) => layer.trainableWeights.map((w, i) => ({w, name: names[i]})));
  const {value: loss, grads} = tf.variableGrads(
      () => tf.mean(tf.squaredDifference(model.apply(x, {training: false}), target)),
      trainable.map(({w}) => w.read()));
  const lossError = relativeError(await loss.data(), torch.get('loss').data);
  let gradientError = 0;
  for (const {w, name} of trainable) {
    const g = grads[w.read().name];
    // Our gradient in PyTorch's layout: conv kernels back to (out, in, kh, kw).
    const gTorch = g.rank === 4 ? g.transpose(HWIO_TO_OIHW) : g.clone();
    const e = relativeError(await gTorch.data(), torch.get(`grad/${name}`).data);
    gradientError = Math.max(gradientError, e);
    gTorch.dispose();
  }

  console.log(`tf.js ${tf.version.tfjs}, backend '${tf.getBackend()}'; model from examples/port/generate.py`);
  console.log(`  ${model.layers.filter((l) => l.getClassName() === 'Interpolate').length} Interpolate layers, ` +
              `${trainable.length} trainable weights (${model.countParams()} parameters)`);
  console.log(`  loss ${(await loss.data())[0].toFixed(6)} (relative error ${lossError.toExponential(2)})`);
  console.log(`output: max relative error vs PyTorch: ${outputError.toExponential(2)}`);
  console.log(`weight gradients: max relative error vs PyTorch: ${gradientError.toExponential(2)}`);
  tf.dispose([x, target, y, loss, ...Object.values(grads)]);
  model.dispose();
  if (!(outputError <= LIMIT && gradientError <= LIMIT)) {
    console.error(`FAIL: above ${LIMIT}`);
    process.exitCode = 1;
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
