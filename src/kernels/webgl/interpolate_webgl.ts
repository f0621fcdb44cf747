/**
 * `Interpolate` and `InterpolateGrad` for tf.js's `webgl` backend (duck-typed: the backend package
 * is not imported). Both run the plan's pass schedule (../../plan/schedule.ts), one program run per
 * real spatial axis, each driven by an axis table uploaded as a small float texture:
 * - forward: W, then H, then D (area: weights `1 / count`; nearest modes: an exact copy of the
 *   single tap, so int32 stays exact);
 * - gradient (gather form, no scatter): the transposed tables, D, then H, then W.
 * Where the mode fixes the tap counts (nearest, linear, bicubic) the forward's W and H passes run
 * as one fused program with the same arithmetic (see `InterpolateFusedHWProgram`). Results are
 * unpacked textures; packed inputs are unpacked first.
 *
 * No shader is compiled when only sizes change: sizes are uniforms, outputs and tables live in
 * textures of at least 2 x 2 texels (tf.js's key notes one-row textures), tables are written into
 * their textures directly (tf.js's upload program is keyed by shape), and variants depend on the
 * mode, not on sizes. Inputs stored in a one-row or one-column texture are first copied into a
 * 2-D one (one more program, compiled once per such texture form).
 */
import * as tf from '@tensorflow/tfjs-core';
import type {TensorInfo} from '@tensorflow/tfjs-core';

import type {ForwardKernelPlan} from '../../plan/plan';
import {forwardSchedule, Pass, Schedule} from '../../plan/schedule';
import {DType, scheduleKernels} from '../schedule_kernels';
import {encodeTable, InterpolateCopyProgram, InterpolateFusedHWProgram, InterpolatePassProgram, tableStride, WebGLProgramLike} from './programs';

/** The parts of `MathBackendWebGL` the kernels use. */
export interface WebGLBackendLike {
  runWebGLProgram(
      program: WebGLProgramLike, inputs: TensorInfo[], outputDtype: DType,
      customUniformValues?: number[][]): TensorInfo;
  makeTensorInfo(shape: number[], dtype: DType, values?: Float32Array|Int32Array): TensorInfo;
  disposeIntermediateTensorInfo(info: TensorInfo): void;
  unpackTensor(info: TensorInfo): TensorInfo;
  incRef(dataId: object): void;
  getTexture(dataId: object): WebGLTexture;
  gpgpu: {gl: WebGL2RenderingContext, textureConfig: {textureFormatFloat: number}};
  texData: {get(dataId: object): {isPacked?: boolean, shape: number[], texShape?: [number, number]}};
}

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Rows and columns of a texture for `n` values: near-square and at least 2 x 2, so that tf.js's
 * shader key (which notes whether a texture has one row or one column) is the same for any `n`.
 * Throws, naming the limit, when `n` values do not fit.
 */
function textureGrid(n: number, what: string): [number, number] {
  const max = tf.env().getNumber('WEBGL_MAX_TEXTURE_SIZE');
  const cols = Math.min(max, Math.max(2, Math.ceil(Math.sqrt(n))));
  const rows = Math.max(2, Math.ceil(n / cols));
  if (rows > max) {
    throw new Error(
        `interpolate (webgl): the ${what} has ${n} elements, more than a ${max}x${max} texture ` +
        `(WEBGL_MAX_TEXTURE_SIZE = ${max}) holds; use the cpu backend or split the tensor`);
  }
  return [rows, cols];
}

/**
 * Uploads an encoded table as a float texture of a {@link textureGrid} shape and returns it viewed
 * flat. On WebGL2 the values are written into the texture directly: tf.js's own upload runs an
 * encode program whose shader is keyed by the tensor's shape, i.e. one compile per table size.
 */
function uploadTable(backend: WebGLBackendLike, data: Float32Array): TensorInfo {
  const [rows, cols] = textureGrid(data.length, 'axis table');
  if (tf.env().getNumber('WEBGL_VERSION') !== 2) {
    const padded = new Float32Array(rows * cols);
    padded.set(data);
    return backend.makeTensorInfo([rows * cols], 'float32', padded);
  }
  const info = backend.makeTensorInfo([rows, cols], 'float32');
  backend.texData.get(info.dataId).texShape = [rows, cols];
  const texture = backend.getTexture(info.dataId);
  const {gl, textureConfig} = backend.gpgpu;
  const padded = new Float32Array(rows * cols);
  padded.set(data);
  gl.bindTexture(gl.TEXTURE_2D, texture);
  gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, cols, rows, textureConfig.textureFormatFloat, gl.FLOAT, padded);
  gl.bindTexture(gl.TEXTURE_2D, null);
  return {dataId: info.dataId, shape: [rows * cols], dtype: 'float32'};
}

/** A program run: one axis pass, or the W pass and then the H pass of a forward fused. */
type Step = {pass: Pass}|{w: Pass, h: Pass};

/**
 * Groups the passes into program runs: with `fuse`, a leading W pass followed by the H pass runs
 * as one fused program. The caller fuses only where the mode fixes the tap counts (nearest,
 * linear, bicubic), so the choice never depends on sizes.
 */
function makeSteps(passes: readonly Pass[], fuse: boolean): Step[] {
  if (fuse && passes.length >= 2 && passes[0].axis === 2 && passes[1].axis === 1) {
    return [{w: passes[0], h: passes[1]}, ...passes.slice(2).map((pass) => ({pass}))];
  }
  return passes.map((pass) => ({pass}));
}

/**
 * Runs `schedule` on `x` (any shape, flat-viewed) and returns a tensor of `outShape`.
 * Intermediates and tables are disposed here; `x` is left alone. `fixed`: the tables' tap counts
 * are fixed by the mode (1, 2 or 4, all used), so shaders unroll them and the forward fuses W+H.
 */
function runPasses(
    backend: WebGLBackendLike, x: TensorInfo, schedule: Schedule, outShape: number[],
    dtype: DType, fixed: boolean): TensorInfo {
  const {kind, passes} = schedule;
  const outSize = size(outShape);
  if (outSize === 0 || size(x.shape) === 0) {
    const values = dtype === 'int32' ? new Int32Array(outSize) : new Float32Array(outSize);
    return backend.makeTensorInfo(outShape, dtype, values);
  }
  for (const p of passes) textureGrid(p.pre * p.outLen * p.post, 'output');
  const temps: TensorInfo[] = [];
  let src = x;
  const td = backend.texData.get(x.dataId);
  if (td.isPacked) {
    src = backend.unpackTensor(x);
    temps.push(src);
  }
  backend.getTexture(src.dataId);
  const texShape = backend.texData.get(src.dataId).texShape;
  if (texShape == null || texShape[0] < 2 || texShape[1] < 2) {
    const n = size(x.shape);
    src = backend.runWebGLProgram(
        new InterpolateCopyProgram(textureGrid(n, 'input')), [{dataId: src.dataId, shape: [n], dtype: src.dtype}],
        src.dtype as DType, [[n]]);
    temps.push(src);
  }
  const webgl1 = tf.env().getNumber('WEBGL_VERSION') === 1;
  // Half-float textures hold integers exactly only up to 2048: store indices in two halves.
  const split = !tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED');
  let cur: TensorInfo = {dataId: src.dataId, shape: [size(x.shape)], dtype: src.dtype};
  let produced: TensorInfo|null = null;
  try {
    const steps = makeSteps(passes, fixed);
    for (const step of steps) {
      // Tables are uploaded per call and released after the run: a texture kept across calls
      // would count, for tf.js's kernel leak check (IS_TEST), as a data id leaked by the kernel.
      const owned: TensorInfo[] = [];
      const table = (p: Pass) => {
        const info = uploadTable(backend, encodeTable(p.table, split));
        owned.push(info);
        return info;
      };
      let next: TensorInfo;
      try {
        if ('pass' in step) {
          const {table: t, pre, post} = step.pass;
          const n = pre * t.outSize * post;
          const fixedTaps = fixed && step.pass.allTaps && t.taps <= 4 ? t.taps : null;
          const program = new InterpolatePassProgram(
              textureGrid(n, 'output'),
              {kind, split, fixedTaps, constTaps: webgl1 && fixedTaps == null ? t.taps : undefined});
          next = backend.runWebGLProgram(
              program, [cur, table(step.pass)], dtype,
              [[n], [t.inSize], [t.outSize], [post], [t.taps], [tableStride(t.taps, split)]]);
        } else {
          const {w, h} = step;
          const tw = w.table;
          const th = h.table;
          const n = h.pre * th.outSize * tw.outSize * w.post;
          const program = new InterpolateFusedHWProgram(
              textureGrid(n, 'output'), {kind, split, tapsH: th.taps, tapsW: tw.taps});
          next = backend.runWebGLProgram(
              program, [cur, table(w), table(h)], dtype,
              [[n], [th.inSize], [tw.inSize], [th.outSize], [tw.outSize], [w.post],
               [tableStride(th.taps, split)], [tableStride(tw.taps, split)]]);
        }
      } finally {
        for (const t of owned) backend.disposeIntermediateTensorInfo(t);
      }
      if (produced != null) backend.disposeIntermediateTensorInfo(produced);
      produced = next;
      cur = {dataId: next.dataId, shape: [size(next.shape)], dtype: next.dtype};
    }
  } catch (e) {
    if (produced != null) backend.disposeIntermediateTensorInfo(produced);
    throw e;
  } finally {
    for (const t of temps) backend.disposeIntermediateTensorInfo(t);
  }
  if (produced == null) {
    // No real axis (cannot happen for a valid plan): return a view of the input.
    backend.incRef(x.dataId);
    return {dataId: x.dataId, shape: outShape, dtype};
  }
  backend.texData.get(produced.dataId).shape = outShape.slice();
  return {dataId: produced.dataId, shape: outShape.slice(), dtype};
}

/**
 * Runs a {@link ForwardKernelPlan}'s forward schedule (in `plan.forward.order`, default W, H, D) on
 * `x`, with per-output tap counts (its tables need not fix them).
 */
export function runForwardWebGL(gl: WebGLBackendLike, x: TensorInfo, plan: ForwardKernelPlan): TensorInfo {
  const dtype = plan.forward.method === 'gather' ? x.dtype as DType : 'float32';
  return runPasses(gl, x, forwardSchedule(plan), plan.outShape.slice(), dtype, false);
}

/** Forward and gradient kernel configs for the `webgl` backend. */
export const [interpolateWebGLConfig, interpolateGradWebGLConfig] = scheduleKernels<WebGLBackendLike>('webgl', runPasses);
