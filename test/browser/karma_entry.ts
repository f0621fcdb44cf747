/**
 * Karma entry (bundled by `node scripts/build_browser.mjs --tests`): the shared PyTorch golden suite
 * on `webgl`, `webgpu`, `cpu` and `wasm` in the browser, plus the WebGL-, WebGPU- and wasm-only checks. tf.js and the package come
 * from the page's globals (tf.min.js and dist/tfjs-interpolate.min.js), so this also tests the
 * browser bundle.
 */
import * as tf from '@tensorflow/tfjs';

import * as api from '../../src';
import {interpolate} from '../../src';
import type * as graphModelApi from '../../src/graph_model/api';
import {describeGoldenSuite, TOLERANCES} from '../specs/golden_spec';
import {describeTensorFlowSuite} from '../specs/tensorflow_spec';
import {loadGraphModelFixtures} from '../util/tensorflow_golden';
import {describeWasmSuite} from './wasm_spec';
import {describeWebGLSuite, programCount} from './webgl_spec';
import {describeWebGPUSuite} from './webgpu_spec';

/** The bundle's global API also carries the graph-model ops. */
const graphModel = api as unknown as typeof graphModelApi;

tf.env().set('IS_TEST', true);
// tf.js's own wasm binaries, served by karma (karma.conf.js).
(tf as unknown as {wasm: {setWasmPaths(p: string): void}}).wasm.setWasmPaths('/base/node_modules/@tensorflow/tfjs-backend-wasm/dist/');

describe('browser bundle', () => {
  // tf-backend-webgpu.min.js registers 'webgpu' above webgl: pick a backend before any tensor.
  beforeAll(async () => {
    await tf.setBackend('webgl');
    await tf.ready();
  });

  it('sets tf.interpolate and the wrappers on the global tf', () => {
    const g = tf as unknown as Record<string, unknown>;
    for (const name of ['interpolate', 'upsample', 'upsampleNearest', 'upsampleBilinear']) {
      if (typeof g[name] !== 'function') throw new Error(`tf.${name} is not set`);
    }
    if (g.interpolate !== interpolate) throw new Error('tf.interpolate is not the package op');
  });

  it('registers the graph-model ops with tf.registerOp (again: harmless)', async () => {
    const fixture = loadGraphModelFixtures().chain;
    const x = tf.ones([1, 8, 8, 3]);
    // Registered by the bundle itself, because tf.min.js has tf.registerOp.
    const auto = await tf.loadGraphModel(tf.io.fromMemory(fixture));
    (auto.execute(x) as tf.Tensor).dispose();
    auto.dispose();
    let message = '';
    for (const op of ['ResizeBicubic', 'ResizeArea', 'ScaleAndTranslate']) tf.deregisterOp(op);
    try {
      const bare = await tf.loadGraphModel(tf.io.fromMemory(fixture));
      try {
        bare.execute(x);
      } catch (e) {
        message = (e as Error).message;
      }
      bare.dispose();
    } finally {
      graphModel.registerGraphModelOps(tf.registerOp);
      graphModel.registerGraphModelOps(tf.registerOp);
    }
    if (!message.includes("Unknown op 'ResizeBicubic'")) throw new Error(`without the ops: "${message}"`);
    const model = await tf.loadGraphModel(tf.io.fromMemory(fixture));
    const y = model.execute(x) as tf.Tensor;
    if (y.shape.join() !== '1,4,4,3') throw new Error(`shape ${y.shape}`);
    tf.dispose([x, y]);
    model.dispose();
  });
});

describeWebGLSuite(tf, interpolate);
describeGoldenSuite({tf, interpolate, backend: 'webgl', ...TOLERANCES.webgl,
                     programCount: (oursOnly) => programCount(tf, oursOnly)});
describeGoldenSuite({tf, interpolate, backend: 'cpu', ...TOLERANCES.cpu});
describeWasmSuite(tf, api);
describeTensorFlowSuite({tf, ops: graphModel, backend: 'webgl', label: 'webgl', tol: 1e-5});
describeTensorFlowSuite({tf, ops: graphModel, backend: 'cpu', label: 'cpu (browser)', tol: 0});
describeWebGPUSuite(tf, interpolate);
describeGoldenSuite({tf, interpolate, backend: 'webgpu', ...TOLERANCES.webgpu});
describeTensorFlowSuite({tf, ops: graphModel, backend: 'webgpu', label: 'webgpu', tol: 1e-5});
describeTensorFlowSuite({tf, ops: graphModel, backend: 'wasm', label: 'wasm', tol: 0});
