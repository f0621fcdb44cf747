/**
 * The PyTorch golden suite on tf.js's `wasm` backend (tolerance 0: the path is exact), four ways:
 * on the package's WebAssembly module inside tf.js's heap (no copies), on the module over its own
 * memory with copies (the fallback where the heap cannot be shared), on the JavaScript kernels over
 * the backend's heap (the fallback where WebAssembly SIMD is missing), and the `cpu` backend through
 * the module (the path where the addon is absent). Fails when dist/tfjs-interpolate.wasm is not
 * built.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

import {interpolate, wasmModuleLoaded} from '../src';
import * as graphModelOps from '../src/graph_model';
import {nativeCalls, setNativeEnabled} from '../src/kernels/cpu/native';
import {setWasmHeapEnabled} from '../src/kernels/wasm/heap_instance';
import {setWasmEnabled} from '../src/kernels/wasm/module';
import {wasmCalls} from '../src/kernels/wasm/run';
import {describeGoldenSuite, TOLERANCES} from './specs/golden_spec';
import {describeTensorFlowSuite} from './specs/tensorflow_spec';

tf.env().set('IS_TEST', true);

const tol = TOLERANCES.wasm;

describe('wasm backend on the WebAssembly module in tf.js\'s heap', () => {
  const before = {...wasmCalls};

  it('the module is built and loaded', () => {
    expect(wasmModuleLoaded()).toBe(true);
  });

  describeGoldenSuite({tf, interpolate, backend: 'wasm', ...tol});

  it('the suite above ran on the module, in the heap without copies', () => {
    expect(wasmCalls.heapForward - before.heapForward).toBeGreaterThan(1000);
    expect(wasmCalls.heapBackward - before.heapBackward).toBeGreaterThan(500);
    expect(wasmCalls.forward - before.forward).toBe(wasmCalls.heapForward - before.heapForward);
    expect(wasmCalls.backward - before.backward).toBe(wasmCalls.heapBackward - before.heapBackward);
  });
});

describe('wasm backend on the WebAssembly module, copying (heap not shared)', () => {
  let before = {...wasmCalls};
  beforeAll(() => {
    setWasmHeapEnabled(false);
    before = {...wasmCalls};
  });
  afterAll(() => setWasmHeapEnabled(true));

  describeGoldenSuite({tf, interpolate, backend: 'wasm', ...tol});

  it('the suite above ran on the module over its own memory', () => {
    expect(wasmCalls.forward - before.forward).toBeGreaterThan(1000);
    expect(wasmCalls.backward - before.backward).toBeGreaterThan(500);
    expect(wasmCalls.heapForward).toBe(before.heapForward);
    expect(wasmCalls.heapBackward).toBe(before.heapBackward);
  });
});

describe('wasm backend on the JavaScript kernels (no module)', () => {
  let before = {...wasmCalls};
  beforeAll(() => {
    setWasmEnabled(false);
    before = {...wasmCalls};
  });
  afterAll(() => setWasmEnabled(true));

  describeGoldenSuite({tf, interpolate, backend: 'wasm', ...tol});

  it('the suite above did not touch the module', () => {
    expect(wasmModuleLoaded()).toBe(false);
    expect(wasmCalls).toEqual(before);
  });
});

describe('cpu backend on the WebAssembly module (no addon)', () => {
  let before = {...wasmCalls};
  let native = {...nativeCalls};
  beforeAll(() => {
    setNativeEnabled(false);
    before = {...wasmCalls};
    native = {...nativeCalls};
  });
  afterAll(() => setNativeEnabled(true));

  describeGoldenSuite({tf, interpolate, backend: 'cpu', ...tol});

  it('the suite above ran on the module, not the addon', () => {
    expect(wasmCalls.forward - before.forward).toBeGreaterThan(1000);
    expect(wasmCalls.backward - before.backward).toBeGreaterThan(500);
    expect(wasmCalls.heapForward).toBe(before.heapForward);
    expect(nativeCalls).toEqual(native);
  });
});

describe('TensorFlow-compatible resizes on the wasm backend', () => {
  let before = {...wasmCalls};
  beforeAll(() => {
    before = {...wasmCalls};
  });

  // ResizeArea runs on the module; the rows-first plans run the JavaScript passes over the heap.
  describeTensorFlowSuite({tf, ops: graphModelOps, backend: 'wasm', label: 'wasm', tol: 0});

  it('ResizeArea ran on the module, in the heap', () => {
    expect(wasmCalls.heapForward - before.heapForward).toBeGreaterThan(0);
  });
});
