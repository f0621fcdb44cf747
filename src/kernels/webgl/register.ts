/**
 * Registers the `webgl` kernels (harmless when the webgl backend is not installed: the registry is
 * keyed by backend name).
 */
import * as tf from '@tensorflow/tfjs-core';
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {interpolateGradWebGLConfig, interpolateWebGLConfig} from './interpolate_webgl';

function registerOnce(config: KernelConfig): void {
  if (tf.getKernel(config.kernelName, config.backendName) == null) tf.registerKernel(config);
}

registerOnce(interpolateWebGLConfig);
registerOnce(interpolateGradWebGLConfig);
