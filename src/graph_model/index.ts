/**
 * `tfjs-interpolate/graph-model`: importing this module registers, through tfjs-converter's
 * `registerOp`, executors for TensorFlow's `ResizeBicubic`, `ResizeArea` and `ScaleAndTranslate`
 * (with TensorFlow's arithmetic), so graph models converted from `tf.image.resize` with bicubic,
 * area, lanczos, gaussian, mitchellcubic or antialias load and run. The ops are also exported.
 * @example
 * import * as tf from '@tensorflow/tfjs';
 * import 'tfjs-interpolate/graph-model';
 * const model = await tf.loadGraphModel('model/model.json');
 */
import {registerOp} from '@tensorflow/tfjs-converter';

import {registerGraphModelOps} from './register_ops';

registerGraphModelOps(registerOp as unknown as Parameters<typeof registerGraphModelOps>[0]);

export * from './api';
