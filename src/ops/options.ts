import type {DataFormat, InterpolateMode} from '../plan/types';

/**
 * Options of {@link interpolate}, named after `torch.nn.functional.interpolate`'s arguments.
 */
export interface InterpolateOptions {
  /**
   * Output spatial size: one number for every spatial axis, or one per axis (outermost first).
   * Exactly one of `size` and `scaleFactor` must be given.
   */
  size?: number|number[];
  /**
   * Multiplier for the spatial size (one for all axes, or one per axis). The output size is
   * `floor(inputSize * scaleFactor)`; the kernel then maps coordinates with `1 / scaleFactor`
   * (PyTorch's default), unless `recomputeScaleFactor` is set.
   */
  scaleFactor?: number|number[];
  /**
   * Algorithm; default `'nearest'`. Rank 3 input accepts nearest, nearest-exact, linear, area;
   * rank 4 nearest, nearest-exact, bilinear, bicubic, area; rank 5 nearest, nearest-exact,
   * trilinear, area.
   */
  mode?: InterpolateMode;
  /**
   * Align the centres of the corner pixels of input and output (linear, bilinear, bicubic,
   * trilinear only; default `false`). Passing it with another mode is an error, as in PyTorch.
   */
  alignCorners?: boolean;
  /**
   * Compute the kernel's coordinate scale from the output and input sizes instead of using
   * `scaleFactor` as given (only meaningful with `scaleFactor`; default `false`).
   */
  recomputeScaleFactor?: boolean;
  /**
   * Antialiasing filter when downsampling (Pillow-style; bilinear and bicubic on rank-4 input only;
   * default `false`).
   */
  antialias?: boolean;
  /**
   * `'channelsFirst'` (default, PyTorch's `N, C, D?, H?, W`) or `'channelsLast'`
   * (`N, D?, H?, W, C`, tf.js's usual layout). The numbers are identical.
   */
  dataFormat?: DataFormat;
}

/** The option names {@link interpolate} accepts. */
export const OPTION_KEYS: readonly (keyof InterpolateOptions)[] = Object.freeze([
  'size', 'scaleFactor', 'mode', 'alignCorners', 'recomputeScaleFactor', 'antialias', 'dataFormat',
] as const);
