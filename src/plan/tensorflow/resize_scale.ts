/**
 * TensorFlow's shared resize arithmetic (`tensorflow/core/util/image_resizer_state.h`), in float32.
 */
const f32 = Math.fround;

/**
 * `CalculateResizeScale`: `(in - 1) / (out - 1)` with `align_corners` (and more than one output),
 * else `in / out`, as a float32 division.
 */
export function resizeScale(inSize: number, outSize: number, alignCorners: boolean): number {
  return alignCorners && outSize > 1 ? f32(f32(inSize - 1) / f32(outSize - 1)) :
                                       f32(f32(inSize) / f32(outSize));
}

/** `HalfPixelScaler`: `(o + 0.5f) * scale - 0.5f`. */
export function halfPixelSource(o: number, scale: number): number {
  return f32(f32(f32(o + 0.5) * scale) - 0.5);
}

/** `LegacyScaler`: `o * scale`. */
export function legacySource(o: number, scale: number): number {
  return f32(o * scale);
}

/** `Bound`: clamps an index into `[0, n - 1]`. */
export function bound(v: number, n: number): number {
  return Math.min(n - 1, Math.max(0, v));
}

/** `1000.0f * FLT_MIN`: below this a weight sum is treated as zero (no renormalisation). */
export const TINY_WEIGHT_SUM = f32(1000 * 2 ** -126);

/** C's `lrintf` in the default rounding mode: nearest, ties to even. */
export function roundHalfEven(v: number): number {
  const lo = Math.floor(v);
  const d = v - lo;
  if (d !== 0.5) return d < 0.5 ? lo : lo + 1;
  return lo % 2 === 0 ? lo : lo + 1;
}
