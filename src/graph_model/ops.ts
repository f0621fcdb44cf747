/**
 * TensorFlow's `ResizeBicubic`, `ResizeArea` and `ScaleAndTranslate` as tf.js ops, with
 * TensorFlow's float32 arithmetic: validated once, then the `TensorFlowResize` kernel (and, for
 * `ResizeArea`, TensorFlow's final float32 factor).
 */
import * as tf from '@tensorflow/tfjs-core';
import type {NamedAttrMap, Tensor, Tensor4D, TensorLike} from '@tensorflow/tfjs-core';

import {getTensorFlowResizePlan} from '../plan/tensorflow/plan';
import type {SamplingKernelType, TensorFlowResizeAttrs} from '../plan/tensorflow/types';
import {TensorFlowResize} from './kernel_names';
import {validateResize, validateScaleAndTranslate, VectorArg} from './validate';

/** A 1-D argument: a tensor (its values are read synchronously) or plain numbers. */
export type VectorLike = Tensor|readonly number[];

function vector(v: VectorLike, dtype: 'int32'|'float32'): VectorArg {
  if (v instanceof tf.Tensor) return {shape: v.shape, dtype: v.dtype, values: Array.from(v.dataSync() as ArrayLike<number>)};
  const values = Array.from(v);
  return {shape: [values.length], dtype, values};
}

function asTensor(images: Tensor|TensorLike): Tensor {
  return images instanceof tf.Tensor ? images : tf.tensor(images);
}

function run(images: Tensor, attrs: TensorFlowResizeAttrs): Tensor4D {
  return tf.tidy(() => {
    const x = images.dtype === 'float32' ? images : tf.cast(images, 'float32');
    const plan = getTensorFlowResizePlan(x.shape, attrs);
    const y = tf.engine().runKernel(TensorFlowResize, {x}, attrs as unknown as NamedAttrMap) as Tensor4D;
    return plan.outputScale === 1 ? y : tf.mul(y, tf.scalar(plan.outputScale));
  });
}

function withImages<T>(images: Tensor|TensorLike, f: (x: Tensor) => T): T {
  const x = asTensor(images);
  try {
    return f(x);
  } finally {
    if (x !== images) x.dispose();
  }
}

/** Options of {@link resizeBicubic}. */
export interface ResizeBicubicOptions {
  /** TensorFlow `align_corners` (default false). */
  alignCorners?: boolean;
  /** TensorFlow `half_pixel_centers` (default false; `tf.image.resize` sets it). */
  halfPixelCenters?: boolean;
}

/**
 * TensorFlow's `ResizeBicubic` on NHWC `images` (float32 or int32): float32 `[N, size[0],
 * size[1], C]`. Half-pixel centres use Keys' cubic (A = -0.5) with out-of-range taps dropped and
 * the rest renormalised; otherwise A = -0.75 with clamped edge taps; weights come from TensorFlow's
 * 1024-step table.
 * @example
 * const y = resizeBicubic(tf.ones([1, 4, 4, 3]), [8, 8], {halfPixelCenters: true});
 */
export function resizeBicubic(
    images: Tensor|TensorLike, size: VectorLike, options: ResizeBicubicOptions = {}): Tensor4D {
  return withImages(images, (x) => run(x, validateResize(
      'ResizeBicubic', x.shape, x.dtype, vector(size, 'int32'), options.alignCorners ?? false,
      options.halfPixelCenters ?? false)));
}

/** Options of {@link resizeArea}. */
export interface ResizeAreaOptions {
  /** TensorFlow `align_corners` (default false). */
  alignCorners?: boolean;
}

/**
 * TensorFlow's `ResizeArea` on NHWC `images`: each output cell is the coverage-weighted mean of
 * the input cells it overlaps (TensorFlow's fractional coverage, not PyTorch's adaptive pooling).
 * @example
 * const y = resizeArea(tf.ones([1, 6, 6, 1]), [4, 4]);
 */
export function resizeArea(
    images: Tensor|TensorLike, size: VectorLike, options: ResizeAreaOptions = {}): Tensor4D {
  return withImages(images, (x) => run(x, validateResize(
      'ResizeArea', x.shape, x.dtype, vector(size, 'int32'), options.alignCorners ?? false, false)));
}

/** Options of {@link scaleAndTranslate}. */
export interface ScaleAndTranslateOptions {
  /** TensorFlow `kernel_type` (default `'lanczos3'`). */
  kernelType?: SamplingKernelType;
  /** TensorFlow `antialias` (default true): widen the kernel when downsampling. */
  antialias?: boolean;
}

/**
 * TensorFlow's `ScaleAndTranslate` on NHWC `images`: output pixel `o` samples the input at
 * `(o + 0.5) / scale - translation / scale` per axis with the chosen kernel, rows then columns.
 * `tf.image.resize(method='lanczos3')` is this with `scale = size / inputSize`, translation 0.
 * @example
 * const y = scaleAndTranslate(tf.ones([1, 4, 4, 1]), [8, 8], [2, 2], [0, 0], {kernelType: 'lanczos3'});
 */
export function scaleAndTranslate(
    images: Tensor|TensorLike, size: VectorLike, scale: VectorLike, translation: VectorLike,
    options: ScaleAndTranslateOptions = {}): Tensor4D {
  return withImages(images, (x) => run(x, validateScaleAndTranslate(
      x.shape, x.dtype, vector(size, 'int32'), vector(scale, 'float32'), vector(translation, 'float32'),
      options.kernelType ?? 'lanczos3', options.antialias ?? true)));
}
