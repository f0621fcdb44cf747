/**
 * `tfjs-interpolate/layers`: the tf.js Layers `Interpolate` layer (PyTorch's `nn.Upsample`).
 * Needs `@tensorflow/tfjs-layers` (part of `@tensorflow/tfjs`); importing this entry registers the
 * layer class for `tf.loadLayersModel` and, through the op, every kernel of the main entry.
 * @example
 * import {interpolateLayer} from 'tfjs-interpolate/layers';
 * const up = interpolateLayer({scaleFactor: 2, mode: 'bilinear'});
 */
export {Interpolate as InterpolateLayer, interpolateLayer} from './interpolate_layer';
export type {InterpolateLayerArgs} from './interpolate_layer';
