/**
 * Per-axis index/weight tables: every mode expressed as "output `o` reads `count[o]` taps
 * `index[o * taps + k]` with weights `weight[o * taps + k]`". Built once with PyTorch's arithmetic
 * (see ./coordinates.ts) and consumed unchanged by every kernel and gradient.
 */
import {antialiasCubicFilter, antialiasLinearFilter, areaWindow, cubicCoefficients, kernelScale, nearestExactSource, nearestExactSourceBackward, nearestSource, nearestSourceShortcut, sourceCoordinate} from './coordinates';

const f32 = Math.fround;

/** Taps of one spatial axis. */
export interface AxisTable {
  /** Input length along the axis. */
  readonly inSize: number;
  /** Output length along the axis. */
  readonly outSize: number;
  /** Row stride of `index`/`weight` (the largest tap count). */
  readonly taps: number;
  /** Source index of each tap, always within `[0, inSize)`. */
  readonly index: Int32Array;
  /** Float32 weight of each tap (1 for nearest and area). */
  readonly weight: Float32Array;
  /** Number of taps each output uses (`<= taps`). */
  readonly count: Int32Array;
  /** True for an axis the input does not have (rank 3/4 padded to three spatial axes): skip it. */
  readonly identity: boolean;
}

/** A writable table of `outSize` rows of `taps` taps (every count `taps`, weights 0). */
export function makeTable(inSize: number, outSize: number, taps: number, identity = false) {
  return {
    inSize,
    outSize,
    taps,
    index: new Int32Array(outSize * taps),
    weight: new Float32Array(outSize * taps),
    count: new Int32Array(outSize).fill(taps),
    identity,
  };
}

/** The axis a lower-rank input does not have: one tap of weight 1. */
export function identityTable(): AxisTable {
  const t = makeTable(1, 1, 1, true);
  t.weight[0] = 1;
  return t;
}

/** Single-tap table from a source-index rule. */
function nearestTable(inSize: number, outSize: number, source: (o: number) => number): AxisTable {
  const t = makeTable(inSize, outSize, 1);
  for (let o = 0; o < outSize; o++) {
    t.index[o] = source(o);
    t.weight[o] = 1;
  }
  return t;
}

/** `nearest` (generic kernel), or the `nearest_idx` rule when `shortcut` is set. */
export function nearestAxis(
    inSize: number, outSize: number, userScale: number, shortcut: boolean): AxisTable {
  if (shortcut) {
    return nearestTable(
        inSize, outSize, (o) => nearestSourceShortcut(o, inSize, outSize, userScale));
  }
  const s = kernelScale(inSize, outSize, false, userScale);
  return nearestTable(inSize, outSize, (o) => nearestSource(s, o, inSize));
}

/** `nearest-exact`, forward or backward index rule. */
export function nearestExactAxis(
    inSize: number, outSize: number, userScale: number, backward: boolean): AxisTable {
  const s = kernelScale(inSize, outSize, false, userScale);
  const rule = backward ? nearestExactSourceBackward : nearestExactSource;
  return nearestTable(inSize, outSize, (o) => rule(s, o, inSize));
}

/** `compute_source_index_and_lambda`: two taps, with the `out == in` copy special case. */
export function linearAxis(
    inSize: number, outSize: number, alignCorners: boolean, userScale: number): AxisTable {
  const t = makeTable(inSize, outSize, 2);
  const s = kernelScale(inSize, outSize, alignCorners, userScale);
  for (let o = 0; o < outSize; o++) {
    let i0 = o;
    let l1 = 0;
    if (outSize !== inSize) {
      let r = sourceCoordinate(s, o, alignCorners);
      if (!alignCorners && r < 0) r = 0;
      i0 = Math.trunc(r);
      l1 = f32(r - i0);
    }
    t.index[2 * o] = i0;
    t.index[2 * o + 1] = i0 < inSize - 1 ? i0 + 1 : i0;
    t.weight[2 * o] = f32(1 - l1);
    t.weight[2 * o + 1] = l1;
  }
  return t;
}

function fillCubic(t: AxisTable, o: number, base: number, frac: number, inSize: number) {
  const w = cubicCoefficients(frac);
  for (let k = 0; k < 4; k++) {
    t.index[4 * o + k] = Math.min(Math.max(base - 1 + k, 0), inSize - 1);
    t.weight[4 * o + k] = w[k];
  }
}

/**
 * Bicubic (A = -0.75, clamped taps). The forward keeps the source coordinate in double and floors its
 * float32 rounding; the backward (`UpSampleBicubic2d.cpp`) computes the coordinate in float32.
 */
export function cubicAxis(
    inSize: number, outSize: number, alignCorners: boolean, userScale: number,
    backward: boolean): AxisTable {
  const t = makeTable(inSize, outSize, 4);
  const s = kernelScale(inSize, outSize, alignCorners, userScale);
  for (let o = 0; o < outSize; o++) {
    if (backward) {
      const r = alignCorners ? f32(s * o) : f32(f32(s * f32(o + 0.5)) - 0.5);
      const i = Math.floor(r);
      fillCubic(t, o, i, f32(r - i), inSize);
    } else {
      const r = sourceCoordinate(s, o, alignCorners);
      const i = Math.floor(f32(r));
      fillCubic(t, o, i, f32(r - i), inSize);
    }
  }
  return t;
}

/**
 * Antialiased bilinear/bicubic (`_compute_indices_weights_aa`): a filter stretched by the scale when
 * downsampling, taps outside the input dropped and the remaining weights renormalised (Pillow).
 */
export function antialiasAxis(
    inSize: number, outSize: number, alignCorners: boolean, userScale: number,
    cubic: boolean): AxisTable {
  const interp = cubic ? 4 : 2;
  const filter = cubic ? antialiasCubicFilter : antialiasLinearFilter;
  const s = kernelScale(inSize, outSize, alignCorners, userScale);
  const support = s >= 1 ? f32(interp * 0.5 * s) : interp * 0.5;
  const invScale = s >= 1 ? f32(1 / s) : 1;
  const starts = new Int32Array(outSize);
  const sizes = new Int32Array(outSize);
  const centers = new Float64Array(outSize);
  let taps = 1;
  for (let o = 0; o < outSize; o++) {
    const center = f32(s * (o + 0.5));
    const xmin = Math.max(Math.trunc(f32(center - support) + 0.5), 0);
    const xmax = Math.min(Math.trunc(f32(center + support) + 0.5), inSize);
    starts[o] = xmin;
    sizes[o] = Math.max(xmax - xmin, 0);
    centers[o] = center;
    taps = Math.max(taps, sizes[o]);
  }
  const t = makeTable(inSize, outSize, taps);
  const w = new Float32Array(taps);
  for (let o = 0; o < outSize; o++) {
    let total = 0;
    for (let j = 0; j < sizes[o]; j++) {
      w[j] = filter(f32((f32(j + starts[o] - centers[o]) + 0.5) * invScale));
      total = f32(total + w[j]);
    }
    for (let j = 0; j < sizes[o]; j++) {
      t.index[o * taps + j] = starts[o] + j;
      t.weight[o * taps + j] = total !== 0 ? f32(w[j] / total) : w[j];
    }
    t.count[o] = sizes[o];
  }
  return t;
}

/** Adaptive average pooling windows (`area`): contiguous taps of weight 1. */
export function areaAxis(inSize: number, outSize: number): AxisTable {
  let taps = 1;
  for (let o = 0; o < outSize; o++) {
    const [a, b] = areaWindow(o, outSize, inSize);
    taps = Math.max(taps, b - a);
  }
  const t = makeTable(inSize, outSize, taps);
  for (let o = 0; o < outSize; o++) {
    const [a, b] = areaWindow(o, outSize, inSize);
    t.count[o] = b - a;
    for (let j = 0; j < b - a; j++) {
      t.index[o * taps + j] = a + j;
      t.weight[o * taps + j] = 1;
    }
  }
  return t;
}
