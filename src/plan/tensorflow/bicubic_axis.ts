/**
 * `ResizeBicubic`'s per-axis taps (`resize_bicubic_op.cc`): four taps read from a 1024-step
 * coefficient table. Half-pixel centres use Keys' cubic (A = -0.5) with taps outside the input
 * zeroed and the rest renormalised; otherwise A = -0.75 with clamped (repeated) edge taps.
 */
import type {AxisTable} from '../axis_table';
import {bound, halfPixelSource, legacySource, resizeScale, roundHalfEven, TINY_WEIGHT_SUM} from './resize_scale';
import {tableFromTaps} from './span_table';

const f32 = Math.fround;

/** Steps of the coefficient table (`kTableSize`). */
export const BICUBIC_TABLE_SIZE = 1024;

/**
 * `InitCoeffsTable(a)`: for `i = 0..1024` at `x = i / 1024` (float), entry `2i` is the inner
 * weight `((a + 2)x - (a + 3))x^2 + 1` and `2i + 1` the outer weight at `x + 1`
 * (`((ax - 5a)x + 8a)x - 4a`), both evaluated in double and stored as float.
 */
export function bicubicCoefficientTable(a: number): Float32Array {
  const t = new Float32Array((BICUBIC_TABLE_SIZE + 1) * 2);
  for (let i = 0; i <= BICUBIC_TABLE_SIZE; i++) {
    let x = f32(i * 1.0 / BICUBIC_TABLE_SIZE);
    t[i * 2] = ((a + 2) * x - (a + 3)) * x * x + 1;
    x = f32(x + 1.0);
    t[i * 2 + 1] = ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
  }
  return t;
}

let keysTable: Float32Array|undefined;
let legacyTable: Float32Array|undefined;

/** The A = -0.5 (Keys) or A = -0.75 table, built once. */
function coefficients(keys: boolean): Float32Array {
  if (keys) return keysTable ??= bicubicCoefficientTable(-0.5);
  return legacyTable ??= bicubicCoefficientTable(-0.75);
}

/**
 * Taps of one output position (`GetWeightsAndIndices`): `[index, weight]` for the source rows
 * `floor(f) - 1 .. floor(f) + 2` of the source coordinate `f`.
 */
function bicubicTaps(
    o: number, scale: number, inSize: number, halfPixelCenters: boolean): Array<[number, number]> {
  const f = halfPixelCenters ? halfPixelSource(o, scale) : legacySource(o, scale);
  const i0 = Math.floor(f);
  const offset = roundHalfEven(f32(f32(f - i0) * BICUBIC_TABLE_SIZE));
  const t = coefficients(halfPixelCenters);
  const w = [t[offset * 2 + 1], t[offset * 2], t[(BICUBIC_TABLE_SIZE - offset) * 2],
    t[(BICUBIC_TABLE_SIZE - offset) * 2 + 1]];
  const taps = w.map((wk, k): [number, number] => [bound(i0 - 1 + k, inSize), wk]);
  if (!halfPixelCenters) return taps;
  // Keys: a tap outside the input gets weight 0, the others are scaled to sum to 1.
  for (let k = 0; k < 4; k++) {
    if (taps[k][0] !== i0 - 1 + k) taps[k][1] = 0;
  }
  const sum = f32(f32(f32(taps[0][1] + taps[1][1]) + taps[2][1]) + taps[3][1]);
  if (Math.abs(sum) >= TINY_WEIGHT_SUM) {
    const inv = f32(1 / sum);
    for (const tap of taps) tap[1] = f32(tap[1] * inv);
  }
  return taps;
}

/**
 * One axis of `ResizeBicubic`.
 * @example
 * bicubicAxis(4, 8, false, true).taps; // 4
 */
export function bicubicAxis(
    inSize: number, outSize: number, alignCorners: boolean, halfPixelCenters: boolean): AxisTable {
  const scale = resizeScale(inSize, outSize, alignCorners);
  return tableFromTaps(inSize, outSize, (o) => bicubicTaps(o, scale, inSize, halfPixelCenters));
}
