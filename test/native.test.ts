/**
 * The PyTorch golden suite on the `cpu` backend twice: once on the native addon, once on the
 * JavaScript kernels (the switch is module-level, so both run in this one process). Fails when the
 * addon is not built or not used: CI builds it.
 */
import * as tf from '@tensorflow/tfjs';

import {interpolate, nativeAddonLoaded} from '../src';
import {nativeCalls, setNativeEnabled} from '../src/kernels/cpu/native';
import {setWasmEnabled} from '../src/kernels/wasm/module';
import {describeGoldenSuite} from './specs/golden_spec';

tf.env().set('IS_TEST', true);

describe('native kernels', () => {
  const before = {...nativeCalls};
  beforeAll(() => setNativeEnabled(true));

  it('the addon is built and loaded', () => {
    expect(nativeAddonLoaded()).toBe(true);
  });

  describeGoldenSuite({tf, interpolate, backend: 'cpu', forwardTol: 0, gradTol: 0});

  it('the suite above ran on the addon', () => {
    expect(nativeCalls.forward - before.forward).toBeGreaterThan(1000);
    expect(nativeCalls.backward - before.backward).toBeGreaterThan(500);
  });
});

describe('JavaScript kernels', () => {
  let before = {...nativeCalls};
  beforeAll(() => {
    setNativeEnabled(false);
    setWasmEnabled(false);  // else the wasm module takes over where the addon is off
    before = {...nativeCalls};
  });
  afterAll(() => {
    setNativeEnabled(true);
    setWasmEnabled(true);
  });

  describeGoldenSuite({tf, interpolate, backend: 'cpu', forwardTol: 0, gradTol: 0});

  it('the suite above did not touch the addon', () => {
    expect(nativeAddonLoaded()).toBe(false);
    expect(nativeCalls).toEqual(before);
  });
});
