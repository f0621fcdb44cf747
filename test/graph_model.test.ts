/**
 * The TensorFlow-compatible resizes on the cpu backend, with the JavaScript kernels and with the
 * native addon (where it applies). The entry point's registration: ./graph_model_entry.test.ts.
 */
import * as tf from '@tensorflow/tfjs';

import * as ops from '../src/graph_model';
import {tensorflowResizeTensorflowConfig} from '../src/graph_model/kernels';
import {nativeAddonLoaded, nativeCalls, setNativeEnabled} from '../src/kernels/cpu/native';
import {describeTensorFlowSuite} from './specs/tensorflow_spec';

tf.env().set('IS_TEST', true);


describeTensorFlowSuite({tf, ops, backend: 'cpu', label: 'cpu (JavaScript)', tol: 0, setup: () => setNativeEnabled(false)});

if (nativeAddonLoaded()) {
  describeTensorFlowSuite({tf, ops, backend: 'cpu', label: 'cpu (native addon where it applies)', tol: 0, setup: () => setNativeEnabled(true)});

  describe('native addon', () => {
    it('runs ResizeArea (columns first) natively; rows-first plans fall back to JavaScript', async () => {
      setNativeEnabled(true);
      const x = tf.randomUniform([1, 9, 7, 3]);
      let before = nativeCalls.forward;
      const a = ops.resizeArea(x, [4, 3], {alignCorners: true});
      expect(nativeCalls.forward).toBe(before + 1);
      before = nativeCalls.forward;
      const b = ops.resizeBicubic(x, [4, 3]);
      const s = ops.scaleAndTranslate(x, [4, 3], [0.5, 0.5], [0, 0]);
      expect(nativeCalls.forward).toBe(before);
      setNativeEnabled(false);
      const a2 = ops.resizeArea(x, [4, 3], {alignCorners: true});
      expect(Array.from(await a.data())).toEqual(Array.from(await a2.data()));
      setNativeEnabled(true);
      tf.dispose([x, a, b, s, a2]);
    });
  });
}

// tfjs-node's `tensorflow` backend cannot be installed here: its kernel function runs on a cpu
// backend instance under another name, reached (like tfjs-node's) only through readSync.
const STANDIN = 'tensorflow-resize-standin';
tf.registerBackend(STANDIN, () => new (tf.findBackend('cpu')!.constructor as new () => tf.KernelBackend)(), 0);
tf.copyRegisteredKernels('cpu', STANDIN);
tf.unregisterKernel(ops.TensorFlowResize, STANDIN);
tf.registerKernel({...tensorflowResizeTensorflowConfig, backendName: STANDIN});
describeTensorFlowSuite({tf, ops, backend: STANDIN, label: 'the tensorflow-backend kernel (stand-in)', tol: 0, setup: () => setNativeEnabled(true)});
