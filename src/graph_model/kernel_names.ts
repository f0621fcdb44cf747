/**
 * Kernel name of the TensorFlow-compatible resizes (inputs `{x}`, float32 NHWC; attributes
 * {@link TensorFlowResizeAttrs}). Chosen not to collide with tf.js or TensorFlow kernels.
 */
import type {TensorFlowResizeAttrs} from '../plan/tensorflow/types';

/** Separable passes of `ResizeBicubic`, `ResizeArea` (before its final factor) and `ScaleAndTranslate`. */
export const TensorFlowResize = 'TensorFlowResize';

export type {TensorFlowResizeAttrs};
