/**
 * `Interpolate` and `InterpolateGrad` for tf.js's `webgl` backend (duck-typed: the backend package
 * is not imported). Every mode runs as separable passes, one program run per real spatial axis, each
 * driven by the shared plan's axis table uploaded as a small float texture:
 * - forward: W, then H, then D, with `plan.forward.axes` (area: weights `1 / count`, i.e. a window
 *   mean per axis; nearest modes: an exact copy of the single tap, so int32 stays exact);
 * - gradient (gather form, no scatter): the transposed tables of `plan.backward.axes`
 *   (see ../../plan/transpose.ts) applied D, then H, then W.
 * Tensors are processed as flat unpacked textures; packed inputs are unpacked first. A forward whose
 * W and H tables both use all of their (at most 4) taps runs W and H as one fused program with the
 * same arithmetic (see `InterpolateFusedHWProgram`); when that is the last step and tf.js packs
 * (`WEBGL_PACK`), it writes the result's packed texture, 2x2 outputs per fragment.
 */
import * as tf from '@tensorflow/tfjs-core';
import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {Interpolate, InterpolateGrad} from '../../kernel_names';
import type {AxisTable} from '../../plan/axis_table';
import {ForwardKernelPlan, getInterpolatePlan} from '../../plan/plan';
import {meanWeights, transposeAxis} from '../../plan/transpose';
import type {InterpolateAttrs} from '../../plan/types';
import {encodeTable, InterpolateFusedHWProgram, InterpolatePassProgram, isUniformTable, PassKind, tableStride, WebGLProgramLike} from './programs';

type DType = 'float32'|'int32';

/** The parts of `MathBackendWebGL` the kernels use. */
export interface WebGLBackendLike {
  runWebGLProgram(
      program: WebGLProgramLike, inputs: TensorInfo[], outputDtype: DType,
      customUniformValues?: number[][]): TensorInfo;
  makeTensorInfo(shape: number[], dtype: DType, values?: Float32Array|Int32Array): TensorInfo;
  disposeIntermediateTensorInfo(info: TensorInfo): void;
  unpackTensor(info: TensorInfo): TensorInfo;
  incRef(dataId: object): void;
  texData: {get(dataId: object): {isPacked?: boolean, shape: number[]}};
}

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Throws, naming the limit, when a flat tensor of `n` elements cannot be a texture. */
function checkTextureSize(n: number, what: string): void {
  const max = tf.env().getNumber('WEBGL_MAX_TEXTURE_SIZE');
  if (n > max * max) {
    throw new Error(
        `interpolate (webgl): the ${what} has ${n} elements, more than a ${max}x${max} texture ` +
        `(WEBGL_MAX_TEXTURE_SIZE = ${max}) holds; use the cpu backend or split the tensor`);
  }
}

/** One pass description: the table and the `[pre, inLen, post]` view it applies to. */
interface Pass {
  table: AxisTable;
  /** Spatial axis (0 = D, 1 = H, 2 = W). */
  axis: number;
  pre: number;
  post: number;
  kind: PassKind;
}

/** A program run: one axis pass, or the W pass and then the H pass of a forward fused. */
type Step = {pass: Pass}|{w: Pass, h: Pass};

/** Builds passes over `axes` in `order`, tracking the spatial sizes from `start`. */
function makePasses(
    plan: ForwardKernelPlan, axes: readonly AxisTable[], order: number[], start: readonly number[],
    kind: PassKind): Pass[] {
  const dims = start.slice();
  const passes: Pass[] = [];
  for (const a of order) {
    const t = axes[a];
    if (t.identity) continue;
    let pre = plan.outer;
    for (let i = 0; i < a; i++) pre *= dims[i];
    let post = plan.inner;
    for (let i = a + 1; i < 3; i++) post *= dims[i];
    passes.push({table: t, axis: a, pre, post, kind});
    dims[a] = t.outSize;
  }
  return passes;
}

/** Uniform (all taps used, at most 4) per table, memoised: tables of a plan are reused. */
const uniformMemo = new WeakMap<AxisTable, boolean>();
function isUniform(t: AxisTable): boolean {
  let u = uniformMemo.get(t);
  if (u == null) {
    u = isUniformTable(t);
    uniformMemo.set(t, u);
  }
  return u;
}

/**
 * Groups the passes into program runs: a leading W pass followed by the H pass, both with uniform
 * tables (linear, bicubic, nearest; area and antialias when every window has the same length, up
 * to 4), runs as one fused program.
 */
function makeSteps(passes: Pass[]): Step[] {
  const steps: Step[] = [];
  let i = 0;
  if (passes.length >= 2) {
    const [w, h] = passes;
    if (w.axis === 2 && h.axis === 1 && w.kind === h.kind && isUniform(w.table) && isUniform(h.table) &&
        (w.kind === 'sum' || (w.table.taps === 1 && h.table.taps === 1))) {
      steps.push({w, h});
      i = 2;
    }
  }
  for (; i < passes.length; i++) steps.push({pass: passes[i]});
  return steps;
}

/**
 * Runs `passes` on `x` (any shape, flat-viewed) and returns a tensor of `outShape`.
 * Intermediates and tables are disposed here; `x` is left alone.
 */
function runPasses(
    backend: WebGLBackendLike, x: TensorInfo, passes: Pass[], outShape: number[],
    dtype: DType, fuse: boolean, channelsLast: boolean): TensorInfo {
  const outSize = size(outShape);
  if (outSize === 0 || size(x.shape) === 0) {
    const values = dtype === 'int32' ? new Int32Array(outSize) : new Float32Array(outSize);
    return backend.makeTensorInfo(outShape, dtype, values);
  }
  const temps: TensorInfo[] = [];
  let src = x;
  const td = backend.texData.get(x.dataId);
  if (td.isPacked) {
    src = backend.unpackTensor(x);
    temps.push(src);
  }
  const webgl1 = tf.env().getNumber('WEBGL_VERSION') === 1;
  // Half-float textures hold integers exactly only up to 2048: store indices in two halves.
  const split = !tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED');
  let cur: TensorInfo = {dataId: src.dataId, shape: [size(x.shape)], dtype: src.dtype};
  let produced: TensorInfo|null = null;
  try {
    const steps: Step[] = fuse ? makeSteps(passes) : passes.map((pass) => ({pass}));
    for (const step of steps) {
      // Tables are uploaded per call and released after the run: a texture kept across calls
      // would count, for tf.js's kernel leak check (IS_TEST), as a data id leaked by the kernel.
      const owned: TensorInfo[] = [];
      const table = (p: Pass) => {
        const encoded = encodeTable(p.table, split);
        const info = backend.makeTensorInfo([encoded.length], 'float32', encoded);
        owned.push(info);
        return info;
      };
      let next: TensorInfo;
      try {
        if ('pass' in step) {
          const {table: t, pre, post, kind} = step.pass;
          const n = pre * t.outSize * post;
          checkTextureSize(n, 'output');
          const fixedTaps = isUniform(t) ? t.taps : null;
          const program = new InterpolatePassProgram(
              n, {kind, split, fixedTaps, constTaps: webgl1 && fixedTaps == null ? t.taps : undefined});
          next = backend.runWebGLProgram(
              program, [cur, table(step.pass)], dtype,
              [[t.inSize], [t.outSize], [post], [t.taps], [tableStride(t.taps, split)]]);
        } else {
          const {w, h} = step;
          const tw = w.table;
          const th = h.table;
          const n = h.pre * th.outSize * tw.outSize * w.post;
          checkTextureSize(n, 'output');
          // The last step writes the packed form when tf.js packs (2x2 outputs per fragment).
          const last = step === steps[steps.length - 1];
          const layout = !last || !tf.env().getBool('WEBGL_PACK') ? 'flat' :
              channelsLast ? 'last' : 'first';
          const program = new InterpolateFusedHWProgram(
              h.pre, th.outSize, tw.outSize, w.post,
              {kind: w.kind, split, tapsH: th.taps, tapsW: tw.taps, layout});
          next = backend.runWebGLProgram(
              program, [cur, table(w), table(h)], dtype,
              [[th.inSize], [tw.inSize], [th.outSize], [tw.outSize], [w.post],
               [tableStride(th.taps, split)], [tableStride(tw.taps, split)]]);
        }
      } finally {
        for (const t of owned) backend.disposeIntermediateTensorInfo(t);
      }
      if (produced != null) backend.disposeIntermediateTensorInfo(produced);
      produced = next;
      cur = next;
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

/** Derived tables (area weights, transposes) per plan, computed once. */
const derivedAxes = new WeakMap<ForwardKernelPlan, {forward?: AxisTable[], backward?: AxisTable[]}>();

function derived(plan: ForwardKernelPlan, which: 'forward'|'backward', make: () => AxisTable[]): AxisTable[] {
  let d = derivedAxes.get(plan);
  if (d == null) {
    d = {};
    derivedAxes.set(plan, d);
  }
  return d[which] ??= make();
}

type KernelArgs = Parameters<KernelFunc>[0];

function forward({inputs, backend, attrs}: KernelArgs): TensorInfo {
  const gl = backend as WebGLBackendLike;
  const x = inputs.x as TensorInfo;
  const plan = getInterpolatePlan(x.shape, attrs as unknown as InterpolateAttrs);
  const method = plan.forward.method;
  const nearest = method === 'gather';
  if (!nearest && x.dtype !== 'float32') {
    throw new Error(`interpolate: mode '${plan.attrs.mode}' needs float32 data`);
  }
  const axes = method === 'area' || method === 'mean' ?
      derived(plan, 'forward', () => plan.forward.axes.map(meanWeights)) :
      plan.forward.axes;
  return runForwardWebGL(gl, x, plan, axes, plan.attrs.dataFormat === 'channelsLast');
}

/**
 * Runs a {@link ForwardKernelPlan}'s separable passes (in `plan.forward.order`, default W, H, D) with
 * `axes` (the plan's tables or ones derived from them) on `x`.
 */
export function runForwardWebGL(
    gl: WebGLBackendLike, x: TensorInfo, plan: ForwardKernelPlan, axes: readonly AxisTable[],
    channelsLast: boolean): TensorInfo {
  const nearest = plan.forward.method === 'gather';
  const order = plan.forward.order?.slice() ?? [2, 1, 0];
  const passes = makePasses(plan, axes, order, plan.inSpatial, nearest ? 'copy' : 'sum');
  return runPasses(gl, x, passes, plan.outShape.slice(), nearest ? x.dtype as DType : 'float32', true,
      channelsLast);
}

function backward({inputs, backend, attrs}: KernelArgs): TensorInfo {
  const gl = backend as WebGLBackendLike;
  const {dy, x} = inputs as {dy: TensorInfo, x: TensorInfo};
  const plan = getInterpolatePlan(x.shape, attrs as unknown as InterpolateAttrs);
  const b = plan.backward;
  if (b.method === 'copy') {
    // Same sizes (bicubic): dx = dy, shared like tf.js's Identity kernel.
    gl.incRef(dy.dataId);
    return {dataId: dy.dataId, shape: plan.inShape.slice(), dtype: 'float32'};
  }
  const axes = derived(
      plan, 'backward',
      () => b.axes.map((t) => transposeAxis(t, b.combine === 'divide' ? 'reciprocalCount' : 'weight')));
  const passes = makePasses(plan, axes, [0, 1, 2], plan.outSpatial, 'sum');
  return runPasses(gl, dy, passes, plan.inShape.slice(), 'float32', false, false);
}

/** Forward kernel config for the `webgl` backend. */
export const interpolateWebGLConfig: KernelConfig = {
  kernelName: Interpolate,
  backendName: 'webgl',
  kernelFunc: forward as unknown as KernelFunc,
};

/** Gradient kernel config for the `webgl` backend. */
export const interpolateGradWebGLConfig: KernelConfig = {
  kernelName: InterpolateGrad,
  backendName: 'webgl',
  kernelFunc: backward as unknown as KernelFunc,
};
