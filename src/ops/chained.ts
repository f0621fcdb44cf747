/**
 * Chaining: `x.interpolate(options)` on every tf.js tensor, the same as `interpolate(x, options)`.
 * Importing the package installs it (tf.js's own chained ops follow the same pattern).
 */
import * as tf from '@tensorflow/tfjs-core';
import type {Rank} from '@tensorflow/tfjs-core';

import {interpolate} from './interpolate';
import type {InterpolateOptions} from './options';

// The augmentation must target the module that declares `Tensor`: augmenting
// '@tensorflow/tfjs-core' is invisible to consumers who import '@tensorflow/tfjs'.
declare module '@tensorflow/tfjs-core/dist/tensor' {
  interface Tensor<R extends Rank = Rank> {
    /**
     * Chained form of {@link interpolate} (PyTorch's `F.interpolate`): resizes the spatial axes
     * of this rank 3, 4 or 5 tensor. Defaults: `mode: 'nearest'`, `dataFormat: 'channelsFirst'`.
     * Available once `tfjs-interpolate` has been imported. The result has the input's rank, and
     * so the input's static type: a `Tensor4D` stays a `Tensor4D`.
     * @example
     * const y: tf.Tensor4D = tf.tensor4d([[[[1, 2], [3, 4]]]]).interpolate({scaleFactor: 2, mode: 'bilinear'});
     */
    interpolate(options: InterpolateOptions): Tensor<R>;
  }
}

tf.Tensor.prototype.interpolate = function<R extends Rank>(this: tf.Tensor<R>, options: InterpolateOptions): tf.Tensor<R> {
  this.throwIfDisposed();
  return interpolate(this, options);
};
