import * as tf from '@tensorflow/tfjs';

import {interpolate, InterpolateOptions} from '../src';
import {randomArray, seededRandom} from './util/random';

tf.env().set('IS_TEST', true);

beforeAll(async () => {
  await tf.setBackend('cpu');
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
