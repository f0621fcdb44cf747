/**
 * Plain-data vocabulary shared by the op, the plan and every kernel. Nothing here imports tf.js.
 */

/** Interpolation algorithms, with PyTorch's names. */
export type InterpolateMode =
    'nearest'|'nearest-exact'|'linear'|'bilinear'|'bicubic'|'trilinear'|'area';

/**
 * Tensor layout. `'channelsFirst'` is PyTorch's `(N, C, D?, H?, W)`; `'channelsLast'` is tf.js's
 * `(N, D?, H?, W, C)`. Both give identical numbers.
 */
export type DataFormat = 'channelsFirst'|'channelsLast';

/** Every mode, in PyTorch's error-message order. */
export const MODES: readonly InterpolateMode[] = Object.freeze(
    ['nearest', 'linear', 'bilinear', 'bicubic', 'trilinear', 'area', 'nearest-exact'] as const);

/**
 * Validated, normalised attributes: what the op hands to `runKernel` and what the plan is built from.
 * Only plain data (tf.js attribute maps cannot carry `null`), so "no user scale" is encoded as `0`,
 * which is also how PyTorch's `compute_scales_value` treats a non-positive scale.
 */
export interface InterpolateAttrs {
  /** Interpolation algorithm. */
  mode: InterpolateMode;
  /** PyTorch `align_corners` (always `false` for nearest, nearest-exact and area). */
  alignCorners: boolean;
  /** PyTorch `antialias` (bilinear/bicubic on 4-D input only). */
  antialias: boolean;
  /** Output spatial sizes, outermost first (D, H, W order). */
  outSize: number[];
  /** Per spatial axis, the scale the kernel uses to map coordinates; `0` = derive from the sizes. */
  scales: number[];
  /** Layout of input and output. */
  dataFormat: DataFormat;
}
