/**
 * Karma entry (bundled by `node scripts/build_browser.mjs --tests`): the shared PyTorch golden suite
 * on `webgl` and on `cpu` in the browser, plus the WebGL-only checks. tf.js and the package come
 * from the page's globals (tf.min.js and dist/tfjs-interpolate.min.js), so this also tests the
 * browser bundle.
 */
import * as tf from '@tensorflow/tfjs';

import {interpolate} from '../../src';
import {describeGoldenSuite} from '../specs/golden_spec';
import {describeWebGLSuite, programCount} from './webgl_spec';

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
describeGoldenSuite({tf, interpolate, backend: 'webgl', forwardTol: 1e-5, gradTol: 1e-4,
                     programCount: (oursOnly) => programCount(tf, oursOnly)});
describeGoldenSuite({tf, interpolate, backend: 'cpu', forwardTol: 0, gradTol: 0});
