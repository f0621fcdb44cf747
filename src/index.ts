/**
 * tfjs-interpolate: PyTorch's `torch.nn.functional.interpolate` for TensorFlow.js.
 * Importing this module registers its kernels and gradients.
 */
import './register';

export {Interpolate, InterpolateGrad} from './kernel_names';
export {interpolate} from './ops/interpolate';
export {nativeAddonLoaded} from './kernels/cpu/native';
export type {InterpolateOptions} from './ops/options';
export {upsample, upsampleBilinear, upsampleNearest} from './ops/wrappers';
export type {UpsampleOptions} from './ops/wrappers';
export type {DataFormat, InterpolateAttrs, InterpolateMode} from './plan/types';
