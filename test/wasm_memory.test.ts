/**
 * Memory on the `wasm` backend: 500 forward + backward iterations leave tf.js's tensor count and
 * bytes, tf.js's wasm heap and this package's module (its live blocks and plans, its memory size)
 * where they were after a warm-up; rejected input (the op's checks) leaks neither tensors nor
 * module memory. Fails when dist/tfjs-interpolate.wasm is not built.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

import {interpolate, wasmModuleLoaded} from '../src';
import type {InterpolateOptions} from '../src/ops/options';
import {wasmMemoryStats} from '../src/kernels/wasm/run';
import {seededRandom} from './util/random';

tf.env().set('IS_TEST', true);

interface HeapOwner {
  wasm: {HEAPU8: Uint8Array};
}

function snapshot() {
  const m = tf.memory();
  const own = wasmMemoryStats();
  return {
    tensors: m.numTensors,
    bytes: m.numBytes,
    tfHeap: (tf.backend() as unknown as HeapOwner).wasm.HEAPU8.buffer.byteLength,
    live: own?.live,
    moduleBytes: own?.bytes,
  };
}

describe('wasm backend memory', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  it('the module is built and loaded', () => {
    expect(wasmModuleLoaded()).toBe(true);
  });

  const cases: [number[], InterpolateOptions][] = [
    [[1, 3, 40, 30], {size: [80, 60], mode: 'bilinear'}],
    [[1, 40, 30, 8], {size: [61, 47], mode: 'bicubic', alignCorners: true, dataFormat: 'channelsLast'}],
    [[1, 2, 6, 8, 10], {size: [12, 9, 20], mode: 'trilinear'}],
    [[2, 5, 50], {size: [17], mode: 'area'}],
    [[1, 3, 30, 30], {size: [45, 20], mode: 'nearest-exact'}],
  ];
  for (const [shape, opts] of cases) {
    it(`500 forward + backward iterations stay flat: ${opts.mode} [${shape}]`, () => {
      const r = seededRandom(5);
      const x = tf.tensor(Float32Array.from({length: shape.reduce((a, b) => a * b, 1)}, () => r() * 2 - 1), shape);
      const grad = tf.grad((t: tf.Tensor) => tf.sum(interpolate(t, opts)));
      const step = () => tf.dispose([interpolate(x, opts), grad(x)]);
      for (let i = 0; i < 20; i++) step();  // warm-up: plans, scratch and heaps reach their sizes
      const before = snapshot();
      for (let i = 0; i < 500; i++) step();
      expect(snapshot()).toEqual(before);
      x.dispose();
    });
  }

  it('rejected input leaks neither tensors nor module memory', () => {
    const x = tf.zeros([1, 2, 4, 4]);
    const bad: InterpolateOptions[] = [
      {size: [8, 8], mode: 'trilinear'},
      {size: [8], mode: 'bilinear'},
      {size: [8, 8], mode: 'bicubic', antialias: true, alignCorners: true, scaleFactor: 2},
      {scaleFactor: -1, mode: 'nearest'},
    ];
    const xi = tf.zeros([1, 2, 4, 4], 'int32');
    const before = snapshot();
    for (const opts of bad) expect(() => interpolate(x, opts)).toThrow();
    expect(() => interpolate(xi, {size: [8, 8], mode: 'bilinear'})).toThrow(/float32/);
    expect(snapshot()).toEqual(before);
    tf.dispose([x, xi]);
  });
});

describe('wasm module plans', () => {
  it('plans leaving the plan cache release their copies in the module at once', async () => {
    await tf.setBackend('wasm');
    const x = tf.zeros([1, 1, 6, 6]);
    const run = (n: number) => tf.dispose(interpolate(x, {size: [7 + n, 7], mode: 'bicubic'}));
    run(0);
    const live = wasmMemoryStats()?.live as number;
    // 200 distinct shapes through a cache of 64 plans, synchronously (no finalizer can run).
    for (let n = 1; n <= 200; n++) run(n);
    expect(wasmMemoryStats()?.live).toBeLessThanOrEqual(live + 64);
    x.dispose();
  });
});
