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
import {getTensorFlowResizePlan} from '../plan/tensorflow/plan';
import type {TensorFlowResizeAttrs} from '../plan/tensorflow/types';
import {registerKernelOnce} from '../register';
import {TensorFlowResize} from './kernel_names';

type KernelArgs = Parameters<KernelFunc>[0];

function planOf({inputs, attrs}: KernelArgs) {
  const x = inputs.x as TensorInfo;
  return {x, plan: getTensorFlowResizePlan(x.shape, attrs as unknown as TensorFlowResizeAttrs)};
}

/** `TensorFlowResize` on `cpu`. */
export const tensorflowResizeCpuConfig: KernelConfig = {
  kernelName: TensorFlowResize,
  backendName: 'cpu',
  kernelFunc: (args) => {
    const {x, plan} = planOf(args);
    return runForwardCpu(args.backend as CpuBackendLike, x, plan);
  },
};

/** `TensorFlowResize` on `webgl`. */
export const tensorflowResizeWebGLConfig: KernelConfig = {
  kernelName: TensorFlowResize,
  backendName: 'webgl',
  kernelFunc: ((args: KernelArgs) => {
    const {x, plan} = planOf(args);
    return runForwardWebGL(args.backend as unknown as WebGLBackendLike, x, plan);
  }) as unknown as KernelFunc,
};

/** `TensorFlowResize` on `webgpu`. */
export const tensorflowResizeWebGPUConfig: KernelConfig = {
  kernelName: TensorFlowResize,
  backendName: 'webgpu',
  kernelFunc: ((args: KernelArgs) => {
    const {x, plan} = planOf(args);
    return runForwardWebGPU(args.backend as unknown as WebGPUBackendLike, x, plan);
  }) as unknown as KernelFunc,
};

/** `TensorFlowResize` on `wasm` (reading and writing the backend's heap). */
export const tensorflowResizeWasmConfig: KernelConfig = {
  kernelName: TensorFlowResize,
  backendName: 'wasm',
  kernelFunc: ((args: KernelArgs) => {
    const {x, plan} = planOf(args);
    return runForwardWasm(args.backend as unknown as WasmBackendLike, x, plan);
  }) as unknown as KernelFunc,
};

/**
 * `TensorFlowResize` on tfjs-node's `tensorflow` backend: the shared CPU passes on the tensor's
 * data (the same arithmetic as `cpu`), handed back as a tensor on that backend.
 */
export const tensorflowResizeTensorflowConfig: KernelConfig = {
  kernelName: TensorFlowResize,
  backendName: 'tensorflow',
  kernelFunc: ((args: KernelArgs) => {
    const {x, plan} = planOf(args);
    return runForwardReadSync(args.backend as unknown as ReadSyncBackend, x, plan);
  }) as unknown as KernelFunc,
};

/** Registers the kernels once per backend (repeated calls do nothing). */
export function registerTensorFlowResizeKernels(): void {
  registerKernelOnce(tensorflowResizeCpuConfig);
  registerKernelOnce(tensorflowResizeWebGLConfig);
  registerKernelOnce(tensorflowResizeWebGPUConfig);
  registerKernelOnce(tensorflowResizeWasmConfig);
  registerKernelOnce(tensorflowResizeTensorflowConfig);
}
