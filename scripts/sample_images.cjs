#!/usr/bin/env node
// Synthetic sample images for the demo page and the README figures, drawn from formulas (no
// downloads, no licences): deterministic for a given size.
//   photo(): a photo-like 384x256 landscape (sky with clouds and sun, hazy mountains, hills with
//            pines, a house with windows, a lake with a sailboat and reflections, a fence in grass),
//            2x2 supersampled so its edges are smooth like a camera's.
//   zonePlate(): a 256x256 zone plate, cos(pi r^2 / 256): frequency grows with the radius and
//            reaches the Nyquist limit at the edges, the classic aliasing test.
// Images are {width, height, data: Float32Array} with RGB values in [0, 1], row-major (H, W, 3).
//
// CLI: node scripts/sample_images.cjs [dir]   writes photo.png and zoneplate.png into dir
//      (default examples/web/samples).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const {PNG} = require('pngjs');

/** Hash of an integer lattice point to [0, 1). */
function hash2(ix, iy, seed) {
  let h = Math.imul(ix, 374761393) + Math.imul(iy, 668265263) + Math.imul(seed, 2246822519);
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

const smooth = (t) => t * t * (3 - 2 * t);
const mix = (a, b, t) => a + (b - a) * t;
const clamp01 = (v) => Math.min(1, Math.max(0, v));
const smoothstep = (a, b, v) => smooth(clamp01((v - a) / (b - a)));

/** Smooth value noise in [0, 1). */
function noise(x, y, seed) {
  const ix = Math.floor(x);
  const iy = Math.floor(y);
  const fx = smooth(x - ix);
  const fy = smooth(y - iy);
  return mix(mix(hash2(ix, iy, seed), hash2(ix + 1, iy, seed), fx),
             mix(hash2(ix, iy + 1, seed), hash2(ix + 1, iy + 1, seed), fx), fy);
}

/** Fractal (five-octave) value noise in about [0, 1). */
function fbm(x, y, seed) {
  let sum = 0;
  let amp = 0.5;
  let norm = 0;
  for (let o = 0; o < 5; o++) {
    sum += amp * noise(x, y, seed + o);
    norm += amp;
    x *= 2.03;
    y *= 2.03;
    amp *= 0.5;
  }
  return sum / norm;
}

const mixRgb = (a, b, t) => [mix(a[0], b[0], t), mix(a[1], b[1], t), mix(a[2], b[2], t)];

/** The scene above the waterline at (x, y) in image pixels (W x H = 384 x 256 units). */
function scene(x, y, W, H) {
  const horizon = 0.62 * H;
  // Sky: zenith blue to a pale horizon, the sun's glow, clouds.
  const v = clamp01(y / horizon);
  let c = mixRgb([0.16, 0.34, 0.68], [0.86, 0.89, 0.93], Math.pow(v, 1.6));
  const sx = 0.8 * W;
  const sy = 0.2 * H;
  const d = Math.hypot(x - sx, y - sy);
  c = mixRgb(c, [1, 0.93, 0.75], 0.45 * Math.exp(-d / 45));
  c = mixRgb(c, [1, 0.98, 0.9], smoothstep(13, 11, d));
  const cloud = smoothstep(0.52, 0.72, fbm(x / 70, y / 22, 7)) * smoothstep(horizon, 0.25 * H, y);
  c = mixRgb(c, [0.97, 0.97, 0.98], 0.9 * cloud);
  // Far mountains, hazy blue.
  const far = 0.4 * H + 0.16 * H * (fbm(x / 90, 0.5, 21) - 0.5) * 2;
  if (y > far) c = mixRgb([0.42, 0.5, 0.64], [0.62, 0.67, 0.76], clamp01((y - far) / 40) * 0.6 + 0.2 * fbm(x / 8, y / 8, 3));
  // Near hills, green with texture, pines on the ridge.
  const near = 0.52 * H + 0.09 * H * (fbm(x / 60, 3.5, 31) - 0.5) * 2;
  if (y > near) {
    const t = fbm(x / 5, y / 5, 41);
    c = mixRgb([0.16, 0.27, 0.12], [0.33, 0.45, 0.2], 0.35 + 0.65 * t);
  }
  for (let k = 0; k < 9; k++) {
    const px = W * (0.44 + 0.05 * k + 0.013 * Math.sin(k * 7.1));
    const base = 0.52 * H + 0.09 * H * (fbm(px / 60, 3.5, 31) - 0.5) * 2 + 3;
    const h = 22 + 10 * hash2(k, 1, 5);
    const top = base - h;
    if (y > top && y < base && Math.abs(x - px) < (y - top) * 0.28 * (1 + 0.15 * Math.sin(y * 1.3))) {
      c = mixRgb([0.06, 0.16, 0.08], [0.13, 0.26, 0.12], noise(x / 2, y / 2, 9));
    }
    if (y >= base - 1 && y < base + 3 && Math.abs(x - px) < 1.2) c = [0.25, 0.16, 0.1];
  }
  // House: white walls, red roof, four framed windows, a door.
  const hx0 = 0.1 * W;
  const hx1 = 0.25 * W;
  const hy0 = 0.5 * H;
  if (x > hx0 && x < hx1 && y > hy0 && y < horizon) {
    c = [0.9, 0.87, 0.8];
    const wx = (x - hx0) / (hx1 - hx0);
    const wy = (y - hy0) / (horizon - hy0);
    for (const [cx, cy] of [[0.22, 0.3], [0.5, 0.3], [0.78, 0.3], [0.22, 0.72], [0.78, 0.72]]) {
      const dx = Math.abs(wx - cx) * (hx1 - hx0);
      const dy = Math.abs(wy - cy) * (horizon - hy0);
      if (dx < 4 && dy < 4) c = dx < 3 && dy < 3 && dx > 0.5 && dy > 0.5 ? [0.12, 0.2, 0.35] : [0.98, 0.98, 0.96];
    }
    if (Math.abs(wx - 0.5) * (hx1 - hx0) < 3 && wy > 0.55) c = [0.4, 0.22, 0.12];
  }
  const roofTop = hy0 - 0.11 * H;
  const mid = (hx0 + hx1) / 2;
  if (y >= roofTop && y <= hy0 && Math.abs(x - mid) < (y - roofTop) / (hy0 - roofTop) * ((hx1 - hx0) / 2 + 4)) {
    const shingle = (Math.floor((y - roofTop) / 2.5) % 2) * 0.05;
    c = [0.66 - shingle, 0.16, 0.12];
  }
  if (x > hx1 - 14 && x < hx1 - 9 && y > roofTop + 2 && y < hy0 - 4) c = [0.35, 0.3, 0.3];   // chimney
  return c;
}

/** The whole picture at (x, y): the scene, its reflection in the lake, the foreground. */
function photoAt(x, y, W, H) {
  const horizon = 0.62 * H;
  const shore = 0.8 * H;
  let c;
  if (y < horizon) {
    c = scene(x, y, W, H);
  } else if (y < shore) {
    // Lake: the mirrored scene with ripples, darker and bluer.
    const depth = (y - horizon) / (shore - horizon);
    const rx = x + (1 + 2 * depth) * Math.sin(y * 1.7 + 2 * Math.sin(x / 23));
    c = mixRgb(scene(rx, 2 * horizon - y, W, H), [0.1, 0.22, 0.35], 0.35 + 0.3 * depth);
    if (Math.sin(y * 2.1 + 3 * noise(x / 30, y / 4, 13) * 6) > 0.93) c = mixRgb(c, [0.9, 0.93, 0.95], 0.35);
    // Sailboat.
    const bx = 0.58 * W;
    const by = horizon + 0.07 * H;
    if (y < by && y > by - 30 && x > bx && x < bx + (y - (by - 30)) * 0.55) c = [0.97, 0.96, 0.93];
    if (y < by && y > by - 30 && x > bx - 1 && x < bx + 0.6) c = [0.3, 0.2, 0.12];
    if (y >= by && y < by + 4 && Math.abs(x - bx - 6) < 14 - (y - by) * 1.5) c = [0.5, 0.12, 0.1];
  } else {
    // Grass with fine blades, a fence with posts and two rails.
    const blade = fbm(x / 1.5, y / 6, 51);
    c = mixRgb([0.2, 0.32, 0.08], [0.55, 0.62, 0.2], clamp01(blade * 1.3 - 0.15 + (y - shore) / H));
    const post = ((x % 19) + 19) % 19;
    const fenceTop = 0.76 * H;
    const fenceBottom = 0.95 * H;
    const wood = (t) => mixRgb([0.36, 0.22, 0.12], [0.6, 0.42, 0.25], t);
    if (y > fenceTop + 14 && y < fenceTop + 18) c = wood(0.5 + 0.3 * noise(x / 3, y, 61));
    if (y > fenceTop + 30 && y < fenceTop + 34) c = wood(0.5 + 0.3 * noise(x / 3, y, 62));
    if (post < 4 && y > fenceTop && y < fenceBottom) c = wood(post < 1.5 ? 0.9 : 0.35);
  }
  if (y >= 0.76 * H && y < 0.8 * H) {
    const post = ((x % 19) + 19) % 19;
    if (post < 4) c = mixRgb([0.36, 0.22, 0.12], [0.6, 0.42, 0.25], post < 1.5 ? 0.9 : 0.35);
  }
  // Vignette.
  const vx = x / W - 0.5;
  const vy = y / H - 0.5;
  const vig = 1 - 0.35 * (vx * vx + vy * vy);
  return [c[0] * vig, c[1] * vig, c[2] * vig];
}

/** The photo-like landscape, `width` x `height` (default 384 x 256), 2x2 supersampled, with grain. */
function photo(width = 384, height = 256) {
  const data = new Float32Array(width * height * 3);
  const sx = 384 / width;
  const sy = 256 / height;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sum = [0, 0, 0];
      for (const [ox, oy] of [[0.25, 0.25], [0.75, 0.25], [0.25, 0.75], [0.75, 0.75]]) {
        const c = photoAt((x + ox) * sx, (y + oy) * sy, 384, 256);
        sum[0] += c[0];
        sum[1] += c[1];
        sum[2] += c[2];
      }
      const grain = (hash2(x, y, 99) - 0.5) * 0.025;
      for (let k = 0; k < 3; k++) data[(y * width + x) * 3 + k] = clamp01(sum[k] / 4 + grain);
    }
  }
  return {width, height, data};
}

/** A `size` x `size` zone plate, 0.5 + 0.5 cos(pi r^2 / size), reaching Nyquist at the edges. */
function zonePlate(size = 256) {
  const data = new Float32Array(size * size * 3);
  const c = size / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const r2 = (x + 0.5 - c) ** 2 + (y + 0.5 - c) ** 2;
      const v = 0.5 + 0.5 * Math.cos(Math.PI * r2 / size);
      data.fill(v, (y * size + x) * 3, (y * size + x) * 3 + 3);
    }
  }
  return {width: size, height: size, data};
}

/** PNG bytes of an RGB image in [0, 1]. */
function encodePng({width, height, data}) {
  const png = new PNG({width, height});
  for (let i = 0; i < width * height; i++) {
    for (let k = 0; k < 3; k++) png.data[4 * i + k] = Math.round(clamp01(data[3 * i + k]) * 255);
    png.data[4 * i + 3] = 255;
  }
  return PNG.sync.write(png);
}

/** The sample images by file name. */
const SAMPLES = {'photo.png': photo, 'zoneplate.png': zonePlate};

/** Writes every sample image into `dir` (created if missing); returns the paths. */
function writeSamples(dir) {
  fs.mkdirSync(dir, {recursive: true});
  return Object.entries(SAMPLES).map(([name, make]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, encodePng(make()));
    return file;
  });
}

module.exports = {photo, zonePlate, encodePng, writeSamples, SAMPLES};

if (require.main === module) {
  const dir = process.argv[2] || path.join(__dirname, '..', 'examples', 'web', 'samples');
  for (const file of writeSamples(dir)) console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
