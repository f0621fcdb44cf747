/**
 * The `./graph-model` entry point: tfjs-converter rejects the TensorFlow resizes until it is
 * imported, and runs them after; registering again is harmless. (Its own file: jest gives each
 * file a fresh module registry, so nothing here has imported the entry point yet.)
 */
import * as tf from '@tensorflow/tfjs';

import {loadGraphModelFixtures} from './util/tensorflow_golden';

tf.env().set('IS_TEST', true);

describe('graph-model entry point', () => {
  const models = loadGraphModelFixtures();

  it('is needed: without it the models fail with tfjs-converter\'s unknown-op error', async () => {
    const ops: Record<string, string> = {bicubic: 'ResizeBicubic', area: 'ResizeArea', scaleAndTranslate: 'ScaleAndTranslate'};
    for (const [name, op] of Object.entries(ops)) {
      // tf.js 4.22 loads the graph and fails when the node runs.
      const model = await tf.loadGraphModel(tf.io.fromMemory(models[name]));
      const x = tf.ones([1, 8, 8, 3]);
      const before = tf.memory().numTensors;
      expect(() => model.execute(x)).toThrow(`Unknown op '${op}'`);
      expect(tf.memory().numTensors).toBe(before);
      x.dispose();
      model.dispose();
    }
  });

  it('registers the ops on import; registering again is harmless', async () => {
    const entry = await import('../src/graph_model');
    entry.registerGraphModelOps(tf.registerOp);
    const model = await tf.loadGraphModel(tf.io.fromMemory(models.chain));
    const y = model.execute(tf.ones([1, 8, 8, 3])) as tf.Tensor;
    expect(y.shape).toEqual([1, 4, 4, 3]);
    expect(y.dtype).toBe('float32');
    tf.dispose(y);
    model.dispose();
  });
});
