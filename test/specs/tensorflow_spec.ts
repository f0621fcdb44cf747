/**
 * The TensorFlow-compatible resizes, shared by every runner and backend: the oracle goldens, the
 * values TensorFlow's own tests state, the cross-checks against PyTorch, TensorFlow's argument
 * errors, and graph models run through tfjs-converter.
 */
import type * as tfjs from '@tensorflow/tfjs';

import type * as graphModel from '../../src/graph_model';
import {assertClose, assertShape, relativeError} from '../util/compare';
import {loadGraphModelFixtures, loadTensorFlowGoldens, TensorFlowCase} from '../util/tensorflow_golden';

type TF = typeof tfjs;
type Ops = Pick<typeof graphModel, 'resizeBicubic'|'resizeArea'|'scaleAndTranslate'>;

/** What a runner provides to the suite. */
export interface TensorFlowSuiteEnv {
  tf: TF;
  ops: Ops;
  backend: string;
  /** Label of the run (e.g. `cpu (native)`). */
  label: string;
  /** Relative tolerance against the oracle (0 = bit-exact). */
  tol: number;
  /** Runs before each test (e.g. switching the native addon on or off). */
  setup?: () => void;
}

/** Runs `c` through the package's op. */
export function runCase(tf: TF, ops: Ops, c: TensorFlowCase): tfjs.Tensor {
  const x = c.dtype === 'int32' ? tf.tensor(Int32Array.from(c.input), c.shape, 'int32') : tf.tensor(c.input, c.shape);
  try {
    const a = c.attrs;
    if (c.op === 'ResizeBicubic') return ops.resizeBicubic(x, c.size, a);
    if (c.op === 'ResizeArea') return ops.resizeArea(x, c.size, a);
    return ops.scaleAndTranslate(x, c.size, c.scale as number[], c.translation as number[], a);
  } finally {
    x.dispose();
  }
}

/** The fixture's op and kernel type, for the per-kernel error report. */
function groupOf(c: TensorFlowCase): string {
  if (c.op === 'ScaleAndTranslate') return `ScaleAndTranslate ${c.attrs.kernelType}${c.attrs.antialias ? ' aa' : ''}`;
  if (c.op === 'ResizeBicubic') return `ResizeBicubic${c.attrs.halfPixelCenters ? ' hpc' : c.attrs.alignCorners ? ' ac' : ''}`;
  return `ResizeArea${c.attrs.alignCorners ? ' ac' : ''}`;
}

function withLeakCheck<T>(tf: TF, label: string, f: () => Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  return f().then((r) => {
    const leaked = tf.memory().numTensors - before;
    if (leaked !== 0) throw new Error(`${label}: ${leaked} tensors leaked`);
    return r;
  });
}

/** Bad arguments and the TensorFlow rule each must report (message fragments). */
const ERROR_CASES: Array<{name: string, run: (tf: TF, ops: Ops) => unknown, message: string}> = [
  {name: 'rank 3 input', run: (tf, o) => o.resizeBicubic(tf.zeros([4, 4, 3]), [8, 8]), message: 'ResizeBicubic: input must be 4-dimensional'},
  {name: 'hpc with align_corners', run: (tf, o) => o.resizeBicubic(tf.zeros([1, 4, 4, 3]), [8, 8], {alignCorners: true, halfPixelCenters: true}),
    message: 'ResizeBicubic: If half_pixel_centers is True, align_corners must be False.'},
  {name: 'size of three', run: (tf, o) => o.resizeArea(tf.zeros([1, 4, 4, 3]), [8, 8, 1]), message: 'ResizeArea: size must have two elements'},
  {name: '2-D size tensor', run: (tf, o) => o.resizeArea(tf.zeros([1, 4, 4, 3]), tf.tensor2d([[8, 8]], [1, 2], 'int32')),
    message: 'ResizeArea: size must be 1-dimensional'},
  {name: 'zero output', run: (tf, o) => o.resizeArea(tf.zeros([1, 4, 4, 3]), [0, 8]), message: 'ResizeArea: output dimensions must be positive'},
  {name: 'empty image', run: (tf, o) => o.resizeBicubic(tf.zeros([1, 0, 4, 3]), [8, 8]), message: 'ResizeBicubic: input image must be of non-zero size'},
  {name: 'no channels', run: (tf, o) => o.resizeArea(tf.zeros([1, 4, 4, 0]), [8, 8]), message: 'ResizeArea: image must have at least one channel'},
  {name: 'float size tensor', run: (tf, o) => o.resizeBicubic(tf.zeros([1, 4, 4, 3]), tf.tensor1d([8, 8])), message: 'ResizeBicubic: size must hold int32 values'},
  {name: 'bool images', run: (tf, o) => o.resizeBicubic(tf.zeros([1, 4, 4, 3], 'bool'), [8, 8]), message: 'ResizeBicubic: images must be a real-number tensor'},
  {name: 'unknown kernel', run: (tf, o) => o.scaleAndTranslate(tf.zeros([1, 4, 4, 3]), [8, 8], [2, 2], [0, 0], {kernelType: 'cubic' as never}),
    message: 'ScaleAndTranslate: Unrecognized kernel type: cubic'},
  {name: 'zero scale', run: (tf, o) => o.scaleAndTranslate(tf.zeros([1, 4, 4, 3]), [8, 8], [2, 0], [0, 0]), message: 'ScaleAndTranslate: Scale must be greater than zero'},
  {name: 'one translation', run: (tf, o) => o.scaleAndTranslate(tf.zeros([1, 4, 4, 3]), [8, 8], [2, 2], [0]), message: 'ScaleAndTranslate: translation must have two elements'},
];

/** Registers the TensorFlow-compatible suites for one backend. */
export function describeTensorFlowSuite(env: TensorFlowSuiteEnv): void {
  const {tf, ops, backend} = env;
  const {cases, unitTests, crossChecks} = loadTensorFlowGoldens();

  describe(`TensorFlow resizes on ${env.label}`, () => {
    const worst = new Map<string, number>();
    beforeAll(async () => {
      await tf.setBackend(backend);
      await tf.ready();
    });
    beforeEach(() => env.setup?.());
    afterAll(() => {
      const rows = [...worst.entries()].map(([k, v]) => `  ${k}: ${v.toExponential(2)}`);
      console.log(`worst relative error vs the oracle on ${env.label}:\n${rows.join('\n')}`);
    });

    describe('oracle goldens', () => {
      for (const c of cases) {
        it(c.name, () => withLeakCheck(tf, c.name, async () => {
          const y = runCase(tf, ops, c);
          assertShape(y.shape, c.outShape, c.name);
          if (y.dtype !== 'float32') throw new Error(`${c.name}: dtype ${y.dtype}`);
          const got = await y.data() as Float32Array;
          y.dispose();
          const err = relativeError(got, c.output);
          worst.set(groupOf(c), Math.max(worst.get(groupOf(c)) ?? 0, err));
          assertClose(got, c.output, env.tol, c.name);
        }));
      }
    });

    describe("TensorFlow's own test expectations", () => {
      for (const u of unitTests) {
        it(u.name, () => withLeakCheck(tf, u.name, async () => {
          const x = tf.tensor(u.input, u.shape);
          const scale = [Math.fround(u.size[0] / u.shape[1]), Math.fround(u.size[1] / u.shape[2])];
          const y = u.via === 'ResizeBicubic' ? ops.resizeBicubic(x, u.size, u) :
              u.via === 'ResizeArea' ? ops.resizeArea(x, u.size, u) :
              ops.scaleAndTranslate(x, u.size, scale, [0, 0], u);
          const got = await y.data();
          tf.dispose([x, y]);
          const err = Math.max(...u.expected.map((e, i) => Math.abs(got[i] - e)));
          if (!(err <= u.atol)) throw new Error(`${u.name}: max abs error ${err} > ${u.atol}`);
        }));
      }
    });

    describe('cross-checks', () => {
      for (const c of crossChecks) {
        it(`${c.name} vs ${c.reference}`, () => withLeakCheck(tf, c.name, async () => {
          const y = runCase(tf, ops, c.case);
          assertClose(await y.data() as Float32Array, c.expected, c.tol, c.name);
          y.dispose();
        }));
      }
    });

    it('an empty batch gives an empty float32 output (TensorFlow allows it)', () => withLeakCheck(tf, 'empty batch', async () => {
      const x = tf.zeros([0, 4, 5, 3], 'int32');
      const ys = [ops.resizeBicubic(x, [7, 3]), ops.resizeArea(x, [2, 2]), ops.scaleAndTranslate(x, [3, 3], [0.75, 0.6], [0, 0])];
      const shapes = ys.map((y) => `${y.dtype} [${y.shape}]`).join(', ');
      tf.dispose([x, ...ys]);
      if (shapes !== 'float32 [0,7,3,3], float32 [0,2,2,3], float32 [0,3,3,3]') throw new Error(shapes);
    }));

    describe("TensorFlow's argument rules", () => {
      for (const e of ERROR_CASES) {
        it(e.name, () => {
          let message = '';
          tf.tidy(() => {
            try {
              e.run(tf, ops);
            } catch (err) {
              message = (err as Error).message;
            }
          });
          if (!message.includes(e.message)) throw new Error(`message "${message}" lacks "${e.message}"`);
        });
      }
    });

    describe('graph models (tfjs-converter)', () => {
      const models = loadGraphModelFixtures();
      const input = (shape: number[]) => tf.tensor(Float32Array.from({length: shape.reduce((a, b) => a * b, 1)}, (_, i) => Math.sin(i * 0.37) * 3), shape);
      const direct: Record<string, (x: tfjs.Tensor) => tfjs.Tensor> = {
        bicubic: (x) => ops.resizeBicubic(x, [9, 7], {halfPixelCenters: true}),
        area: (x) => ops.resizeArea(x, [3, 4]),
        scaleAndTranslate: (x) => ops.scaleAndTranslate(x, [4, 3], [0.5, 0.375], [0, 0], {kernelType: 'lanczos3'}),
        chain: (x) => tf.tidy(() => ops.scaleAndTranslate(
            ops.resizeArea(ops.resizeBicubic(x, [16, 12], {halfPixelCenters: true}), [6, 5]), [4, 4],
            [Math.fround(0.6666667), 0.8], [0.25, -0.5], {kernelType: 'keyscubic'})),
      };
      for (const [name, m] of Object.entries(models)) {
        it(`${name}: execute and executeAsync equal the ops, nothing leaks`, async () => {
          const before = tf.memory().numTensors;
          const model = await tf.loadGraphModel(tf.io.fromMemory(m));
          const x = input(name === 'chain' ? [1, 8, 8, 3] : [2, 8, 6, 3]);
          const want = direct[name](x);
          const afterLoad = tf.memory().numTensors;
          const sync = model.execute(x) as tfjs.Tensor;
          const async = await model.executeAsync(x) as tfjs.Tensor;
          assertShape(sync.shape, want.shape, name);
          const w = await want.data() as Float32Array;
          assertClose(await sync.data() as Float32Array, w, 0, `${name} execute`);
          assertClose(await async.data() as Float32Array, w, 0, `${name} executeAsync`);
          tf.dispose([sync, async]);
          if (tf.memory().numTensors !== afterLoad) throw new Error(`${name}: ${tf.memory().numTensors - afterLoad} tensors leaked by execute`);
          tf.dispose([x, want]);
          model.dispose();
          if (tf.memory().numTensors !== before) throw new Error(`${name}: ${tf.memory().numTensors - before} tensors left after dispose`);
        });
      }
    });
  });
}
