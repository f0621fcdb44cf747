/**
 * `Interpolate` and `InterpolateGrad` for tf.js's `wasm` backend (duck-typed: the backend package
 * is not imported). Inputs are read from, and outputs written into, the backend's own heap: by this
 * package's WebAssembly module running inside that heap (no copies), or, where the heap cannot be
 * shared (tf.js's threaded build), by the module over its own memory with copies in and out, or by
 * the JavaScript kernels over the heap views where the module is unavailable.
 */
import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {Interpolate, InterpolateGrad} from '../../kernel_names';
import {getInterpolatePlan} from '../../plan/plan';
import type {ForwardKernelPlan} from '../../plan/plan';
import type {InterpolateAttrs} from '../../plan/types';
import {interpolateBackward} from '../cpu/backward_impl';
import {interpolateForward, NumericArray} from '../cpu/forward_impl';
import {wasmBackwardInHeap, wasmBackwardInto, wasmForwardInHeap, wasmForwardInto} from './run';

/** The parts of tfjs-backend-wasm's `BackendWasm` the kernels use (`wasm`: its Emscripten module). */
export interface WasmBackendLike {
  wasm?: object;
  makeOutput(shape: number[], dtype: 'float32'|'int32'): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): ArrayLike<number>;
}

type KernelArgs = Parameters<KernelFunc>[0];

/** A view of `t` on the backend's heap as the array type its dtype implies. */
function heapView(backend: WasmBackendLike, t: TensorInfo): NumericArray {
  const v = backend.typedArrayFromHeap(t);
  if (v instanceof Float32Array || v instanceof Int32Array) return v;
  return t.dtype === 'int32' ? Int32Array.from(v) : Float32Array.from(v);
}

/**
 * Runs a {@link ForwardKernelPlan} on `x` into a new tensor of the backend's: on the module, or the
 * JavaScript kernels over the heap views.
 */
export function runForwardWasm(b: WasmBackendLike, x: TensorInfo, plan: ForwardKernelPlan): TensorInfo {
  const out = b.makeOutput(plan.outShape.slice(), x.dtype === 'int32' ? 'int32' : 'float32');
  if (plan.outShape.some((d) => d === 0)) return out;
  if (wasmForwardInHeap(b, plan, x, out)) return out;
  // Views after the output is allocated: heap growth detaches earlier ones.
  const xv = heapView(b, x);
  const ov = heapView(b, out);
  if (!wasmForwardInto(plan, xv, ov)) ov.set(interpolateForward(plan, xv));
  return out;
}

function forward({inputs, backend, attrs}: KernelArgs): TensorInfo {
  const x = inputs.x as TensorInfo;
  return runForwardWasm(backend as unknown as WasmBackendLike, x,
                        getInterpolatePlan(x.shape, attrs as unknown as InterpolateAttrs));
}

function backward({inputs, backend, attrs}: KernelArgs): TensorInfo {
  const b = backend as unknown as WasmBackendLike;
  const {dy, x} = inputs as {dy: TensorInfo, x: TensorInfo};
  const plan = getInterpolatePlan(x.shape, attrs as unknown as InterpolateAttrs);
  const dx = b.makeOutput(plan.inShape.slice(), 'float32');
  if (plan.inShape.some((d) => d === 0)) return dx;
  if (dy.dtype === 'float32' && wasmBackwardInHeap(b, plan, dy, dx)) return dx;
  const dyView = heapView(b, dy);
  const dyv = dyView instanceof Float32Array ? dyView : Float32Array.from(dyView);
  const dxv = heapView(b, dx) as Float32Array;
  if (!wasmBackwardInto(plan, dyv, dxv)) dxv.set(interpolateBackward(plan, dyv));
  return dx;
}

/** Forward kernel config for the `wasm` backend. */
export const interpolateWasmConfig: KernelConfig = {
  kernelName: Interpolate,
  backendName: 'wasm',
  kernelFunc: forward,
};

/** Gradient kernel config for the `wasm` backend. */
export const interpolateGradWasmConfig: KernelConfig = {
  kernelName: InterpolateGrad,
  backendName: 'wasm',
  kernelFunc: backward,
};
