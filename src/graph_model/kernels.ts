/**
 * `TensorFlowResize` for the `cpu` (JavaScript, the native addon or the WebAssembly module), `wasm`,
 * `webgl`, `webgpu` and tfjs-node's `tensorflow` backends: the TensorFlow plan's tables through the same forward passes as
 * `Interpolate` (duck-typed: no backend package is imported).
 */
import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {CpuBackendLike, runForwardCpu} from '../kernels/cpu/interpolate_cpu';
import {ReadSyncBackend, runForwardReadSync} from '../kernels/tensorflow/interpolate_tensorflow';
import {runForwardWasm, WasmBackendLike} from '../kernels/wasm/interpolate_wasm';
import {runForwardWebGL, WebGLBackendLike} from '../kernels/webgl/interpolate_webgl';
import {runForwardWebGPU, WebGPUBackendLike} from '../kernels/webgpu/interpolate_webgpu';
import type {ForwardKernelPlan} from '../plan/plan';
import {getTensorFlowResizePlan} from '../plan/tensorflow/plan';
import type {TensorFlowResizeAttrs} from '../plan/tensorflow/types';
import {registerKernelOnce} from '../register';
import {TensorFlowResize} from './kernel_names';

type KernelArgs = Parameters<KernelFunc>[0];

function planOf({inputs, attrs}: KernelArgs) {
  const x = inputs.x as TensorInfo;
  return {x, plan: getTensorFlowResizePlan(x.shape, attrs as unknown as TensorFlowResizeAttrs)};
}

/** Runs a TensorFlow plan's forward passes on `x` on one backend. */
type ForwardRunner<B> = (backend: B, x: TensorInfo, plan: ForwardKernelPlan) => TensorInfo;

function tensorflowResizeConfig<B>(backendName: string, run: ForwardRunner<B>): KernelConfig {
  const kernelFunc = (args: KernelArgs) => {
    const {x, plan} = planOf(args);
    return run(args.backend as unknown as B, x, plan);
  };
  return {kernelName: TensorFlowResize, backendName, kernelFunc: kernelFunc as unknown as KernelFunc};
}

/** `TensorFlowResize` on `cpu`. */
export const tensorflowResizeCpuConfig = tensorflowResizeConfig<CpuBackendLike>('cpu', runForwardCpu);

/** `TensorFlowResize` on `webgl`. */
export const tensorflowResizeWebGLConfig = tensorflowResizeConfig<WebGLBackendLike>('webgl', runForwardWebGL);

/** `TensorFlowResize` on `webgpu`. */
export const tensorflowResizeWebGPUConfig = tensorflowResizeConfig<WebGPUBackendLike>('webgpu', runForwardWebGPU);

/** `TensorFlowResize` on `wasm` (reading and writing the backend's heap). */
export const tensorflowResizeWasmConfig = tensorflowResizeConfig<WasmBackendLike>('wasm', runForwardWasm);

/**
 * `TensorFlowResize` on tfjs-node's `tensorflow` backend: the shared CPU passes on the tensor's
 * data (the same arithmetic as `cpu`), handed back as a tensor on that backend.
 */
export const tensorflowResizeTensorflowConfig =
    tensorflowResizeConfig<ReadSyncBackend>('tensorflow', runForwardReadSync);

/** Registers the kernels once per backend (repeated calls do nothing). */
export function registerTensorFlowResizeKernels(): void {
  registerKernelOnce(tensorflowResizeCpuConfig);
  registerKernelOnce(tensorflowResizeWebGLConfig);
  registerKernelOnce(tensorflowResizeWebGPUConfig);
  registerKernelOnce(tensorflowResizeWasmConfig);
  registerKernelOnce(tensorflowResizeTensorflowConfig);
}
