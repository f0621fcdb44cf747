/**
 * tfjs-interpolate: PyTorch's `torch.nn.functional.interpolate` for TensorFlow.js.
 * Importing this module registers its kernels and gradients and the chained `tensor.interpolate()`.
 * It needs only `@tensorflow/tfjs-core` and a backend; the tf.layers layer is the separate entry
 * `tfjs-interpolate/layers`.
 */
import './register';
import './ops/chained';

export {Interpolate, InterpolateGrad} from './kernel_names';
export {nativeAddonLoaded} from './kernels/cpu/native';
export {setWasmPath, wasmModuleLoaded, wasmReady} from './kernels/wasm/module';
export {interpolate} from './ops/interpolate';
export type {InterpolateOptions} from './ops/options';
export {upsample, upsampleBilinear, upsampleNearest} from './ops/wrappers';
export type {UpsampleOptions} from './ops/wrappers';
export type {DataFormat, InterpolateAttrs, InterpolateMode} from './plan/types';
