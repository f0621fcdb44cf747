// Type-level consumer of the package that imports only '@tensorflow/tfjs-core' (the op and
// chaining need nothing else). Compiled (not run) by test/types/types.test.ts under strict
// settings; it must produce no diagnostics.
import * as tf from '@tensorflow/tfjs-core';

import {interpolate, upsampleBilinear} from '../../src';
import type {InterpolateOptions} from '../../src';

const x: tf.Tensor4D = tf.zeros([1, 3, 4, 4]);
const chained: tf.Tensor = x.interpolate({scaleFactor: 2, mode: 'bicubic'});
const twice: tf.Tensor = x.interpolate({size: 6}).interpolate({size: [3, 3], mode: 'area'});
const viaOp: tf.Tensor = interpolate(x, {scaleFactor: 0.5, mode: 'bilinear', antialias: true});
const wrapped: tf.Tensor = upsampleBilinear(x, {scaleFactor: 2});
const volume: tf.Tensor5D = tf.zeros([1, 1, 2, 2, 2]);
const sameRank: tf.Tensor5D = volume.interpolate({scaleFactor: 2, mode: 'trilinear'});
const options: InterpolateOptions = {size: [4, 4, 4], mode: 'trilinear', dataFormat: 'channelsFirst'};
const resized: tf.Tensor = volume.interpolate(options);

// @ts-expect-error: size must be numbers.
x.interpolate({size: '2'});
// @ts-expect-error: alignCorners is a boolean.
x.interpolate({size: 2, mode: 'bilinear', alignCorners: 1});

export {chained, twice, viaOp, wrapped, resized, sameRank};
