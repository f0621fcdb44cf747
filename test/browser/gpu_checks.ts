/**
 * Checks shared by the GPU backends' suites (jasmine in karma): worst error per mode against the
 * PyTorch goldens, programs compiled when only sizes change, and a 200-iteration leak/compile check.
 * Each takes the backend's own program count (tf.js's program or pipeline cache).
 */
import type * as tfc from '@tensorflow/tfjs-core';

import type {InterpolateOptions} from '../../src/ops/options';
import {assertClose, relativeError} from '../util/compare';
import {GoldenCase, gradSeed, loadForwardGoldens, modeOf, toChannelsLast, toLastShape} from '../util/golden';

export type TF = typeof tfc;
export type Interp = (x: tfc.Tensor, options: InterpolateOptions) => tfc.Tensor;

/** Mode and the flags that select another table or kernel. */
export function variantOf(c: GoldenCase): string {
  const o = c.options;
  return `${modeOf(c)}${o.antialias ? '+antialias' : ''}${o.alignCorners ? '+alignCorners' : ''}`;
}

export function isNearest(c: GoldenCase): boolean {
  return modeOf(c) === 'nearest' || modeOf(c) === 'nearest-exact';
}

/** Relative forward error of one golden case (nearest modes asserted exact, reported as 0). */
export async function forwardError(tf: TF, interpolate: Interp, c: GoldenCase, last: boolean): Promise<number> {
  const shape = last ? toLastShape(c.shape) : c.shape;
  const x = tf.tensor(last ? toChannelsLast(c.input, c.shape) : c.input, shape);
  const y = interpolate(x, {...c.options, dataFormat: last ? 'channelsLast' : 'channelsFirst'});
  const got = await y.data();
  tf.dispose([x, y]);
  const want = last ? toChannelsLast(c.output, c.outShape) : c.output;
  if (isNearest(c)) {
    assertClose(got, want, 0, c.name);
    return 0;
  }
  return relativeError(got, want);
}

/** Relative input-gradient error of one golden case. */
export async function gradError(tf: TF, interpolate: Interp, c: GoldenCase, last: boolean): Promise<number> {
  const opts: InterpolateOptions = {...c.options, dataFormat: last ? 'channelsLast' : 'channelsFirst'};
  const x = tf.tensor(last ? toChannelsLast(c.input, c.shape) : c.input, last ? toLastShape(c.shape) : c.shape);
  const seed = gradSeed(c.output.length);
  const dy = tf.tensor(last ? toChannelsLast(seed, c.outShape) : seed, last ? toLastShape(c.outShape) : c.outShape);
  const g = tf.grad((t: tfc.Tensor) => interpolate(t, opts))(x, dy);
  const got = await g.data();
  tf.dispose([x, dy, g]);
  return relativeError(got, last ? toChannelsLast(c.grad as Float32Array, c.shape) : c.grad as Float32Array);
}

/** Deterministic data in [-0.5, 0.5). */
export function ramp(n: number, m = 97): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = ((i * 31 + 7) % m) / m - 0.5;
  return out;
}

/**
 * Worst relative error per mode over every golden case in both layouts, logged as a table; throws
 * past `forwardTol` / `gradTol`.
 */
export async function checkWorstErrors(
    tf: TF, interpolate: Interp, label: string, forwardTol: number, gradTol: number): Promise<void> {
  const worst = new Map<string, {forward: number, grad: number, cases: number}>();
  for (const c of loadForwardGoldens().cases) {
    const w = worst.get(variantOf(c)) ?? {forward: 0, grad: 0, cases: 0};
    for (const last of [false, true]) {
      w.forward = Math.max(w.forward, await forwardError(tf, interpolate, c, last));
      if (c.grad != null) w.grad = Math.max(w.grad, await gradError(tf, interpolate, c, last));
    }
    w.cases++;
    worst.set(variantOf(c), w);
  }
  const lines = [...worst].map(([k, w]) =>
      `  ${k.padEnd(28)} cases ${String(w.cases).padStart(3)}  forward ${w.forward.toExponential(2)}  grad ${w.grad.toExponential(2)}`);
  console.log(`${label} worst relative error per mode (both layouts):\n${lines.join('\n')}`);
  for (const [k, w] of worst) {
    if (!(w.forward <= forwardTol)) throw new Error(`${k}: forward error ${w.forward}`);
    if (!(w.grad <= gradTol)) throw new Error(`${k}: gradient error ${w.grad}`);
  }
}

/** Mode variants the size-change check runs, with the ranks each supports. */
const SIZE_VARIANTS: Array<{opts: InterpolateOptions, ranks: number[]}> = [
  {opts: {mode: 'nearest'}, ranks: [1, 2, 3]},
  {opts: {mode: 'nearest-exact'}, ranks: [1, 2, 3]},
  {opts: {mode: 'linear'}, ranks: [1]},
  {opts: {mode: 'bilinear'}, ranks: [2]},
  {opts: {mode: 'trilinear', alignCorners: true}, ranks: [3]},
  {opts: {mode: 'area'}, ranks: [1, 2, 3]},
  {opts: {mode: 'bicubic', alignCorners: true}, ranks: [2]},
  {opts: {mode: 'bilinear', antialias: true}, ranks: [2]},
];

/** Input, gradient seed and options of one forward+backward run. */
interface Run {
  x: tfc.Tensor;
  dy: tfc.Tensor;
  opts: InterpolateOptions;
}

/** Uploads a tensor's data to the GPU (tf.js's own upload programs are keyed by shape). */
export type Upload = (t: tfc.Tensor) => void;

function makeRun(tf: TF, shape: number[], opts: InterpolateOptions, outShape: number[]): Run {
  const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
  return {x: tf.tensor(ramp(size(shape)), shape), dy: tf.tensor(ramp(size(outShape), 13), outShape), opts};
}

/**
 * Every mode, rank and layout on inputs of spatial sizes `sizeA` (first `rank` entries) resized
 * to `round(s * scale + sizeB)`.
 */
function allVariants(tf: TF, sizeA: number[], sizeB: number[], scale: number): Run[] {
  const runs: Run[] = [];
  for (const {opts: v, ranks} of SIZE_VARIANTS) {
    for (const rank of ranks) {
      const spatial = sizeA.slice(0, rank);
      const size = spatial.map((s, i) => Math.max(1, Math.round(s * scale + sizeB[i])));
      for (const last of [false, true]) {
        const [shape, outShape] = last ? [[2, ...spatial, 3], [2, ...size, 3]] : [[2, 3, ...spatial], [2, 3, ...size]];
        runs.push(makeRun(tf, shape, {...v, size, dataFormat: last ? 'channelsLast' : 'channelsFirst'}, outShape));
      }
    }
  }
  return runs;
}

/**
 * Runs forward and gradient of every run, reading both back; returns the programs `count()` gained
 * during the kernels' calls (tf.js's read-back programs, keyed by shape, are not the kernels').
 */
async function runAll(tf: TF, interpolate: Interp, runs: Run[], count: () => number): Promise<number> {
  let added = 0;
  for (const {x, dy, opts} of runs) {
    const before = count();
    const y = interpolate(x, opts);
    const g = tf.grad((t: tfc.Tensor) => interpolate(t, opts))(x, dy);
    added += count() - before;
    await y.data();
    await g.data();
    tf.dispose([y, g]);
  }
  return added;
}

function disposeRuns(tf: TF, runs: Run[]): void {
  for (const r of runs) tf.dispose([r.x, r.dy]);
}

/**
 * Every variant on two sets of sizes first, then on four other sets: returns the programs the
 * kernels compiled in the first phase and in the second (should be 0). All inputs are uploaded
 * before the first phase, so only programs the kernels compile are counted.
 */
export async function programsCompiledOnSizeChange(
    tf: TF, interpolate: Interp, count: () => number, upload: Upload): Promise<{warm: number, added: number}> {
  // The first phase includes inputs of spatial size 1 (stored in one-row textures on webgl).
  const first = [
    ...allVariants(tf, [5, 6, 7], [1, 2, 3], 2), ...allVariants(tf, [4, 9, 6], [0, 1, 0], 0.5),
    ...allVariants(tf, [1, 1, 1], [1, 2, 0], 2),
  ];
  const second = [
    ...allVariants(tf, [7, 5, 9], [2, 0, 1], 2), ...allVariants(tf, [9, 11, 8], [1, 1, 2], 0.4),
    ...allVariants(tf, [6, 4, 5], [0, 3, 1], 1.7), ...allVariants(tf, [1, 1, 1], [0, 0, 0], 3),
    ...allVariants(tf, [1, 1, 1], [40, 3, 70], 1), ...allVariants(tf, [300, 2, 3], [0, 0, 0], 0.5),
  ];
  try {
    for (const r of [...first, ...second]) {
      upload(r.x);
      upload(r.dy);
    }
    const warm = await runAll(tf, interpolate, first, count);
    return {warm, added: await runAll(tf, interpolate, second, count)};
  } finally {
    disposeRuns(tf, [...first, ...second]);
  }
}

/**
 * 200 iterations of forward+backward: the first on `shapes[0]` only (it compiles), the others on
 * every shape. tf.js tensors and GPU bytes must stay flat and the kernels must compile nothing
 * (`count()` unchanged across their calls), also when the later iterations bring other sizes.
 */
export async function checkIterations(
    tf: TF, interpolate: Interp, count: () => number, upload: Upload, shapes: number[][]): Promise<void> {
  const variants: Array<{opts: InterpolateOptions, out: (s: number) => number}> = [
    {opts: {mode: 'bilinear', alignCorners: true}, out: (s) => 2 * s},
    {opts: {mode: 'nearest-exact'}, out: (s) => Math.floor(1.5 * s)},
    {opts: {mode: 'area'}, out: (s) => Math.max(1, Math.floor(0.4 * s))},
    {opts: {mode: 'bicubic'}, out: (s) => Math.floor(1.7 * s)},
  ];
  const byShape = shapes.map((shape) => variants.map(({opts, out}) => {
    const size = shape.slice(2).map(out);
    return makeRun(tf, shape, {...opts, size}, [...shape.slice(0, 2), ...size]);
  }));
  const all = byShape.flat();
  try {
    for (const r of all) {
      upload(r.x);
      upload(r.dy);
    }
    await runAll(tf, interpolate, byShape[0], count);
    let added = await runAll(tf, interpolate, all, count);
    const m0 = tf.memory() as tfc.MemoryInfo & {numBytesInGPU: number};
    for (let i = 2; i < 200; i++) added += await runAll(tf, interpolate, all, count);
    const m1 = tf.memory() as tfc.MemoryInfo & {numBytesInGPU: number};
    if (m1.numTensors !== m0.numTensors) throw new Error(`tensors ${m0.numTensors} -> ${m1.numTensors}`);
    if (m1.numBytesInGPU !== m0.numBytesInGPU) throw new Error(`GPU bytes ${m0.numBytesInGPU} -> ${m1.numBytesInGPU}`);
    if (added !== 0) throw new Error(`${added} programs compiled after the first iteration`);
  } finally {
    disposeRuns(tf, all);
  }
}
