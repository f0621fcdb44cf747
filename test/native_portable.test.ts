/**
 * The PyTorch golden suite on the native addon's portable vector code (the path of every non-x86
 * build and of the WebAssembly module), forced on an x86 machine with the addon's `setPortable`
 * switch (`TFJS_INTERPOLATE_PORTABLE=1` does the same when the addon loads). The same tolerances
 * as the native suite (native_fuzz.test.ts compares both vector paths with the JavaScript kernels
 * bit for bit). Fails when the addon is not built: CI builds it.
 */
import * as path from 'path';

import * as tf from '@tensorflow/tfjs';

import {interpolate, nativeAddonLoaded} from '../src';
import {nativeCalls, setNativeEnabled} from '../src/kernels/cpu/native';
import {describeGoldenSuite} from './specs/golden_spec';

tf.env().set('IS_TEST', true);

// The raw addon (the same module instance the kernels use).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const addon = require('node-gyp-build')(path.resolve(__dirname, '..')) as {
  setPortable(on: boolean): void, isa(): string,
};

describe('native kernels, portable vector code', () => {
  const before = {...nativeCalls};
  beforeAll(() => {
    setNativeEnabled(true);
    addon.setPortable(true);
  });
  afterAll(() => addon.setPortable(false));

  it('the addon is loaded and runs its portable code', () => {
    expect(nativeAddonLoaded()).toBe(true);
    expect(addon.isa()).not.toBe('avx2');
  });

  describeGoldenSuite({tf, interpolate, backend: 'cpu', forwardTol: 1e-6, gradTol: 1e-5});

  it('the suite above ran on the addon', () => {
    expect(addon.isa()).not.toBe('avx2');
    expect(nativeCalls.forward - before.forward).toBeGreaterThan(1000);
    expect(nativeCalls.backward - before.backward).toBeGreaterThan(500);
  });
});
