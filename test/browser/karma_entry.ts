/**
 * Karma entry (bundled by `node scripts/build_browser.mjs --tests`): the shared PyTorch golden suite
 * on `webgl`, `cpu` and `wasm` in the browser, plus the WebGL- and wasm-only checks. tf.js and the package come
 * from the page's globals (tf.min.js and dist/tfjs-interpolate.min.js), so this also tests the
 * browser bundle.
 */
import * as tf from '@tensorflow/tfjs';

import * as api from '../../src';
import {interpolate} from '../../src';
import {describeGoldenSuite} from '../specs/golden_spec';
import {describeWasmSuite} from './wasm_spec';
import {describeWebGLSuite} from './webgl_spec';

tf.env().set('IS_TEST', true);
// tf.js's own wasm binaries, served by karma (karma.conf.js).
(tf as unknown as {wasm: {setWasmPaths(p: string): void}}).wasm.setWasmPaths('/base/node_modules/@tensorflow/tfjs-backend-wasm/dist/');

describe('browser bundle', () => {
  it('sets tf.interpolate and the wrappers on the global tf', () => {
    const g = tf as unknown as Record<string, unknown>;
    for (const name of ['interpolate', 'upsample', 'upsampleNearest', 'upsampleBilinear']) {
      if (typeof g[name] !== 'function') throw new Error(`tf.${name} is not set`);
    }
    if (g.interpolate !== interpolate) throw new Error('tf.interpolate is not the package op');
  });
});

describeWebGLSuite(tf, interpolate);
describeGoldenSuite({tf, interpolate, backend: 'webgl', forwardTol: 1e-5, gradTol: 1e-4});
describeGoldenSuite({tf, interpolate, backend: 'cpu', forwardTol: 1e-6, gradTol: 1e-5});
describeWasmSuite(tf, api);
