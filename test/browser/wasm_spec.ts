/**
 * Browser checks of the WebAssembly path (jasmine in karma): the script-tag bundle's embedded
 * module compiles and runs, and the shared golden suite then runs on tf.js's `wasm` backend at the
 * wasm tolerances (exact), on the module.
 */
import type * as tfc from '@tensorflow/tfjs-core';

import type {InterpolateOptions} from '../../src/ops/options';
import {describeGoldenSuite, TOLERANCES} from '../specs/golden_spec';

/** The parts of the package API these checks use (the bundle's global `tfInterpolate`). */
export interface WasmApi {
  interpolate: (x: tfc.Tensor, options: InterpolateOptions) => tfc.Tensor;
  wasmReady(): Promise<boolean>;
  wasmModuleLoaded(): boolean;
}

/** Registers the wasm checks and the golden suite on the `wasm` backend. */
export function describeWasmSuite(tf: typeof tfc, api: WasmApi): void {
  describe('wasm module in the browser', () => {
    it('the embedded module compiles and runs', async () => {
      if (!(await api.wasmReady()) || !api.wasmModuleLoaded()) throw new Error('the wasm module did not load');
    });

    it('runs on tf.js\'s wasm backend, reading and writing its heap', async () => {
      await tf.setBackend('wasm');
      const x = tf.tensor4d([1, 2, 3, 4], [1, 1, 2, 2]);
      const y = api.interpolate(x, {size: [3, 3], mode: 'bilinear', alignCorners: true});
      const got = Array.from(await y.data());
      tf.dispose([x, y]);
      const want = [1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4];
      if (got.some((v, i) => v !== want[i])) throw new Error(`got [${got}]`);
    });
  });

  describeGoldenSuite({tf, interpolate: api.interpolate, backend: 'wasm', ...TOLERANCES.wasm});
}
