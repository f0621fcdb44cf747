import * as tf from '@tensorflow/tfjs-core';

import {Interpolate} from '../kernel_names';
import type {InterpolateOptions} from './options';
import {validateOptions} from './validate';

const KNOWN_BACKENDS = ['cpu', 'webgl', 'wasm', 'webgpu', 'tensorflow'];

function assertKernelAvailable(): void {
  const backend = tf.getBackend();
  if (tf.getKernel(Interpolate, backend) != null) return;
  const names = new Set([...KNOWN_BACKENDS, ...Object.keys(tf.engine().registryFactory)]);
  const have = [...names].filter((b) => tf.getKernel(Interpolate, b) != null);
  throw new Error(
      `interpolate: the '${backend}' backend has no '${Interpolate}' kernel; tfjs-interpolate ` +
      `provides it for: ${have.join(', ') || 'none'}. Switch with tf.setBackend('${have[0] ?? 'cpu'}').`);
}

function interpolate_<R extends tf.Rank>(x: tf.Tensor<R>|tf.TensorLike, options: InterpolateOptions): tf.Tensor<R> {
  const $x = x instanceof tf.Tensor ? x : tf.tensor(x);
  const attrs = validateOptions($x.shape, $x.dtype, options);
  assertKernelAvailable();
  // The output has the input's rank.
  return tf.engine().runKernel(Interpolate, {x: $x}, attrs as unknown as tf.NamedAttrMap) as tf.Tensor<R>;
}

/**
 * PyTorch's `torch.nn.functional.interpolate` for tf.js: resizes the spatial axes of a rank 3, 4
 * or 5 tensor (`N, C, W` / `N, C, H, W` / `N, C, D, H, W`, or channels-last with
 * `dataFormat: 'channelsLast'`). Results equal PyTorch 1.13.1's CPU float32 output bit for bit;
 * the op has gradients on every mode.
 *
 * Defaults: `mode: 'nearest'`, `alignCorners: false`, `antialias: false`,
 * `recomputeScaleFactor: false`, `dataFormat: 'channelsFirst'`. Exactly one of `size` and
 * `scaleFactor` is required. float32 input works with every mode; int32 input with nearest and
 * nearest-exact (returned as int32).
 *
 * @param x The tensor (or nested array) to resize.
 * @param options See {@link InterpolateOptions}.
 * @returns A new tensor with the same batch/channel sizes and the requested spatial size, of the
 *     input's rank, which its static type keeps (a `Tensor4D` in, a `Tensor4D` out).
 * @throws Error with PyTorch's message for every argument combination PyTorch rejects, and for
 *     unknown option names.
 * @example
 * const x = tf.tensor3d([[[1, 2, 3], [4, 5, 6]]]);
 * interpolate(x, {size: 6}).print();  // [[[1, 1, 2, 2, 3, 3], [4, 4, 5, 5, 6, 6]]]
 * const img = tf.tensor4d([[[[1, 2, 3], [4, 5, 6]]]]);
 * interpolate(img, {scaleFactor: 2, mode: 'bilinear', alignCorners: true}).print();  // 4 x 6
 */
export const interpolate = /* @__PURE__ */ tf.op({interpolate_});
