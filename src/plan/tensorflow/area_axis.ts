/**
 * `ResizeArea`'s per-axis taps (`resize_area_op.cc`): every source cell an output cell overlaps,
 * weighted by the overlapped fraction (float32), indices clamped into the input. The final
 * `1 / (height_scale * width_scale)` factor is {@link areaOutputScale}.
 */
import type {AxisTable} from '../axis_table';
import {bound, resizeScale} from './resize_scale';
import {tableFromTaps} from './span_table';

const f32 = Math.fround;

/** Fraction of source cell `v` inside `[lo, hi)`, TensorFlow's way (float32). */
function coverage(v: number, lo: number, hi: number, scale: number): number {
  if (v < lo) return v + 1 > hi ? scale : f32(f32(v + 1) - lo);
  return v + 1 > hi ? f32(hi - v) : 1;
}

/**
 * One axis of `ResizeArea`. Columns (`rows = false`) follow `CachedInterpolation`: the first cell,
 * then interior cells at weight 1, then the last cell; rows weigh every cell by its coverage.
 * The kernel sums columns first, then rows, as TensorFlow does.
 * @example
 * areaAxis(4, 3, false, false).count; // Int32Array [2, 2, 2]
 */
export function areaAxis(inSize: number, outSize: number, alignCorners: boolean, rows: boolean): AxisTable {
  const scale = resizeScale(inSize, outSize, alignCorners);
  return tableFromTaps(inSize, outSize, (o) => {
    const lo = f32(o * scale);
    const hi = f32((o + 1) * scale);
    const start = Math.floor(lo);
    const end = Math.ceil(hi);
    const taps: Array<[number, number]> = [];
    if (rows) {
      for (let v = start; v < end; v++) taps.push([bound(v, inSize), coverage(v, lo, hi, scale)]);
      return taps;
    }
    taps.push([bound(start, inSize), coverage(start, lo, hi, scale)]);
    if (start + 1 !== end) {
      for (let v = start + 1; v < end - 1; v++) taps.push([bound(v, inSize), 1]);
      taps.push([bound(end - 1, inSize), coverage(end - 1, lo, hi, scale)]);
    }
    return taps;
  });
}

/** `ResizeArea`'s last step: the sums are multiplied by `float(1.0 / (height_scale * width_scale))`. */
export function areaOutputScale(
    inShape: readonly number[], size: readonly number[], alignCorners: boolean): number {
  const hs = resizeScale(inShape[1], size[0], alignCorners);
  const ws = resizeScale(inShape[2], size[1], alignCorners);
  return f32(1.0 / f32(hs * ws));
}
