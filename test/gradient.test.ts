import * as tf from '@tensorflow/tfjs';

import {interpolate, InterpolateOptions} from '../src';
import {randomArray, randomInt, seededRandom} from './util/random';
import {allVariants} from './util/variants';

tf.env().set('IS_TEST', true);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

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

describe('adjoint (dot-product) test: <A x, y> = <x, A^T y>', () => {
  const rand = seededRandom(11);
  for (const {rank, options} of allVariants()) {
    for (const dataFormat of ['channelsFirst', 'channelsLast'] as const) {
      const label = `${rank}D ${JSON.stringify(options)} ${dataFormat}`;
      it(label, () => {
        for (let trial = 0; trial < 4; trial++) {
          const spatial = Array.from({length: rank - 2}, () => randomInt(rand, 1, rank === 5 ? 5 : 9));
          const base = [randomInt(rand, 1, 2), randomInt(rand, 1, 3), ...spatial];
          const opts: InterpolateOptions = {
            ...options, dataFormat,
            ...(trial % 2 === 0 ? {size: spatial.map(() => randomInt(rand, 1, rank === 5 ? 6 : 12))} :
                                  {scaleFactor: spatial.map(() => [0.4, 0.75, 1.6, 2.5][randomInt(rand, 0, 3)]),
                                   recomputeScaleFactor: trial === 3}),
          };
          if (spatial.some((s, i) => opts.scaleFactor != null &&
                           Math.floor(s * (opts.scaleFactor as number[])[i]) < 1)) {
            continue;
          }
          const shape = layoutShape(base, dataFormat === 'channelsLast');
          const x = tf.tensor(randomArray(shape.reduce((a, b) => a * b, 1), rand), shape);
          const ax = interpolate(x, opts);
          const y = tf.tensor(randomArray(ax.size, rand), ax.shape);
          const aty = tf.grad((t: tf.Tensor) => interpolate(t, opts))(x, y);
          const lhs = dot(ax.dataSync(), y.dataSync());
          const rhs = dot(x.dataSync(), aty.dataSync());
          const err = Math.abs(lhs.value - rhs.value) / Math.max(lhs.magnitude, rhs.magnitude, 1e-30);
          if (!(err <= 1e-5)) throw new Error(`${label} ${JSON.stringify(opts)}: relative mismatch ${err}`);
          tf.dispose([x, ax, y, aty]);
        }
      });
    }
  }
});

describe('finite differences match the analytic gradient', () => {
  const rand = seededRandom(5);
  for (const {rank, options} of allVariants()) {
    it(`${rank}D ${JSON.stringify(options)}`, () => {
      const shape = [1, 2, ...Array.from({length: rank - 2}, () => randomInt(rand, 2, rank === 5 ? 3 : 5))];
      const opts: InterpolateOptions = {...options, size: shape.slice(2).map((s) => s + 1 + randomInt(rand, -2, 2))};
      const xv = randomArray(shape.reduce((a, b) => a * b, 1), rand);
      const w = tf.tensor(randomArray(tf.tidy(() => interpolate(tf.zeros(shape), opts).size), rand));
      const loss = (v: Float32Array) => tf.tidy(() => {
        const y = interpolate(tf.tensor(v, shape), opts);
        return tf.sum(tf.mul(y.flatten(), w)).dataSync()[0];
      });
      const analytic = tf.tidy(() => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(interpolate(t, opts).flatten(), w)))(
          tf.tensor(xv, shape)).dataSync());
      for (let i = 0; i < xv.length; i++) {
        // The loss is linear in x, so a unit central difference is exact up to float32 rounding.
        const plus = xv.slice();
        const minus = xv.slice();
        plus[i] += 1;
        minus[i] -= 1;
        const numeric = (loss(plus) - loss(minus)) / 2;
        expect(Math.abs(numeric - analytic[i])).toBeLessThan(1e-4 * Math.max(1, Math.abs(analytic[i])) + 1e-5);
      }
      w.dispose();
    });
  }
});

describe('gradient API surface', () => {
  const x = () => tf.tensor4d([1, 2, 3, 4, 5, 6], [1, 1, 2, 3]);
  const opts: InterpolateOptions = {size: [4, 6], mode: 'bilinear'};

  it('works with tf.grads and tf.valueAndGrad', () => {
    const a = x();
    const [g] = tf.grads((t: tf.Tensor) => interpolate(t, opts).sum())([a]);
    const {value, grad} = tf.valueAndGrad((t: tf.Tensor) => interpolate(t, opts).sum())(a);
    // Every input pixel receives total weight 4 when upsampling 2x3 -> 4x6 (weights sum to 1).
    expect(Array.from(g.dataSync())).toEqual(Array.from(grad.dataSync()));
    g.dataSync().forEach((v) => expect(v).toBeCloseTo(4, 5));
    expect(value.dataSync()[0]).toBeCloseTo(4 * 21, 3);
    tf.dispose([a, g, value, grad]);
  });

  it('works with tf.variableGrads and inside tf.tidy without leaks', () => {
    const v = tf.variable(x());
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const {value, grads} = tf.variableGrads(() => interpolate(v, opts).square().sum());
      expect(value.dataSync()[0]).toBeGreaterThan(0);
      expect(grads[v.name].shape).toEqual([1, 1, 2, 3]);
    });
    expect(tf.memory().numTensors).toBe(before);
    v.dispose();
  });

  it('gives int32 input a zero float32 gradient', () => {
    const a = tf.tensor3d([1, 2, 3], [1, 1, 3], 'int32');
    const g = tf.grad((t: tf.Tensor) => interpolate(t, {size: 5}).toFloat())(a);
    expect(g.dtype).toBe('float32');
    expect(Array.from(g.dataSync())).toEqual([0, 0, 0]);
    tf.dispose([a, g]);
  });

  it('supports second derivatives through tf.grad(tf.grad(...))', () => {
    // d/dx <A^T(A x), v> = A^T A v for the linear map A.
    const a = x();
    const v = tf.tensor4d([1, -1, 2, 0, 3, 1], [1, 1, 2, 3]);
    const inner = (t: tf.Tensor) => tf.grad((u: tf.Tensor) => interpolate(u, opts).square().sum().div(2))(t);
    const second = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(inner(t), v)))(a);
    const expected = tf.grad((t: tf.Tensor) => interpolate(t, opts))(v, interpolate(v, opts));
    const err = tf.max(tf.abs(tf.sub(second, expected))).dataSync()[0];
    expect(err).toBeLessThan(1e-5);
    tf.dispose([a, v, second, expected]);
  });
});

describe('training through interpolate', () => {
  it('learns a low-resolution tensor whose bicubic upsampling matches a target (loss / 100)', () => {
    const rand = seededRandom(3);
    const truth = tf.tensor4d(randomArray(2 * 5 * 5, rand), [1, 2, 5, 5]);
    const target = interpolate(truth, {scaleFactor: 2, mode: 'bicubic'});
    const low = tf.variable(tf.zeros([1, 2, 5, 5]));
    const optimizer = tf.train.adam(0.05);
    const lossFn = () => tf.mean(tf.square(tf.sub(interpolate(low, {scaleFactor: 2, mode: 'bicubic'}), target))) as tf.Scalar;
    const first = tf.tidy(() => lossFn().dataSync()[0]);
    for (let i = 0; i < 300; i++) tf.dispose(optimizer.minimize(lossFn, true) ?? []);
    const last = tf.tidy(() => lossFn().dataSync()[0]);
    expect(first / last).toBeGreaterThan(100);
    tf.dispose([truth, target, low]);
    optimizer.dispose();
  });

  it('trains a conv -> bilinear up -> conv stack (loss / 100)', () => {
    const rand = seededRandom(9);
    const inputs = tf.tensor4d(randomArray(4 * 6 * 6 * 2, rand), [4, 6, 6, 2]);
    const teacher = [tf.tensor4d(randomArray(3 * 3 * 2 * 4, rand), [3, 3, 2, 4]),
                     tf.tensor4d(randomArray(3 * 3 * 4 * 1, rand), [3, 3, 4, 1])];
    const up = (t: tf.Tensor4D) => interpolate(t, {scaleFactor: 2, mode: 'bilinear', dataFormat: 'channelsLast'}) as tf.Tensor4D;
    const net = (w: tf.Tensor4D[], t: tf.Tensor4D) => tf.conv2d(up(tf.relu(tf.conv2d(t, w[0], 1, 'same'))), w[1], 1, 'same');
    const targets = net(teacher, inputs);
    const student = teacher.map((w) => tf.variable(tf.add(w, tf.mul(tf.randomNormal(w.shape, 0, 1, 'float32', 4), 0.3))));
    const optimizer = tf.train.adam(0.01);
    const lossFn = () => tf.mean(tf.square(tf.sub(net(student as tf.Tensor4D[], inputs), targets))) as tf.Scalar;
    const first = tf.tidy(() => lossFn().dataSync()[0]);
    for (let i = 0; i < 400; i++) tf.dispose(optimizer.minimize(lossFn, true) ?? []);
    const last = tf.tidy(() => lossFn().dataSync()[0]);
    expect(first / last).toBeGreaterThan(100);
    tf.dispose([inputs, targets, ...teacher, ...student]);
    optimizer.dispose();
  });
});

describe('memory', () => {
  it('keeps tensor count and bytes flat over 1000 forward+backward iterations', () => {
    const x = tf.randomNormal([1, 3, 8, 8], 0, 1, 'float32', 1);
    const g = tf.grad((t: tf.Tensor) => interpolate(t, {size: [13, 11], mode: 'bicubic', antialias: true}));
    tf.dispose(g(x));
    const {numTensors, numBytes} = tf.memory();
    for (let i = 0; i < 1000; i++) tf.dispose(g(x));
    expect(tf.memory().numTensors).toBe(numTensors);
    expect(tf.memory().numBytes).toBe(numBytes);
    x.dispose();
  });
});
