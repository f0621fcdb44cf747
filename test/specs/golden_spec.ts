/**
 * The PyTorch golden suite, shared by every runner and backend: forward values, autograd input
 * gradients and double-backward, in both layouts, plus the int32 nearest path and PyTorch's
 * rejected argument combinations.
 */
import type * as tfc from '@tensorflow/tfjs-core';

import type {InterpolateOptions} from '../../src/ops/options';
import {MODES} from '../../src/plan/types';
import type {InterpolateMode} from '../../src/plan/types';
import {assertClose, assertShape} from '../util/compare';
import {directionSeed, GoldenCase, gradSeed, loadErrorGoldens, loadForwardGoldens, modeOf, toChannelsLast, toLastShape} from '../util/golden';
import {describePropertySuite} from './property_spec';

/** What a runner provides to the suite. */
export interface SuiteEnv {
  tf: typeof tfc;
  interpolate: (x: tfc.Tensor, options: InterpolateOptions) => tfc.Tensor;
  backend: string;
  /** Relative tolerance of non-nearest forward values (nearest modes are always exact). */
  forwardTol: number;
  /** Relative tolerance of gradients. */
  gradTol: number;
  /** Compiled programs (all, or only this package's), for backends that compile any. */
  programCount?: (oursOnly: boolean) => number;
}

/**
 * Relative tolerances by backend (forward of non-nearest modes, gradients), relative to the largest
 * |expected|; nearest modes are always exact.
 */
export const TOLERANCES: Record<string, {forwardTol: number, gradTol: number}> = {
  // The JavaScript kernels and the native addon reproduce PyTorch's float32 operations: exact.
  cpu: {forwardTol: 0, gradTol: 0},
  webgl: {forwardTol: 2e-6, gradTol: 1e-5},
  webgpu: {forwardTol: 2e-6, gradTol: 1e-5},
  // The module runs the JavaScript kernels' float32 operations in the same order: exact.
  wasm: {forwardTol: 0, gradTol: 0},
};

const LAYOUTS = ['channelsFirst', 'channelsLast'] as const;
type Layout = typeof LAYOUTS[number];

function isNearest(c: GoldenCase): boolean {
  return modeOf(c) === 'nearest' || modeOf(c) === 'nearest-exact';
}

/**
 * The double backward of PyTorch's `mean` shortcut (area with every output size 1) rounds
 * differently from the mean kernel the second derivative reuses: within an ulp, not bit for bit
 * (seen on cpu). Every other double backward keeps the backend's gradient tolerance.
 */
function doubleBackwardTol(env: SuiteEnv, c: GoldenCase): number {
  const mean = modeOf(c) === 'area' && c.outShape.slice(2).every((s) => s === 1);
  return mean ? Math.max(env.gradTol, 1e-6) : env.gradTol;
}

function inLayout(data: Float32Array, shape: number[], layout: Layout) {
  return layout === 'channelsLast' ? {data: toChannelsLast(data, shape), shape: toLastShape(shape)} :
                                     {data, shape};
}

function withLeakCheck<T>(tf: typeof tfc, label: string, f: () => Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  return f().then((r) => {
    const after = tf.memory().numTensors;
    if (after !== before) throw new Error(`${label}: ${after - before} tensors leaked`);
    return r;
  });
}

/** Registers the golden suites for one backend, and the property suites of property_spec.ts. */
export function describeGoldenSuite(env: SuiteEnv): void {
  const {tf, interpolate, backend} = env;
  const {torch, cases, intCases} = loadForwardGoldens();

  describe(`PyTorch ${torch} goldens on ${backend}`, () => {
    beforeAll(async () => {
      await tf.setBackend(backend);
      await tf.ready();
    });

    for (const layout of LAYOUTS) {
      describe(`forward, ${layout}`, () => {
        for (const c of cases) {
          it(c.name, () => withLeakCheck(tf, c.name, async () => {
            const x = inLayout(c.input, c.shape, layout);
            const want = inLayout(c.output, c.outShape, layout);
            const xt = tf.tensor(x.data, x.shape);
            const y = interpolate(xt, {...c.options, dataFormat: layout});
            assertShape(y.shape, want.shape, c.name);
            assertClose(await y.data() as Float32Array, want.data, isNearest(c) ? 0 : env.forwardTol, c.name);
            tf.dispose([xt, y]);
          }));
        }
      });

      describe(`input gradient, ${layout}`, () => {
        for (const c of cases.filter((k) => k.grad != null)) {
          it(c.name, () => withLeakCheck(tf, c.name, async () => {
            const x = inLayout(c.input, c.shape, layout);
            const dy = inLayout(gradSeed(c.output.length), c.outShape, layout);
            const want = inLayout(c.grad as Float32Array, c.shape, layout);
            const xt = tf.tensor(x.data, x.shape);
            const dyt = tf.tensor(dy.data, dy.shape);
            const g = tf.grad((t: tfc.Tensor) => interpolate(t, {...c.options, dataFormat: layout}))(xt, dyt);
            assertShape(g.shape, want.shape, c.name);
            assertClose(await g.data() as Float32Array, want.data, env.gradTol, c.name);
            tf.dispose([xt, dyt, g]);
          }));
        }
      });

      describe(`double backward, ${layout}`, () => {
        for (const c of cases.filter((k) => k.gradGrad != null)) {
          it(c.name, () => withLeakCheck(tf, c.name, async () => {
            const opts = {...c.options, dataFormat: layout};
            const x = inLayout(c.input, c.shape, layout);
            const dy = inLayout(gradSeed(c.output.length), c.outShape, layout);
            const v = inLayout(directionSeed(c.input.length), c.shape, layout);
            const want = inLayout(c.gradGrad as Float32Array, c.outShape, layout);
            const [xt, dyt, vt] = [tf.tensor(x.data, x.shape), tf.tensor(dy.data, dy.shape), tf.tensor(v.data, v.shape)];
            const inputGrad = (g: tfc.Tensor) => tf.grad((t: tfc.Tensor) => interpolate(t, opts))(xt, g);
            const gg = tf.grad((g: tfc.Tensor) => tf.sum(tf.mul(inputGrad(g), vt)))(dyt);
            assertClose(await gg.data() as Float32Array, want.data, doubleBackwardTol(env, c), c.name);
            tf.dispose([xt, dyt, vt, gg]);
          }));
        }
      });
    }

    describe('int32 input (nearest modes, against PyTorch uint8)', () => {
      for (const c of intCases) {
        for (const layout of LAYOUTS) {
          it(`${c.name} ${layout}`, () => withLeakCheck(tf, c.name, async () => {
            const x = layout === 'channelsLast' ? toChannelsLast(Int32Array.from(c.input), c.shape) : Int32Array.from(c.input);
            const want = layout === 'channelsLast' ? toChannelsLast(Int32Array.from(c.output), c.outShape) : Int32Array.from(c.output);
            const xt = tf.tensor(x, layout === 'channelsLast' ? toLastShape(c.shape) : c.shape, 'int32');
            const y = interpolate(xt, {...c.options, dataFormat: layout});
            if (y.dtype !== 'int32') throw new Error(`${c.name}: dtype ${y.dtype}`);
            assertClose(await y.data() as Int32Array, want, 0, c.name);
            tf.dispose([xt, y]);
          }));
        }
      }
    });

    describe('arguments PyTorch rejects', () => {
      // Python prints 2.0 where JavaScript has 2.
      const renamed = (m: string) => m.replace(/recompute_scale_factor/g, 'recomputeScaleFactor')
                                      .replace(/scale_factor/g, 'scaleFactor')
                                      .replace(/align_corners/g, 'alignCorners')
                                      .replace(/\b(\d+)\.0\b/g, '$1');
      for (const c of loadErrorGoldens()) {
        it(`${JSON.stringify(c.options)} on [${c.shape}]: ${c.message.slice(0, 60)}`, () => {
          const x = tf.zeros(c.shape);
          const before = tf.memory().numTensors;
          let message = '';
          try {
            interpolate(x, c.options as InterpolateOptions);
          } catch (e) {
            message = (e as Error).message;
          }
          const leaked = tf.memory().numTensors - before;
          x.dispose();
          if (message === '') throw new Error('accepted what PyTorch rejects');
          if (leaked !== 0) throw new Error(`${leaked} tensors leaked on the error path`);
          // PyTorch's own wording, with our option names; its two unhelpful messages (a SymInt
          // overflow, a C++ overload dump) are replaced by ones that name the argument.
          const unhelpful = c.error === 'TypeError' || c.message.includes('SymInt');
          let want = unhelpful ? (c.error === 'TypeError' ? 'size must' : 'scaleFactor must be finite') : renamed(c.message);
          // A name that is not a mode: PyTorch reports the input rank; we name the mode.
          if (typeof c.options.mode === 'string' && !MODES.includes(c.options.mode as InterpolateMode)) {
            want = `unknown mode '${c.options.mode}'`;
          }
          if (!message.includes(want)) throw new Error(`message "${message}" lacks "${want}"`);
        });
      }
    });
  });

  describePropertySuite(env);
}
