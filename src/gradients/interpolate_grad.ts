/**
 * Gradients: `Interpolate`'s input gradient is the `InterpolateGrad` kernel (the adjoint through the
 * same plan); `InterpolateGrad` is linear in `dy`, so its gradient is the forward kernel again,
 * which makes second derivatives work.
 */
import * as tf from '@tensorflow/tfjs-core';
import type {GradConfig} from '@tensorflow/tfjs-core';

import {Interpolate, InterpolateGrad} from '../kernel_names';

/** Gradient of `Interpolate` with respect to `x` (zeros for int32 input, as tf.js does elsewhere). */
export const interpolateGradConfig: GradConfig = {
  kernelName: Interpolate,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    return {
      x: () => x.dtype === 'int32' ?
          tf.zeros(x.shape) :
          tf.engine().runKernel(InterpolateGrad, {dy: dy as tf.Tensor, x}, attrs) as tf.Tensor,
    };
  },
};

/** Gradient of `InterpolateGrad`: the forward applied to the incoming gradient; none for `x`. */
export const interpolateGradGradConfig: GradConfig = {
  kernelName: InterpolateGrad,
  inputsToSave: ['x'],
  gradFunc: (ddx, saved, attrs) => {
    const [x] = saved;
    return {
      dy: () => tf.engine().runKernel(Interpolate, {x: ddx as tf.Tensor}, attrs) as tf.Tensor,
      x: () => tf.zerosLike(x),
    };
  },
};
