// Trains a tiny segmentation decoder built around an Interpolate layer on synthetic images: from
// an 8x8 picture of a bright disc and a grey rectangle, predict the disc's 16x16 mask (2x the
// input resolution; the bicubic Interpolate layer does the upsampling). Prints the loss curve and
// writes examples/output/train.png: rows of input (8x8) | target (16x16) | prediction (16x16).
//
// Usage: npm run build && node examples/train.cjs   (needs the `pngjs` dev dependency)
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const tf = require('@tensorflow/tfjs');
const {PNG} = require('pngjs');
const {interpolate} = require('..');
const {interpolateLayer} = require('../layers');

const SIZE = 16;          // target resolution
const LOW = SIZE / 2;     // input resolution
const TRAIN = 48;         // training images
const EPOCHS = 40;
const SHOWN = 4;          // rows in the PNG
const SCALE = 8;          // PNG pixels per image pixel (at target resolution)

/** Deterministic uniform [0, 1) numbers (mulberry32). */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `n` SIZE x SIZE images, each a bright disc over a grey rectangle on black, and the disc masks.
 */
function shapes(n, seed) {
  const rnd = mulberry32(seed);
  const data = new Float32Array(n * SIZE * SIZE);
  const mask = new Float32Array(n * SIZE * SIZE);
  for (let i = 0; i < n; i++) {
    const cx = 3 + rnd() * (SIZE - 6);
    const cy = 3 + rnd() * (SIZE - 6);
    const r = 2 + rnd() * 3;
    const x0 = Math.floor(rnd() * (SIZE - 5));
    const y0 = Math.floor(rnd() * (SIZE - 5));
    const w = 3 + Math.floor(rnd() * 5);
    const h = 3 + Math.floor(rnd() * 5);
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        let v = 0;
        if (x >= x0 && x < x0 + w && y >= y0 && y < y0 + h) v = 0.5;
        const inDisc = (x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= r * r;
        if (inDisc) v = 1;
        data[(i * SIZE + y) * SIZE + x] = v;
        mask[(i * SIZE + y) * SIZE + x] = inDisc ? 1 : 0;
      }
    }
  }
  return {images: tf.tensor4d(data, [n, SIZE, SIZE, 1]), masks: tf.tensor4d(mask, [n, SIZE, SIZE, 1])};
}

/** input (N, 8, 8, 1) -> conv -> conv -> Interpolate bicubic x2 -> conv (sigmoid) -> (N, 16, 16, 1). */
function buildModel() {
  const conv = (filters, seed, activation, extra = {}) => tf.layers.conv2d({
    filters, kernelSize: 3, padding: 'same', activation,
    kernelInitializer: tf.initializers.glorotUniform({seed}), ...extra,
  });
  return tf.sequential({layers: [
    conv(4, 1, 'elu', {inputShape: [LOW, LOW, 1]}),
    conv(4, 2, 'elu'),
    interpolateLayer({scaleFactor: 2, mode: 'bicubic', name: 'upsample'}),
    conv(1, 3, 'sigmoid'),
  ]});
}

/** Writes rows of [input | target | prediction] as a grey-scale PNG. */
function writePng(file, inputs, targets, predictions) {
  const tile = SIZE * SCALE;
  const gap = 4;
  const width = 3 * tile + 4 * gap;
  const height = SHOWN * tile + (SHOWN + 1) * gap;
  const png = new PNG({width, height});
  png.data.fill(255);
  const draw = (values, side, row, col) => {
    const pixel = tile / side;
    for (let y = 0; y < tile; y++) {
      for (let x = 0; x < tile; x++) {
        const v = values[Math.floor(y / pixel) * side + Math.floor(x / pixel)];
        const g = Math.round(255 * Math.min(1, Math.max(0, v)));
        const o = ((gap + row * (tile + gap) + y) * width + gap + col * (tile + gap) + x) * 4;
        png.data[o] = png.data[o + 1] = png.data[o + 2] = g;
        png.data[o + 3] = 255;
      }
    }
  };
  const lowArea = LOW * LOW;
  const area = SIZE * SIZE;
  for (let row = 0; row < SHOWN; row++) {
    draw(inputs.subarray(row * lowArea, (row + 1) * lowArea), LOW, row, 0);
    draw(targets.subarray(row * area, (row + 1) * area), SIZE, row, 1);
    draw(predictions.subarray(row * area, (row + 1) * area), SIZE, row, 2);
  }
  fs.mkdirSync(path.dirname(file), {recursive: true});
  fs.writeFileSync(file, PNG.sync.write(png));
}

async function main() {
  await tf.setBackend('cpu');
  const {images, masks} = shapes(TRAIN + SHOWN, 1);
  // Inputs: the images averaged down to 8x8 (area mode, i.e. adaptive average pooling).
  const inputs = interpolate(images, {size: LOW, mode: 'area', dataFormat: 'channelsLast'});
  const [xTrain, xTest] = tf.split(inputs, [TRAIN, SHOWN]);
  const [yTrain, yTest] = tf.split(masks, [TRAIN, SHOWN]);

  const model = buildModel();
  model.summary();
  model.compile({optimizer: tf.train.adam(0.03), loss: 'meanSquaredError'});
  const started = Date.now();
  await model.fit(xTrain, yTrain, {
    epochs: EPOCHS, batchSize: 16, shuffle: false, verbose: 0,
    callbacks: {onEpochEnd: (epoch, logs) => console.log(`epoch ${String(epoch + 1).padStart(2)}  loss ${logs.loss.toFixed(5)}`)},
  });
  console.log(`trained in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const prediction = model.predict(xTest);
  const testLoss = tf.tidy(() => tf.losses.meanSquaredError(yTest, prediction).dataSync()[0]);
  console.log(`held-out images: loss ${testLoss.toFixed(5)}`);
  const file = path.join(__dirname, 'output', 'train.png');
  writePng(file, xTest.dataSync(), yTest.dataSync(), prediction.dataSync());
  console.log(`wrote ${path.relative(process.cwd(), file)} (rows: input | target | prediction)`);
  tf.dispose([images, masks, inputs, xTrain, xTest, yTrain, yTest, prediction]);
  model.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
