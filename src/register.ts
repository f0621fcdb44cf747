/**
 * Registers every kernel and gradient this package has, once per kernel/backend pair, so that two
 * imports (or two copies of the package) neither throw nor warn.
 */
import * as tf from '@tensorflow/tfjs-core';
import type {GradConfig, KernelConfig} from '@tensorflow/tfjs-core';

import {interpolateGradGradConfig, interpolateGradConfig} from './gradients/interpolate_grad';
import {interpolateCpuConfig, interpolateGradCpuConfig} from './kernels/cpu/interpolate_cpu';
import {interpolateGradTensorflowConfig, interpolateTensorflowConfig} from './kernels/tensorflow/interpolate_tensorflow';
import {interpolateGradWasmConfig, interpolateWasmConfig} from './kernels/wasm/interpolate_wasm';
import './kernels/webgl/register';
import './kernels/webgpu/register';

/** Registers `config` unless a kernel of that name is already registered for that backend. */
export function registerKernelOnce(config: KernelConfig): void {
  if (tf.getKernel(config.kernelName, config.backendName) == null) tf.registerKernel(config);
}

function registerGradientOnce(config: GradConfig): void {
  if (tf.getGradient(config.kernelName) == null) tf.registerGradient(config);
}

registerKernelOnce(interpolateCpuConfig);
registerKernelOnce(interpolateGradCpuConfig);
registerKernelOnce(interpolateTensorflowConfig);
registerKernelOnce(interpolateGradTensorflowConfig);
registerKernelOnce(interpolateWasmConfig);
registerKernelOnce(interpolateGradWasmConfig);
registerGradientOnce(interpolateGradConfig);
registerGradientOnce(interpolateGradGradConfig);
