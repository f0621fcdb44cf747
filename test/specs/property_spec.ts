/**
 * Properties every backend must have, beyond the PyTorch fixtures (shared like golden_spec.ts,
 * which registers this suite for each backend it runs on): the gradient is the exact adjoint of
 * the forward, finite differences agree with it, changing only sizes compiles nothing new (where
 * the backend compiles programs), and a long forward+backward loop keeps memory flat. All reads are
 * asynchronous (`data()`), which every backend supports.
 */
import type * as tfc from '@tensorflow/tfjs-core';

import type {InterpolateOptions} from '../../src/ops/options';
import {randomArray, randomInt, seededRandom} from '../util/random';
import {allVariants} from '../util/variants';

/** What a runner provides (a subset of golden_spec's SuiteEnv). */
export interface PropertyEnv {
  tf: typeof tfc;
  interpolate: (x: tfc.Tensor, options: InterpolateOptions) => tfc.Tensor;
  backend: string;
  /** Relative tolerance of gradients against PyTorch (0 where exact); loosens the checks below. */
  gradTol: number;
  /**
   * Programs (shaders, pipelines) the backend has compiled, all of them or only this package's;
   * omitted for backends that compile nothing (then the compile checks are not registered).
   */
  programCount?: (oursOnly: boolean) => number;
}

const LAYOUTS = ['channelsFirst', 'channelsLast'] as const;

function dot(a: ArrayLike<number>, b: ArrayLike<number>): {value: number, magnitude: number} {
  let value = 0;
  let magnitude = 0;
  for (let i = 0; i < a.length; i++) {
    value += a[i] * b[i];
    magnitude += Math.abs(a[i] * b[i]);
  }
  return {value, magnitude};
}

function layoutShape(shape: number[], last: boolean): number[] {
  return last ? [shape[0], ...shape.slice(2), shape[1]] : shape;
}

function ramp(n: number, m = 97): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = ((i * 31 + 7) % m) / m - 0.5;
  return out;
}

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Registers the property suites for one backend. */
export function describePropertySuite(env: PropertyEnv): void {
  const {tf, interpolate, backend} = env;
  // Float32 rounding of the dot products (the cpu kernels are exact, their sums are not).
  const adjointTol = Math.max(1e-5, env.gradTol);
  const fdTol = Math.max(1e-4, 10 * env.gradTol);

  describe(`properties on ${backend}`, () => {
    beforeAll(async () => {
      await tf.setBackend(backend);
      await tf.ready();
    });

    describe('adjoint (dot-product) test: <A x, y> = <x, A^T y>', () => {
      const rand = seededRandom(11);
      for (const {rank, options} of allVariants()) {
        for (const dataFormat of LAYOUTS) {
          const label = `${rank}D ${JSON.stringify(options)} ${dataFormat}`;
          // Drawn at registration, so every backend sees the same cases.
          const trials = [0, 1, 2, 3].map((trial) => {
            const spatial = Array.from({length: rank - 2}, () => randomInt(rand, 1, rank === 5 ? 5 : 9));
            const base = [randomInt(rand, 1, 2), randomInt(rand, 1, 3), ...spatial];
            const opts: InterpolateOptions = {
              ...options, dataFormat,
              ...(trial % 2 === 0 ? {size: spatial.map(() => randomInt(rand, 1, rank === 5 ? 6 : 12))} :
                                    {scaleFactor: spatial.map(() => [0.4, 0.75, 1.6, 2.5][randomInt(rand, 0, 3)]),
                                     recomputeScaleFactor: trial === 3}),
            };
            const empty = spatial.some((s, i) => opts.scaleFactor != null &&
                                       Math.floor(s * (opts.scaleFactor as number[])[i]) < 1);
            return {shape: layoutShape(base, dataFormat === 'channelsLast'), opts, empty, seed: randomInt(rand, 0, 1e9)};
          });
          it(label, async () => {
            for (const {shape, opts, empty, seed} of trials) {
              if (empty) continue;
              const r = seededRandom(seed);
              const x = tf.tensor(randomArray(product(shape), r), shape);
              const ax = interpolate(x, opts);
              const y = tf.tensor(randomArray(ax.size, r), ax.shape);
              const aty = tf.grad((t: tfc.Tensor) => interpolate(t, opts))(x, y);
              const lhs = dot(await ax.data(), await y.data());
              const rhs = dot(await x.data(), await aty.data());
              tf.dispose([x, ax, y, aty]);
              const err = Math.abs(lhs.value - rhs.value) / Math.max(lhs.magnitude, rhs.magnitude, 1e-30);
              if (!(err <= adjointTol)) throw new Error(`${label} ${JSON.stringify(opts)}: relative mismatch ${err}`);
            }
          });
        }
      }
    });

    describe('finite differences match the analytic gradient', () => {
      const rand = seededRandom(5);
      for (const {rank, options} of allVariants()) {
        const shape = [1, 2, ...Array.from({length: rank - 2}, () => randomInt(rand, 2, rank === 5 ? 3 : 5))];
        const opts: InterpolateOptions = {...options, size: shape.slice(2).map((s) => s + 1 + randomInt(rand, -2, 2))};
        const seed = randomInt(rand, 0, 1e9);
        it(`${rank}D ${JSON.stringify(options)}`, async () => {
          const r = seededRandom(seed);
          const xv = randomArray(product(shape), r);
          const probe = tf.zeros(shape);
          const outSize = tf.tidy(() => interpolate(probe, opts).size);
          probe.dispose();
          const w = tf.tensor(randomArray(outSize, r));
          const lossOf = (t: tfc.Tensor) => tf.sum(tf.mul(tf.reshape(interpolate(t, opts), [-1]), w));
          const loss = async (v: Float32Array) => {
            const l = tf.tidy(() => lossOf(tf.tensor(v, shape)));
            const value = (await l.data())[0];
            l.dispose();
            return value;
          };
          const xt = tf.tensor(xv, shape);
          const g = tf.grad(lossOf)(xt);
          const analytic = await g.data();
          tf.dispose([xt, g]);
          for (let i = 0; i < xv.length; i++) {
            // The loss is linear in x, so a unit central difference is exact up to float32 rounding.
            const plus = xv.slice();
            const minus = xv.slice();
            plus[i] += 1;
            minus[i] -= 1;
            const numeric = (await loss(plus) - await loss(minus)) / 2;
            const bound = fdTol * Math.max(1, Math.abs(analytic[i])) + 1e-5;
            if (!(Math.abs(numeric - analytic[i]) <= bound)) {
              throw new Error(`element ${i}: finite difference ${numeric}, gradient ${analytic[i]}`);
            }
          }
          w.dispose();
        });
      }
    });

    const programCount = env.programCount;
    if (programCount != null) {
      it('changing only sizes compiles nothing new (every rank, layout and mode)', async () => {
        const variants: InterpolateOptions[] = [
          {mode: 'nearest'}, {mode: 'nearest-exact'}, {mode: 'linear'}, {mode: 'area'},
          {mode: 'bicubic', alignCorners: true}, {mode: 'bilinear', antialias: true},
        ];
        const run = async (sizeA: number[], sizeB: number[], scale: number) => {
          for (const v of variants) {
            for (const spatial of [[sizeA[0]], sizeA.slice(0, 2), sizeA]) {
              const rank = spatial.length;
              if (v.mode === 'linear' && rank !== 1) continue;
              if ((v.mode === 'bicubic' || v.antialias) && rank !== 2) continue;
              for (const last of [false, true]) {
                const shape = last ? [2, ...spatial, 3] : [2, 3, ...spatial];
                const size = spatial.map((s, i) => Math.max(1, Math.round(s * scale + sizeB[i])));
                const x = tf.tensor(ramp(product(shape)), shape);
                const opts = {...v, size, dataFormat: last ? 'channelsLast' as const : 'channelsFirst' as const};
                const y = interpolate(x, opts);
                const dy = tf.tensor(ramp(y.size, 13), y.shape);
                const g = tf.grad((t: tfc.Tensor) => interpolate(t, opts))(x, dy);
                await y.data();
                await g.data();
                tf.dispose([x, y, dy, g]);
              }
            }
          }
        };
        await run([5, 6, 7], [1, 2, 3], 2);
        await run([4, 9, 6], [0, 1, 0], 0.5);
        const ours = programCount(true);
        await run([7, 5, 9], [2, 0, 1], 2);
        await run([9, 11, 8], [1, 1, 2], 0.4);
        await run([6, 4, 5], [0, 3, 1], 1.7);
        if (programCount(true) !== ours) throw new Error(`programs ${ours} -> ${programCount(true)}`);
        console.log(`programs of tfjs-interpolate compiled on ${backend} for all variants: ${ours}`);
      });
    }

    it('200 forward+backward iterations: flat tensors and bytes, nothing compiled after the first', async () => {
      const x = tf.tensor(ramp(2 * 3 * 17 * 23), [2, 3, 17, 23]);
      const variants: InterpolateOptions[] = [
        {mode: 'bilinear', size: [34, 40], alignCorners: true},
        {mode: 'nearest-exact', scaleFactor: 1.5},
        {mode: 'area', size: [7, 9]},
        {mode: 'bicubic', size: [13, 11], antialias: true},
      ];
      const step = async () => {
        for (const opts of variants) {
          const [y, g] = tf.tidy(() => {
            const out = interpolate(x, opts);
            return [out, tf.grad((t: tfc.Tensor) => tf.sum(tf.square(interpolate(t, opts))))(x)];
          });
          await y.data();
          await g.data();
          tf.dispose([y, g]);
        }
      };
      await step();
      type Memory = tfc.MemoryInfo&{numBytesInGPU?: number};
      const m0 = tf.memory() as Memory;
      const p0 = programCount?.(false);
      for (let i = 1; i < 200; i++) await step();
      const m1 = tf.memory() as Memory;
      x.dispose();
      if (m1.numTensors !== m0.numTensors) throw new Error(`tensors ${m0.numTensors} -> ${m1.numTensors}`);
      if (m1.numBytes !== m0.numBytes) throw new Error(`bytes ${m0.numBytes} -> ${m1.numBytes}`);
      if (m1.numBytesInGPU !== m0.numBytesInGPU) throw new Error(`GPU bytes ${m0.numBytesInGPU} -> ${m1.numBytesInGPU}`);
      if (programCount?.(false) !== p0) throw new Error(`programs ${p0} -> ${programCount?.(false)}`);
    });
  });
}
