/**
 * Plain-data vocabulary of the TensorFlow-compatible resizes (`tf.raw_ops.ResizeBicubic`,
 * `ResizeArea`, `ScaleAndTranslate`). Separate from the PyTorch modes in ../types.ts: these ops
 * have their own coordinate rules, weights and pass order. Nothing here imports tf.js.
 */

/** The TensorFlow ops, by their graph names. */
export type TensorFlowResizeOp = 'ResizeBicubic'|'ResizeArea'|'ScaleAndTranslate';

/** `ScaleAndTranslate`'s `kernel_type` values (TensorFlow's `sampling_kernels.h`). */
export type SamplingKernelType =
    'lanczos1'|'lanczos3'|'lanczos5'|'gaussian'|'box'|'triangle'|'keyscubic'|'mitchellcubic';

/** Every kernel type, in TensorFlow's enum order. */
export const SAMPLING_KERNEL_TYPES: readonly SamplingKernelType[] = Object.freeze([
  'lanczos1', 'lanczos3', 'lanczos5', 'gaussian', 'box', 'triangle', 'keyscubic', 'mitchellcubic',
] as const);

/**
 * Validated attributes of one TensorFlow resize: what the op hands to `runKernel` and what the
 * plan is built from (plain data). Fields an op does not have keep TensorFlow's defaults.
 */
export interface TensorFlowResizeAttrs {
  op: TensorFlowResizeOp;
  /** Output `[height, width]`. */
  size: number[];
  /** `ResizeBicubic`, `ResizeArea`: `align_corners` (default false). */
  alignCorners: boolean;
  /** `ResizeBicubic`: `half_pixel_centers` (default false). */
  halfPixelCenters: boolean;
  /** `ScaleAndTranslate`: `kernel_type` (default `'lanczos3'`). */
  kernelType: SamplingKernelType;
  /** `ScaleAndTranslate`: `antialias` (default true). */
  antialias: boolean;
  /** `ScaleAndTranslate`: float32 `[row, column]` scale (output / input). */
  scale: number[];
  /** `ScaleAndTranslate`: float32 `[row, column]` translation, in output pixels. */
  translation: number[];
}
