// Type-level consumer of the package that imports tf.js through the '@tensorflow/tfjs' union
// package. Compiled (not run) by test/types/types.test.ts: once against src/, once against the
// emitted declarations, under strict settings; it must produce no diagnostics.
import * as tf from '@tensorflow/tfjs';

import {interpolate} from '../../src';
import type {DataFormat, InterpolateMode, InterpolateOptions} from '../../src';
import {interpolateLayer, InterpolateLayer} from '../../src/layers';
import type {InterpolateLayerArgs} from '../../src/layers';

const x: tf.Tensor4D = tf.zeros([1, 3, 4, 4]);
const chained: tf.Tensor = x.interpolate({scaleFactor: 2, mode: 'bilinear', alignCorners: true});
const viaOp: tf.Tensor = interpolate(x, {size: [8, 8], mode: 'nearest-exact'});
const fromVariable: tf.Tensor = tf.variable(x).interpolate({size: 8, mode: 'area'});
const rank3: tf.Tensor = tf.zeros([1, 2, 5]).interpolate({scaleFactor: 1.5, mode: 'linear'});
// The rank type is kept through the op and the chained form.
const kept: tf.Tensor4D = x.interpolate({size: 8}).interpolate({scaleFactor: 0.5, mode: 'area'});
const keptByOp: tf.Tensor4D = interpolate(x, {size: 8});
// A variable in gives a plain tensor of its rank out.
const fromVar: tf.Tensor4D = interpolate(tf.variable(x), {size: 8});
// @ts-expect-error: the result is not a Variable.
const notVariable: tf.Variable = interpolate(tf.variable(x), {size: 8});
const volume: tf.Tensor5D = tf.zeros<tf.Rank.R5>([1, 1, 2, 2, 2]).interpolate({size: 4, mode: 'trilinear'});

const mode: InterpolateMode = 'bicubic';
const dataFormat: DataFormat = 'channelsLast';
const options: InterpolateOptions = {scaleFactor: [2, 3], mode, antialias: false, dataFormat};
const fromOptions: tf.Tensor = x.interpolate(options);

const args: InterpolateLayerArgs = {scaleFactor: 2, mode: 'bicubic', name: 'up', trainable: false};
const layer: InterpolateLayer = interpolateLayer(args);
const asTfLayer: tf.layers.Layer = layer;
const model: tf.Sequential = tf.sequential({
  layers: [tf.layers.conv2d({inputShape: [8, 8, 1], filters: 2, kernelSize: 3}), layer],
});
const input: tf.SymbolicTensor = tf.input({shape: [8, 8, 3]});
const output = interpolateLayer({size: [4, 4], mode: 'area'}).apply(input) as tf.SymbolicTensor;
const functional: tf.LayersModel = tf.model({inputs: input, outputs: output});
const config: tf.serialization.ConfigDict = layer.getConfig();
const layerMode: InterpolateMode = layer.mode;

// @ts-expect-error: a 4-D input gives a 4-D output, not a Tensor3D.
const wrongRank: tf.Tensor3D = x.interpolate({size: 2});
// @ts-expect-error: 'lanczos' is not a mode.
x.interpolate({size: 2, mode: 'lanczos'});
// @ts-expect-error: options are required.
x.interpolate();
// @ts-expect-error: 'channels_last' is not a DataFormat.
interpolateLayer({size: 2, dataFormat: 'channels_last'});

export {chained, viaOp, fromVariable, rank3, kept, keptByOp, fromVar, notVariable, volume, wrongRank, fromOptions, asTfLayer, model, functional, config, layerMode};
