/**
 * The graph-model API without side effects: the ops and {@link registerGraphModelOps}. The entry
 * point (./index.ts) adds the registration with tfjs-converter; the script-tag bundle registers with
 * the page's `tf.registerOp` instead.
 */
export {TensorFlowResize} from './kernel_names';
export {resizeArea, resizeBicubic, scaleAndTranslate} from './ops';
export type {ResizeAreaOptions, ResizeBicubicOptions, ScaleAndTranslateOptions, VectorLike} from './ops';
export {registerGraphModelOps} from './register_ops';
export type {RegisterOp} from './register_ops';
export type {GraphNodeLike, GraphOpExecutor} from './executors';
export type {SamplingKernelType, TensorFlowResizeAttrs, TensorFlowResizeOp} from '../plan/tensorflow/types';
