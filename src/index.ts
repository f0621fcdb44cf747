/**
 * tfjs-interpolate: PyTorch's `torch.nn.functional.interpolate` for TensorFlow.js.
 * Importing this module registers its kernels and gradients, the chained `tensor.interpolate()`
 * and the `Interpolate` layer class.
 */
import './register';
import './ops/chained';

export {Interpolate, InterpolateGrad} from './kernel_names';
export {nativeAddonLoaded} from './kernels/cpu/native';
export {setWasmPath, wasmModuleLoaded, wasmReady} from './kernels/wasm/module';
export {Interpolate as InterpolateLayer, interpolateLayer} from './layers/interpolate_layer';
export type {InterpolateLayerArgs} from './layers/interpolate_layer';
export {interpolate} from './ops/interpolate';
export type {InterpolateOptions} from './ops/options';
export {upsample, upsampleBilinear, upsampleNearest} from './ops/wrappers';
export type {UpsampleOptions} from './ops/wrappers';
export type {DataFormat, InterpolateAttrs, InterpolateMode} from './plan/types';
