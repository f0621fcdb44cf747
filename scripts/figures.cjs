#!/usr/bin/env node
// Writes the README's pictures, computed with this package's interpolate on tf.js's cpu backend:
//   docs/modes.png      every 2-D mode on the sample photo, upsampling a crop x4 and downsampling
//                       the whole picture x1/4;
//   docs/antialias.png  a zone plate downsampled x1/4 with and without `antialias` (and `area`).
// Small results are enlarged with plain pixel replication so their pixels stay visible.
// Labels use the committed bitmap font (scripts/bitmap_font.cjs); no system fonts or tools needed.
//
// Usage: npm run figures   (= npm run build && node scripts/figures.cjs)
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const tf = require('@tensorflow/tfjs');
const {PNG} = require('pngjs');
const {interpolate} = require('..');
const {photo, zonePlate} = require('./sample_images.cjs');
const {drawText, textWidth, lineHeight} = require('./bitmap_font.cjs');

const OUT = path.join(__dirname, '..', 'docs');
const BG = [246, 246, 246];
const INK = [34, 34, 38];
const MUTED = [110, 110, 118];
const GAP = 10;
const SCALE = 2;          // font scale

/** interpolate on an RGB image ({width, height, data}), channels-last, clipped to [0, 1]. */
function resize(img, options) {
  return tf.tidy(() => {
    const x = tf.tensor4d(img.data, [1, img.height, img.width, 3]);
    const y = interpolate(x, {...options, dataFormat: 'channelsLast'}).clipByValue(0, 1);
    return {width: y.shape[2], height: y.shape[1], data: y.dataSync()};
  });
}

/** A sub-rectangle of an RGB image. */
function crop(img, x0, y0, width, height) {
  const data = new Float32Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    data.set(img.data.subarray(((y0 + y) * img.width + x0) * 3, ((y0 + y) * img.width + x0 + width) * 3), y * width * 3);
  }
  return {width, height, data};
}

/** Pastes `img` enlarged `k` times by pixel replication into `png` at (x, y). */
function paste(png, img, x, y, k = 1) {
  for (let py = 0; py < img.height * k; py++) {
    for (let px = 0; px < img.width * k; px++) {
      const s = (Math.floor(py / k) * img.width + Math.floor(px / k)) * 3;
      const o = 4 * ((y + py) * png.width + x + px);
      for (let c = 0; c < 3; c++) png.data[o + c] = Math.round(img.data[s + c] * 255);
      png.data[o + 3] = 255;
    }
  }
}

function canvas(width, height) {
  const png = new PNG({width, height});
  for (let i = 0; i < width * height; i++) png.data.set([...BG, 255], 4 * i);
  return png;
}

/** Text centred over a panel of width `w` starting at x. */
function caption(png, text, x, y, w, rgb = INK) {
  drawText(png, text, x + Math.max(0, Math.floor((w - textWidth(text, SCALE)) / 2)), y, SCALE, rgb);
}

/**
 * A grid figure: a title, column captions, then rows of panels, each row with a caption line.
 * rows: [{label, panels: [{img, k}]}]; each panel (img enlarged k times) is centred in a panelW x
 * panelH slot.
 */
function grid(title, columns, rows, panelW, panelH) {
  const line = lineHeight(SCALE) + 8;
  const width = GAP + columns.length * (panelW + GAP);
  const height = GAP + line + line + rows.length * (line + panelH + GAP);
  const png = canvas(width, height);
  drawText(png, title, GAP, GAP, SCALE, INK);
  let y = GAP + line;
  columns.forEach((c, i) => caption(png, c, GAP + i * (panelW + GAP), y, panelW));
  y += line;
  for (const row of rows) {
    drawText(png, row.label, GAP, y, SCALE, MUTED);
    y += line;
    row.panels.forEach(({img, k}, i) => {
      const x = GAP + i * (panelW + GAP) + Math.floor((panelW - img.width * k) / 2);
      paste(png, img, x, y + Math.floor((panelH - img.height * k) / 2), k);
    });
    y += panelH + GAP;
  }
  return png;
}

function modesFigure() {
  const src = photo();
  const detail = crop(src, 36, 108, 48, 32);
  const modes = [
    {name: 'nearest', options: {mode: 'nearest'}},
    {name: 'nearest-exact', options: {mode: 'nearest-exact'}},
    {name: 'bilinear', options: {mode: 'bilinear'}},
    {name: 'bicubic', options: {mode: 'bicubic'}},
    {name: 'area', options: {mode: 'area'}},
    {name: 'bicubic+antialias', options: {mode: 'bicubic', antialias: true}},
  ];
  const up = modes.map(({options}) => ({img: resize(detail, {...options, scaleFactor: 4}), k: 1}));
  const down = modes.map(({options}) => ({img: resize(src, {...options, scaleFactor: 0.25}), k: 2}));
  return grid('interpolate(x, {mode, scaleFactor}) on the sample photo', modes.map((m) => m.name), [
    {label: 'scaleFactor 4: a 48x32 crop (the house) to 192x128', panels: up},
    {label: 'scaleFactor 0.25: the whole 384x256 photo to 96x64, shown 2x', panels: down},
  ], 204, 128);
}

function antialiasFigure() {
  const src = zonePlate(256);
  const cases = [
    {name: 'bilinear', options: {mode: 'bilinear'}},
    {name: '+ antialias', options: {mode: 'bilinear', antialias: true}},
    {name: 'bicubic', options: {mode: 'bicubic'}},
    {name: '+ antialias', options: {mode: 'bicubic', antialias: true}},
    {name: 'area', options: {mode: 'area'}},
  ];
  const panels = [{img: src, k: 1}, ...cases.map(({options}) => ({img: resize(src, {...options, size: 64}), k: 4}))];
  return grid('antialias: a 256x256 zone plate downsampled to 64x64 (shown 4x)',
              ['source', ...cases.map((c) => c.name)],
              [{label: 'without antialias the fine rings fold back into false rings (aliasing)', panels}], 256, 256);
}

async function main() {
  await tf.setBackend('cpu');
  fs.mkdirSync(OUT, {recursive: true});
  for (const [name, make] of [['modes.png', modesFigure], ['antialias.png', antialiasFigure]]) {
    const png = make();
    const file = path.join(OUT, name);
    fs.writeFileSync(file, PNG.sync.write(png));
    console.log(`wrote ${path.relative(process.cwd(), file)} (${png.width}x${png.height})`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
