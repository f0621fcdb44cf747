/**
 * Memory on the `wasm` backend, where the package's module runs inside tf.js's wasm heap: 500
 * forward + backward iterations leave tf.js's tensor count and bytes, tf.js's heap size and the
 * module's own blocks in that heap (their count and bytes, its live tfi_alloc blocks and plans)
 * where they were after a warm-up, and the iterations ran in the heap without copies; rejected
 * input (the op's checks) leaks neither tensors nor module memory; a trap frees every block of the
 * dropped instance. Fails when dist/tfjs-interpolate.wasm is not built.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

import {interpolate, wasmModuleLoaded} from '../src';
import type {InterpolateOptions} from '../src/ops/options';
import {heapInstance} from '../src/kernels/wasm/heap_instance';
import {wasmDrops} from '../src/kernels/wasm/instance';
import {wasmCalls, wasmMemoryStats} from '../src/kernels/wasm/run';
import {seededRandom} from './util/random';

tf.env().set('IS_TEST', true);

interface HeapOwner {
  wasm: {HEAPU8: Uint8Array};
}

const backend = () => tf.backend() as unknown as HeapOwner;

function snapshot() {
  const m = tf.memory();
  const own = wasmMemoryStats(backend());
  return {
    tensors: m.numTensors,
    bytes: m.numBytes,
    tfHeap: backend().wasm.HEAPU8.buffer.byteLength,
    live: own?.live,
    blocks: own?.blocks,
    blockBytes: own?.blockBytes,
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
      const calls = {...wasmCalls};
      for (let i = 0; i < 500; i++) step();
      expect(snapshot()).toEqual(before);
      expect(before.blocks).toBeGreaterThan(0);
      // Every iteration ran in tf.js's heap, none through copies.
      expect(wasmCalls.heapForward - calls.heapForward).toBe(1000);  // tf.grad runs the forward too
      expect(wasmCalls.heapBackward - calls.heapBackward).toBe(500);
      expect(wasmCalls.forward - calls.forward).toBe(1000);
      expect(wasmCalls.backward - calls.backward).toBe(500);
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
    const live = wasmMemoryStats(backend())?.live as number;
    // 200 distinct shapes through a cache of 64 plans, synchronously (no finalizer can run).
    for (let n = 1; n <= 200; n++) run(n);
    expect(wasmMemoryStats(backend())?.live).toBeLessThanOrEqual(live + 64);
    x.dispose();
  });
});

describe('wasm module traps', () => {
  it('a trap frees the instance\'s blocks in tf.js\'s heap; a fresh instance runs the next call', async () => {
    await tf.setBackend('wasm');
    const x = tf.randomUniform([1, 64, 64, 16], -1, 1, 'float32', 3);
    const opts: InterpolateOptions = {size: [128, 128], mode: 'bicubic', dataFormat: 'channelsLast'};
    const want = interpolate(x, opts);
    const wantValues = want.dataSync().slice();
    const trapOnce = () => {
      const inst = heapInstance(backend());
      if (inst == null) throw new Error('no instance in the heap');
      // The next core allocation fails: the scratch of a plan not run before.
      inst.exports.tfi_fail_allocation(1);
      const y = interpolate(x, {...opts, size: [129 + cycle++, 128]});
      expect(inst.dropped).toBe(true);
      y.dispose();
    };
    let cycle = 0;
    // Warm-up: tf.js's heap reaches the size one cycle needs.
    for (let i = 0; i < 3; i++) trapOnce();
    const heap = backend().wasm.HEAPU8.buffer.byteLength;
    const drops = {...wasmDrops};
    for (let i = 0; i < 20; i++) trapOnce();
    expect(wasmDrops.count - drops.count).toBe(20);
    expect(wasmDrops.blocksFreed - drops.blocksFreed).toBeGreaterThan(20);
    expect(wasmDrops.blocksLeft).toBe(0);
    expect(backend().wasm.HEAPU8.buffer.byteLength).toBe(heap);
    // A fresh instance computes the same values.
    const again = interpolate(x, opts);
    expect(Array.from(again.dataSync())).toEqual(Array.from(wantValues));
    tf.dispose([x, want, again]);
  });
});
