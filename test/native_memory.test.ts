/**
 * Large native outputs live on memory the addon recycles once V8 frees their arrays. Checks that a
 * recycled block never changes an array still referenced (a `dataSync()` result kept after
 * `dispose()`), that every element of a reused block is rewritten, that memory stays bounded in a
 * synchronous loop (no event-loop turn needed to give blocks back), and the allocator's argument
 * checks. Fails when the addon is not built: CI builds it.
 */
import * as path from 'path';

import * as tf from '@tensorflow/tfjs';

import {interpolate, nativeAddonLoaded} from '../src';
import {interpolateForward} from '../src/kernels/cpu/forward_impl';
import {makeInterpolatePlan} from '../src/plan/plan';
import {assertClose} from './util/compare';
import {seededRandom} from './util/random';

tf.env().set('IS_TEST', true);

// The raw addon (the same module instance the kernels use).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const addon = require('node-gyp-build')(path.resolve(__dirname, '..')) as {
  allocate?: (bytes: unknown) => ArrayBuffer, v8OutputMemory: boolean,
};
// `allocate` exists only in builds with the V8 option (binding.gyp's v8_output_memory).
const itV8 = addon.v8OutputMemory ? it : it.skip;

function randomTensor(shape: number[], seed: number): tf.Tensor {
  const r = seededRandom(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({length: n}, () => r() * 2 - 1), shape);
}

describe('native output memory', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('the addon is built and loaded; allocate exists exactly in builds with the V8 option', () => {
    expect(nativeAddonLoaded()).toBe(true);
    expect(typeof addon.allocate === 'function').toBe(addon.v8OutputMemory);
  });

  it('arrays kept after dispose are never overwritten by later outputs', () => {
    const x = randomTensor([1, 4, 64, 64], 1);
    const opts = {size: [256, 256], mode: 'bilinear' as const};
    const kept: Float32Array[] = [];
    const copies: Float32Array[] = [];
    for (let i = 0; i < 6; i++) {
      const y = interpolate(x, opts);
      const v = y.dataSync() as Float32Array;
      kept.push(v);
      copies.push(v.slice());
      y.dispose();
    }
    // Enough same-sized outputs to go through several collections and block reuses.
    const other = randomTensor([1, 4, 64, 64], 2);
    for (let i = 0; i < 80; i++) tf.dispose(interpolate(other, opts));
    for (let i = 0; i < kept.length; i++) assertClose(kept[i], copies[i], 0, `kept output ${i}`);
    tf.dispose([x, other]);
  });

  it('reused blocks are rewritten completely (every mode, both dtypes)', () => {
    const cases: [number[], Record<string, unknown>, string][] = [
      [[1, 3, 128, 128], {size: [256, 256], mode: 'bilinear'}, 'float32'],
      [[1, 3, 128, 128], {size: [256, 256], mode: 'bicubic', alignCorners: true}, 'float32'],
      [[1, 3, 128, 128], {size: [256, 256], mode: 'nearest'}, 'int32'],
      [[1, 128, 128, 3], {size: [256, 256], mode: 'nearest-exact', dataFormat: 'channelsLast'}, 'float32'],
      [[1, 3, 16, 64, 64], {size: [16, 128, 128], mode: 'trilinear'}, 'float32'],
    ];
    for (const [shape, opts, dtype] of cases) {
      for (let round = 0; round < 3; round++) {
        // Dirty the blocks of this size with other values first.
        for (let i = 0; i < 20; i++) {
          tf.tidy(() => interpolate(tf.fill(shape, 1e6 + i, dtype as 'float32'), opts));
        }
        const x = dtype === 'int32' ? tf.cast(tf.mul(randomTensor(shape, round), 1000), 'int32') :
                                      randomTensor(shape, round);
        const y = interpolate(x, opts);
        const plan = makeInterpolatePlan(x.shape, {
          mode: opts.mode as 'bilinear', alignCorners: opts.alignCorners === true, antialias: false,
          outSize: opts.size as number[], scales: (opts.size as number[]).map(() => 0),
          dataFormat: (opts.dataFormat as 'channelsLast' | undefined) ?? 'channelsFirst',
        });
        assertClose(y.dataSync(), interpolateForward(plan, x.dataSync() as Float32Array | Int32Array), 0,
                    `${JSON.stringify(opts)} round ${round}`);
        tf.dispose([x, y]);
      }
    }
  });

  it('memory stays bounded in a synchronous loop', () => {
    // 300 outputs of 16 MB (4.8 GB in all) without yielding to the event loop.
    const x = randomTensor([1, 16, 256, 256], 3);
    const before = process.memoryUsage().rss;
    let peak = before;
    for (let i = 0; i < 300; i++) {
      tf.dispose(interpolate(x, {size: [512, 512], mode: 'bilinear'}));
      if (i % 10 === 0) peak = Math.max(peak, process.memoryUsage().rss);
    }
    x.dispose();
    expect(peak - before).toBeLessThan(1024 * 1024 * 1024);
  });

  it('without allocate (the Node-API-only build) outputs are exact and memory stays bounded', () => {
    const saved = addon.allocate;
    delete addon.allocate;  // the kernels read the same module object
    try {
      const x = randomTensor([1, 3, 128, 128], 4);
      const opts = {size: [256, 256], mode: 'bilinear' as const};
      const plan = makeInterpolatePlan(x.shape, {
        mode: 'bilinear', alignCorners: false, antialias: false, outSize: [256, 256], scales: [0, 0],
        dataFormat: 'channelsFirst',
      });
      const want = interpolateForward(plan, x.dataSync() as Float32Array);
      const before = process.memoryUsage().rss;
      for (let i = 0; i < 100; i++) {
        const y = interpolate(x, opts);
        assertClose(y.dataSync(), want, 0, `call ${i}`);
        y.dispose();
      }
      expect(process.memoryUsage().rss - before).toBeLessThan(512 * 1024 * 1024);
      x.dispose();
    } finally {
      if (saved != null) addon.allocate = saved;
    }
  });

  itV8('allocate checks its argument', () => {
    const allocate = addon.allocate as (bytes: unknown) => ArrayBuffer;
    expect(allocate(1 << 20).byteLength).toBe(1 << 20);
    for (const bad of [-1, 1.5, NaN, Infinity, 2 ** 49, '8', undefined]) {
      expect(() => allocate(bad)).toThrow(/tfjs-interpolate native/);
    }
  });
});
