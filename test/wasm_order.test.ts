/**
 * Registration does not depend on load order: this package is imported first and tf.js's wasm
 * backend only afterwards, and the kernels are found and run on the module.
 */
import * as tf from '@tensorflow/tfjs';

import {interpolate, wasmModuleLoaded} from '../src';

tf.env().set('IS_TEST', true);

it('kernels registered before the wasm backend is loaded run once it is', async () => {
  expect(tf.findBackendFactory('wasm')).toBeNull();
  expect(tf.getKernel('Interpolate', 'wasm')).toBeDefined();
  expect(tf.getKernel('InterpolateGrad', 'wasm')).toBeDefined();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('@tensorflow/tfjs-backend-wasm');
  expect(await tf.setBackend('wasm')).toBe(true);
  const x = tf.tensor4d([1, 2, 3, 4], [1, 1, 2, 2]);
  const y = interpolate(x, {size: [3, 3], mode: 'bilinear', alignCorners: true});
  expect(Array.from(y.dataSync())).toEqual([1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4]);
  const g = tf.grad((t: tf.Tensor) => interpolate(t, {size: [3, 3], mode: 'bilinear', alignCorners: true}))(x);
  expect(Array.from(g.dataSync())).toEqual([2.25, 2.25, 2.25, 2.25]);
  expect(wasmModuleLoaded()).toBe(true);
  tf.dispose([x, y, g]);
});
