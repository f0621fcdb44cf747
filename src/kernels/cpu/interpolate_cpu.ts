/**
 * `Interpolate` and `InterpolateGrad` for tf.js's `cpu` backend (duck-typed: the backend package is
 * not imported).
 */
import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {Interpolate, InterpolateGrad} from '../../kernel_names';
import {ForwardKernelPlan, getInterpolatePlan} from '../../plan/plan';
import type {InterpolateAttrs} from '../../plan/types';
import {interpolateBackward} from './backward_impl';
import {interpolateForward, NumericArray} from './forward_impl';
import {nativeBackward, nativeForward} from './native';
import {wasmBackward, wasmForward} from '../wasm/run';

/** The parts of `MathBackendCPU` the kernels use. */
export interface CpuBackendLike {
  data: {get(dataId: object): {values?: unknown}};
  makeTensorInfo(shape: number[], dtype: 'float32'|'int32', values: NumericArray): TensorInfo;
}

/** The values of a tensor as the array type its dtype implies (backends may store others). */
export function asNumericArray(values: unknown, dtype: string): NumericArray {
  if (dtype === 'int32') {
    return values instanceof Int32Array ? values : Int32Array.from(values as ArrayLike<number>);
  }
  return values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
}

/** Reads a tensor's values as the array type its dtype implies. */
export function readValues(backend: CpuBackendLike, t: TensorInfo): NumericArray {
  return asNumericArray(backend.data.get(t.dataId).values, t.dtype);
}

type KernelArgs = Parameters<KernelFunc>[0];

/** Runs a {@link ForwardKernelPlan} on `x`: the native addon, else the WebAssembly module, else JavaScript. */
export function runForwardCpu(cpu: CpuBackendLike, x: TensorInfo, plan: ForwardKernelPlan): TensorInfo {
  const values = readValues(cpu, x);
  const out = nativeForward(plan, values) ?? wasmForward(plan, values) ?? interpolateForward(plan, values);
  return cpu.makeTensorInfo(plan.outShape.slice(), x.dtype === 'int32' ? 'int32' : 'float32', out);
}

function forward({inputs, backend, attrs}: KernelArgs): TensorInfo {
  const x = inputs.x as TensorInfo;
  return runForwardCpu(backend as CpuBackendLike, x, getInterpolatePlan(x.shape, attrs as unknown as InterpolateAttrs));
}

function backward({inputs, backend, attrs}: KernelArgs): TensorInfo {
  const cpu = backend as CpuBackendLike;
  const {dy, x} = inputs as {dy: TensorInfo, x: TensorInfo};
  const plan = getInterpolatePlan(x.shape, attrs as unknown as InterpolateAttrs);
  const dyValues = readValues(cpu, {...dy, dtype: 'float32'}) as Float32Array;
  const dx = nativeBackward(plan, dyValues) ?? wasmBackward(plan, dyValues) ?? interpolateBackward(plan, dyValues);
  return cpu.makeTensorInfo(plan.inShape.slice(), 'float32', dx);
}

/** Forward kernel config for the `cpu` backend. */
export const interpolateCpuConfig: KernelConfig = {
  kernelName: Interpolate,
  backendName: 'cpu',
  kernelFunc: forward,
};

/** Gradient kernel config for the `cpu` backend. */
export const interpolateGradCpuConfig: KernelConfig = {
  kernelName: InterpolateGrad,
  backendName: 'cpu',
  kernelFunc: backward,
};
