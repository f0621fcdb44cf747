/**
 * Source-coordinate arithmetic of PyTorch 1.13.1's CPU upsampling kernels (`aten/src/ATen/native/
 * UpSample.h`, `cpu/UpSampleKernel.cpp`), float32 input.
 *
 * Note on precision: 1.13.1 computes source coordinates in double (`acc_type<float, false>`), keeps
 * the scale and the interpolation weights in float32, and rounds with `floorf`/truncation at fixed
 * steps. `Math.fround` marks every float32 rounding; any other arithmetic is double, exactly as in
 * the C++ (x86-64, SSE2, no FMA contraction in the `default` CPU capability build).
 */

const f32 = Math.fround;

/**
 * `compute_scales_value` + `area_pixel_compute_scale`: the float32 step between output and input
 * coordinates. `userScale > 0` is the user's `scale_factor` (used as `1 / scale`), else the sizes decide.
 */
export function kernelScale(
    inSize: number, outSize: number, alignCorners: boolean, userScale: number): number {
  if (alignCorners) {
    return outSize > 1 ? f32(f32(inSize - 1) / f32(outSize - 1)) : 0;
  }
  return userScale > 0 ? f32(1 / userScale) : f32(f32(inSize) / f32(outSize));
}

/** `nearest`: OpenCV's INTER_NEAREST rule `floor(o * scale)` (generic kernel). */
export function nearestSource(scale: number, o: number, inSize: number): number {
  return Math.min(Math.floor(f32(scale * o)), inSize - 1);
}

/**
 * `nearest_idx`: the rule of the channels-last nearest kernel and of every nearest backward, which
 * short-cuts `out == in` and `out == 2 * in` whatever the user's scale says.
 */
export function nearestSourceShortcut(
    o: number, inSize: number, outSize: number, userScale: number): number {
  if (outSize === inSize) return o;
  if (outSize === 2 * inSize) return Math.floor(o / 2);  // not `o >> 1`: exact past 2^31
  return nearestSource(kernelScale(inSize, outSize, false, userScale), o, inSize);
}

/** `nearest-exact` forward: round half up of the half-pixel source coordinate. */
export function nearestExactSource(scale: number, o: number, inSize: number): number {
  let r = scale * (o + 0.5) - 0.5;
  if (r < 0) r = 0;
  return Math.min(Math.floor(f32(r + 0.5)), inSize - 1);
}

/** `nearest_exact_idx`, the form the nearest-exact backward uses. */
export function nearestExactSourceBackward(scale: number, o: number, inSize: number): number {
  return Math.min(Math.floor(f32((o + 0.5) * scale)), inSize - 1);
}

/** `area_pixel_compute_source_index` in double, without the clamp (bicubic and antialias use it raw). */
export function sourceCoordinate(scale: number, o: number, alignCorners: boolean): number {
  return alignCorners ? scale * o : scale * (o + 0.5) - 0.5;
}

/** Keys cubic convolution, A = -0.75, for |x| <= 1 (`cubic_convolution1`), float32 steps. */
function cubicNear(x: number): number {
  return f32(f32(f32(f32(f32(1.25 * x) - 2.25) * x) * x) + 1);
}

/** Keys cubic convolution, A = -0.75, for 1 < |x| < 2 (`cubic_convolution2`), float32 steps. */
function cubicFar(x: number): number {
  return f32(f32(f32(f32(f32(f32(-0.75 * x) + 3.75) * x) - 6) * x) + 3);
}

/** `get_cubic_upsample_coefficients`: the four tap weights for fractional offset `t` (a float32). */
export function cubicCoefficients(t: number): [number, number, number, number] {
  const u = f32(1 - t);
  return [cubicFar(f32(t + 1)), cubicNear(t), cubicNear(u), cubicFar(f32(u + 1))];
}

/** Antialias triangle filter (`aa_filter` for bilinear). */
export function antialiasLinearFilter(x: number): number {
  const a = Math.abs(x);
  return a < 1 ? f32(1 - a) : 0;
}

/** Antialias cubic filter (Keys with a = -0.5, as Pillow), float32 steps in the far branch. */
export function antialiasCubicFilter(x: number): number {
  const a = f32(Math.abs(x));
  if (a < 1) return f32((1.5 * a - 2.5) * a * a + 1);
  if (a < 2) {
    let t = f32(a - 5);
    t = f32(f32(t * a) + 8);
    t = f32(f32(t * a) - 4);
    return f32(t * -0.5);
  }
  return 0;
}

/** Adaptive pooling window `[start, end)` of output `o` (`AdaptivePooling.h`, integer exact). */
export function areaWindow(o: number, outSize: number, inSize: number): [number, number] {
  const start = Math.floor(o / outSize) * inSize + Math.floor(((o % outSize) * inSize) / outSize);
  const end = 1 + Math.floor(((o + 1) * inSize - 1) / outSize);
  return [start, end];
}
