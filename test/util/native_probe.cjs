// Child process for the native robustness tests (test/native_robustness.test.ts): runs one
// scenario on the built package (dist/) and prints one JSON line with its measurements. Memory
// figures need a process of their own: jest's process holds other suites' memory, and the thread
// pool's size (TFJS_INTERPOLATE_THREADS) is fixed when the addon loads.
//
//   node test/util/native_probe.cjs SCENARIO
//     sync-loop       8,000 (PROBE_CALLS) synchronous calls over changing shapes: {rssMiB, startMiB}
//     aa-grad-cache   gradients of six antialias plans of a 1024x1024 image, kept in the plan
//                     cache: {keptMiB, tableMiB}
//     area-peak       area 4096x4096 -> 2x2, forward and gradient: {peakMiB}
//     alloc-failure   allocation failures injected on pool threads: {threw, exact}
//     two-copies FILE a second copy of the addon (FILE) loaded beside the package's, both running
//                     the same plan in turn on their pools: {same, calls}
'use strict';
const path = require('path');

const root = path.resolve(__dirname, '../..');
const tf = require('@tensorflow/tfjs');
const {interpolate, nativeAddonLoaded} = require(path.join(root, 'dist/index.cjs'));

const MiB = 1024 * 1024;

function rssMiB() {
  return process.memoryUsage().rss / MiB;
}

function settle() {
  if (typeof global.gc === 'function') {
    global.gc();
    global.gc();
  }
}

function randomTensor(shape, seed) {
  let s = seed >>> 0;
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    v[i] = s / 2 ** 32 - 0.5;
  }
  return tf.tensor(v, shape);
}

const scenarios = {
  'sync-loop'() {
    const calls = Number(process.env.PROBE_CALLS || 8000);
    const x = randomTensor([1, 3, 48, 48], 1);
    settle();
    const startMiB = rssMiB();
    for (let i = 0; i < calls; i++) {
      // 600 distinct output shapes: far more plans than the plan cache keeps; every fourth call
      // a gradient (plans with gradient tables).
      const size = [50 + (i % 30) * 3, 50 + (Math.floor(i / 30) % 20) * 4];
      const opts = {size, mode: i % 2 === 0 ? 'bilinear' : 'bicubic'};
      const y = i % 4 === 3 ? tf.grad((t) => interpolate(t, opts))(x) : interpolate(x, opts);
      y.dataSync();
      y.dispose();
    }
    x.dispose();
    return {startMiB, rssMiB: rssMiB()};
  },

  'aa-grad-cache'() {
    const x = randomTensor([1, 1, 1024, 1024], 2);
    const sizes = [[2, 512], [3, 512], [4, 512], [2, 256], [5, 300], [2, 400]];
    // One small call first, so the addon, tf.js and the JIT are loaded before the baseline.
    tf.dispose(tf.grad((t) => interpolate(t, {size: [4, 4], mode: 'bicubic', antialias: true}))(
        randomTensor([1, 1, 16, 16], 3)));
    settle();
    const before = rssMiB();
    for (const size of sizes) {
      const g = tf.grad((t) => interpolate(t, {size, mode: 'bicubic', antialias: true}))(x);
      g.dataSync();
      g.dispose();
    }
    settle();
    const addon = require('node-gyp-build')(root);
    return {keptMiB: rssMiB() - before, tableMiB: typeof addon.cachedTableBytes === "function" ? addon.cachedTableBytes() / MiB : null};
  },

  'area-peak'() {
    const x = randomTensor([1, 1, 4096, 4096], 4);
    const g = tf.grad((t) => interpolate(t, {size: [2, 2], mode: 'area'}))(x);
    g.dataSync();
    tf.dispose([x, g]);
    return {peakMiB: process.resourceUsage().maxRSS / 1024};
  },

  'alloc-failure'() {
    const addon = require('node-gyp-build')(root);
    const x = randomTensor([1, 4, 256, 256], 5);
    const f = (t) => interpolate(t, {size: [64, 64], mode: 'bicubic', antialias: true});
    const run = () => {
      const y = tf.grad(f)(x);
      const v = y.dataSync().slice();
      y.dispose();
      return v;
    };
    const expected = run();
    let threw = 0;
    const messages = [];
    for (let n = 1; n <= 6; n++) {
      // A fresh plan each time (the gradient tables are built, allocating on the pool's threads).
      const y = randomTensor([1, 4, 256 + n, 256], 6);
      addon._failAllocation(n, true);
      try {
        tf.dispose(tf.grad(f)(y));
      } catch (e) {
        threw++;
        messages.push(String(e.message).split('\n')[0]);
      }
      addon._failAllocation(0, false);
      y.dispose();
    }
    const again = run();
    let exact = again.length === expected.length;
    for (let i = 0; exact && i < again.length; i++) exact = Object.is(again[i], expected[i]);
    x.dispose();
    return {threw, exact, messages, threads: addon.threads};
  },
  'two-copies'() {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const addon = require('node-gyp-build')(root);
    const other = require(process.argv[3]);
    let captured = null;
    const prepare = addon.prepareForward;
    addon.prepareForward = (...args) => {
      captured = args;
      return prepare.apply(addon, args);
    };
    const x = randomTensor([2, 3, 96, 80], 5);
    interpolate(x, {size: [150, 170], mode: 'bicubic'}).dispose();
    addon.prepareForward = prepare;
    const handles = [addon.prepareForward(...captured), other.prepareForward(...captured)];
    const input = x.dataSync();
    const outs = [new Float32Array(2 * 3 * 150 * 170), new Float32Array(2 * 3 * 150 * 170)];
    let same = true;
    let calls = 0;
    for (let i = 0; i < 20; i++) {
      addon.forward(handles[0], input, outs[0]);
      other.forward(handles[1], input, outs[1]);
      calls += 2;
      for (let k = 0; same && k < outs[0].length; k++) same = Object.is(outs[0][k], outs[1][k]);
    }
    x.dispose();
    return {same, calls};
  },
};

const name = process.argv[2];
if (!(name in scenarios)) throw new Error(`unknown scenario ${name}`);
const result = scenarios[name]();
console.log(JSON.stringify({native: nativeAddonLoaded(), ...result}));
