/**
 * Karma entry (bundled by `node scripts/build_browser.mjs --tests`): the shared PyTorch golden suite
 * on `webgl`, `cpu` and `webgpu` in the browser, plus the WebGL- and WebGPU-only checks. tf.js and the package come
 * from the page's globals (tf.min.js and dist/tfjs-interpolate.min.js), so this also tests the
 * browser bundle.
 */
import * as tf from '@tensorflow/tfjs';

import {interpolate} from '../../src';
import {describeGoldenSuite, TOLERANCES} from '../specs/golden_spec';
import {describeWebGLSuite} from './webgl_spec';
import {describeWebGPUSuite} from './webgpu_spec';

tf.env().set('IS_TEST', true);

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
describeGoldenSuite({tf, interpolate, backend: 'webgl', ...TOLERANCES.webgl});
describeGoldenSuite({tf, interpolate, backend: 'cpu', ...TOLERANCES.cpu});
describeWebGPUSuite(tf, interpolate);
describeGoldenSuite({tf, interpolate, backend: 'webgpu', ...TOLERANCES.webgpu});
