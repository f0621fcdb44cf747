import type * as tf from '@tensorflow/tfjs-core';

import {interpolate} from './interpolate';
import type {InterpolateOptions} from './options';

/** Options of the fixed-mode wrappers: everything but the mode. */
export type UpsampleOptions = Pick<InterpolateOptions, 'size'|'scaleFactor'|'dataFormat'>;

function rejectKeys(name: string, options: object, keys: string[]): void {
  const bad = keys.filter((k) => k in options);
  if (bad.length > 0) throw new Error(`${name}: option '${bad[0]}' is fixed by this wrapper; use interpolate()`);
}

/**
 * PyTorch's `F.upsample`: the same as {@link interpolate}.
 * @example upsample(x, {scaleFactor: 2, mode: 'bicubic'});
 */
export function upsample<R extends tf.Rank>(x: tf.Tensor<R>|tf.TensorLike, options: InterpolateOptions): tf.Tensor<R> {
  return interpolate(x, options);
}

/**
 * PyTorch's `F.upsample_nearest` / `nn.UpsamplingNearest2d`: {@link interpolate} with
 * `mode: 'nearest'`.
 * @example upsampleNearest(x, {size: [8, 8]});
 */
export function upsampleNearest<R extends tf.Rank>(x: tf.Tensor<R>|tf.TensorLike, options: UpsampleOptions): tf.Tensor<R> {
  rejectKeys('upsampleNearest', options, ['mode', 'alignCorners', 'antialias', 'recomputeScaleFactor']);
  return interpolate(x, {...options, mode: 'nearest'});
}

/**
 * PyTorch's `F.upsample_bilinear` / `nn.UpsamplingBilinear2d`: {@link interpolate} with
 * `mode: 'bilinear', alignCorners: true` (rank 4 input).
 * @example upsampleBilinear(x, {scaleFactor: 2});
 */
export function upsampleBilinear<R extends tf.Rank>(x: tf.Tensor<R>|tf.TensorLike, options: UpsampleOptions): tf.Tensor<R> {
  rejectKeys('upsampleBilinear', options, ['mode', 'alignCorners', 'antialias', 'recomputeScaleFactor']);
  return interpolate(x, {...options, mode: 'bilinear', alignCorners: true});
}
