/**
 * Registers the `webgpu` kernels (harmless when the webgpu backend is not installed: the registry
 * is keyed by backend name).
 */
import * as tf from '@tensorflow/tfjs-core';
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {interpolateGradWebGPUConfig, interpolateWebGPUConfig} from './interpolate_webgpu';

function registerOnce(config: KernelConfig): void {
  if (tf.getKernel(config.kernelName, config.backendName) == null) tf.registerKernel(config);
}

registerOnce(interpolateWebGPUConfig);
registerOnce(interpolateGradWebGPUConfig);
