/**
 * Kernel names and their input/attribute types (tf.js's `kernel_names.ts` convention). Names are
 * chosen not to collide with tf.js or TensorFlow kernels.
 */
import type {InterpolateAttrs} from './plan/types';

/** Forward kernel: inputs `{x}`, attributes {@link InterpolateAttrs}. */
export const Interpolate = 'Interpolate';
/** Gradient kernel: inputs `{dy, x}` (x only supplies the shape), same attributes. */
export const InterpolateGrad = 'InterpolateGrad';

export type {InterpolateAttrs};
