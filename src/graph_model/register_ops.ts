/**
 * Registers the graph-model executors and their kernels. Takes the `registerOp` to use, so the
 * script-tag bundle can pass the page's `tf.registerOp` and the module entry tfjs-converter's.
 */
import {GRAPH_MODEL_EXECUTORS, GraphOpExecutor} from './executors';
import {registerTensorFlowResizeKernels} from './kernels';

/** tfjs-converter's `registerOp`, structurally. */
export type RegisterOp = (name: string, executor: GraphOpExecutor) => void;

/**
 * Registers `ResizeBicubic`, `ResizeArea` and `ScaleAndTranslate` with `registerOp` (before
 * `tf.loadGraphModel`: tfjs-converter resolves ops at load time). Calling it again re-registers the
 * same executors, which is harmless.
 * @example
 * import {registerOp} from '@tensorflow/tfjs-converter';
 * registerGraphModelOps(registerOp);
 */
export function registerGraphModelOps(registerOp: RegisterOp): void {
  registerTensorFlowResizeKernels();
  for (const [name, executor] of Object.entries(GRAPH_MODEL_EXECUTORS)) registerOp(name, executor);
}
