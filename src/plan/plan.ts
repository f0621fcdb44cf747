/**
 * The interpolation plan: from an input shape and validated attributes to the output shape and the
 * per-axis tables every kernel (forward and gradient, on every backend) consumes. Pure TypeScript,
 * no tf.js import; memoised by shape and attributes.
 */
import {antialiasAxis, areaAxis, AxisTable, cubicAxis, identityTable, linearAxis, nearestAxis, nearestExactAxis} from './axis_table';
import {lruMemo} from './memo';
import type {InterpolateAttrs} from './types';

/**
 * How the forward combines the axis tables.
 * - `gather`: copy `x[index_d][index_h][index_w]` (nearest modes).
 * - `separable`: one pass per real axis, innermost (W) first, each output
 *   `acc = f32(x0*w0); acc = f32(acc + f32(xk*wk))` (linear generic path, bicubic, antialias).
 * - `linearDouble`: PyTorch's channels-last linear kernel, taken for single-channel (or single-pixel)
 *   input: `f32(sum in double of x * f32(f32(wd*wh)*ww))` over the 2^rank corner taps, except the
 *   first `floatChannels` channels, summed right-to-left in float32.
 * - `area`: float32 sum over the window in row-major order, then divided by each window length.
 * - `mean`: all output sizes 1: PyTorch's cascade `sum` of the plane divided by its size.
 */
export type ForwardMethod = 'gather'|'separable'|'linearDouble'|'area'|'mean';

/**
 * How the gradient scatters `dy` back through the tables.
 * - `copy`: `dx = dy` (bicubic with unchanged sizes).
 * - `mean`: `dx = f32(dy / n)` everywhere.
 * - `scatter`: for each output position in row-major order, for each tap combination in `tapOrder`
 *   nesting, `dx[taps] += contribution`, where `combine` gives the contribution:
 *   `add` = `dy`; `weightsFirst` = `f32(f32(f32(wd*wh)*ww) * dy)`; `gradFirst` = `f32(f32(f32(dy*wd)*wh)*ww)`;
 *   `divide` = `f32(f32(f32(dy/kd)/kh)/kw)` (area).
 */
export type BackwardMethod = 'copy'|'mean'|'scatter';

/** Contribution rule of a `scatter` backward. */
export type ScatterCombine = 'add'|'weightsFirst'|'gradFirst'|'divide';

/** Three axis tables in D, H, W order (missing axes are identity tables). */
export type AxisTables = readonly [AxisTable, AxisTable, AxisTable];

/** Forward half of a plan. */
export interface ForwardPlan {
  readonly method: ForwardMethod;
  readonly axes: AxisTables;
  /** `linearDouble` only: channels `[0, floatChannels)` are combined in float32. */
  readonly floatChannels: number;
  /**
   * `separable` only: the spatial axes (0 = D, 1 = H, 2 = W) in pass order; absent = W, H, D.
   * TensorFlow's resizes combine rows before columns (see ./tensorflow/).
   */
  readonly order?: readonly number[];
}

/** Gradient half of a plan. */
export interface BackwardPlan {
  readonly method: BackwardMethod;
  readonly combine: ScatterCombine;
  readonly axes: AxisTables;
  /** Loop nest over tap combinations, outermost axis first (0 = D, 1 = H, 2 = W). */
  readonly tapOrder: readonly [number, number, number];
  /** Accumulate `f32(dx + w * dy)` in double (PyTorch's channels-last linear backward). */
  readonly doubleAccumulate: boolean;
  /** With `doubleAccumulate`: channels `[0, floatChannels)` still accumulate in float32. */
  readonly floatChannels: number;
}

/** Everything a kernel needs, computed once per (input shape, attributes). */
export interface InterpolatePlan {
  /** Memo key: input shape and attributes. */
  readonly key: string;
  readonly attrs: Readonly<InterpolateAttrs>;
  readonly inShape: readonly number[];
  readonly outShape: readonly number[];
  /**
   * Both layouts viewed as `[outer, D, H, W, inner]`: channels-first has `outer = N*C, inner = 1`,
   * channels-last `outer = N, inner = C`.
   */
  readonly outer: number;
  readonly inner: number;
  readonly channels: number;
  readonly inSpatial: readonly [number, number, number];
  readonly outSpatial: readonly [number, number, number];
  readonly forward: ForwardPlan;
  readonly backward: BackwardPlan;
}

/**
 * The part of a plan a forward kernel reads: what {@link InterpolatePlan} and the TensorFlow
 * plans (./tensorflow/plan.ts) have in common.
 */
export type ForwardKernelPlan = Pick<
    InterpolatePlan, 'key'|'inShape'|'outShape'|'outer'|'inner'|'channels'|'inSpatial'|'outSpatial'|'forward'>;

const NATURAL: readonly [number, number, number] = [0, 1, 2];

function pad3<T>(values: readonly T[], fill: () => T): [T, T, T] {
  const out: T[] = [];
  for (let i = values.length; i < 3; i++) out.push(fill());
  return [...out, ...values] as [T, T, T];
}

function checkShape(inShape: readonly number[], attrs: InterpolateAttrs): number {
  const dims = inShape.length - 2;
  if (dims < 1 || dims > 3 || attrs.outSize.length !== dims || attrs.scales.length !== dims) {
    throw new Error(
        `interpolate plan: inconsistent shape [${inShape}] and outSize [${attrs.outSize}]`);
  }
  for (const n of [...inShape, ...attrs.outSize]) {
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new Error(`interpolate plan: sizes must be non-negative integers, got ${n}`);
    }
  }
  return dims;
}

function buildForward(
    attrs: InterpolateAttrs, inS: number[], channelsLastKernel: boolean,
    channels: number): ForwardPlan {
  const {mode, alignCorners: ac, scales, outSize} = attrs;
  const axes = (make: (i: number) => AxisTable) => pad3(inS.map((_, i) => make(i)), identityTable);
  const floatChannels = channels >= 8 ? channels - (channels % 8) : 0;
  switch (mode) {
    case 'nearest':
      return {
        method: 'gather',
        axes: axes((i) => nearestAxis(inS[i], outSize[i], scales[i], channelsLastKernel)),
        floatChannels: 0,
      };
    case 'nearest-exact':
      return {
        method: 'gather',
        axes: axes((i) => nearestExactAxis(inS[i], outSize[i], scales[i], false)),
        floatChannels: 0,
      };
    case 'area':
      return {
        method: outSize.every((n) => n === 1) ? 'mean' : 'area',
        axes: axes((i) => areaAxis(inS[i], outSize[i])),
        floatChannels: 0,
      };
    case 'bicubic':
    case 'bilinear':
      if (attrs.antialias) {
        return {
          method: 'separable',
          axes: axes((i) => antialiasAxis(inS[i], outSize[i], ac, scales[i], mode === 'bicubic')),
          floatChannels: 0,
        };
      }
      if (mode === 'bicubic') {
        return {
          method: 'separable',
          axes: axes((i) => cubicAxis(inS[i], outSize[i], ac, scales[i], false)),
          floatChannels: 0,
        };
      }
      break;
    default:
      break;
  }
  return {
    method: channelsLastKernel ? 'linearDouble' : 'separable',
    axes: axes((i) => linearAxis(inS[i], outSize[i], ac, scales[i])),
    floatChannels,
  };
}

function buildBackward(
    attrs: InterpolateAttrs, inS: number[], forward: ForwardPlan, channelsLastGrad: boolean,
    channels: number): BackwardPlan {
  const {mode, alignCorners: ac, scales, outSize} = attrs;
  const axes = (make: (i: number) => AxisTable) => pad3(inS.map((_, i) => make(i)), identityTable);
  const base = {
    method: 'scatter' as BackwardMethod,
    tapOrder: NATURAL,
    doubleAccumulate: false,
    floatChannels: 0,
  };
  if (mode === 'nearest') {
    return {
      ...base,
      combine: 'add',
      axes: axes((i) => nearestAxis(inS[i], outSize[i], scales[i], true)),
    };
  }
  if (mode === 'nearest-exact') {
    return {
      ...base,
      combine: 'add',
      axes: axes((i) => nearestExactAxis(inS[i], outSize[i], scales[i], true)),
    };
  }
  if (mode === 'area') {
    return {...base, method: forward.method === 'mean' ? 'mean' : 'scatter', combine: 'divide', axes: forward.axes};
  }
  if (attrs.antialias) {
    return {...base, combine: 'weightsFirst', axes: forward.axes};
  }
  if (mode === 'bicubic') {
    const same = inS.every((n, i) => n === outSize[i]);
    return {
      ...base,
      method: same ? 'copy' : 'scatter',
      combine: 'gradFirst',
      axes: axes((i) => cubicAxis(inS[i], outSize[i], ac, scales[i], true)),
      tapOrder: [0, 2, 1],
    };
  }
  return {
    ...base,
    combine: 'weightsFirst',
    axes: forward.axes,
    doubleAccumulate: channelsLastGrad,
    floatChannels: channelsLastGrad && channels >= 8 ? channels - (channels % 8) : 0,
  };
}

/**
 * Builds the plan for an input of shape `inShape` (in `attrs.dataFormat` layout).
 * @example
 * const plan = makeInterpolatePlan([1, 1, 4], {mode: 'linear', alignCorners: false,
 *     antialias: false, outSize: [7], scales: [0], dataFormat: 'channelsFirst'});
 * plan.outShape; // [1, 1, 7]
 */
export function makeInterpolatePlan(
    inShape: readonly number[], attrs: InterpolateAttrs): InterpolatePlan {
  const dims = checkShape(inShape, attrs);
  const last = attrs.dataFormat === 'channelsLast';
  const n = inShape[0];
  const channels = last ? inShape[inShape.length - 1] : inShape[1];
  const inS = last ? inShape.slice(1, -1) : inShape.slice(2);
  const outShape = last ? [n, ...attrs.outSize, channels] : [n, channels, ...attrs.outSize];
  // PyTorch picks its channels-last kernels by memory contiguity; for a contiguous NC... tensor that
  // holds exactly when C == 1 or every spatial size is 1 (rank 4 and 5 only).
  const clContiguous = (sizes: readonly number[]) =>
      dims >= 2 && (channels === 1 || sizes.every((s) => s === 1));
  const forward = buildForward(attrs, inS, clContiguous(inS), channels);
  const backward = buildBackward(attrs, inS, forward, clContiguous(attrs.outSize), channels);
  return {
    key: planKey(inShape, attrs),
    attrs: {...attrs, outSize: attrs.outSize.slice(), scales: attrs.scales.slice()},
    inShape: inShape.slice(),
    outShape,
    outer: last ? n : n * channels,
    inner: last ? channels : 1,
    channels,
    inSpatial: pad3(inS, () => 1),
    outSpatial: pad3(attrs.outSize, () => 1),
    forward,
    backward,
  };
}

function planKey(inShape: readonly number[], a: InterpolateAttrs): string {
  return `${inShape.join(',')}|${a.mode}|${+a.alignCorners}|${+a.antialias}|` +
      `${a.outSize.join(',')}|${a.scales.join(',')}|${a.dataFormat}`;
}

const memo = lruMemo<InterpolatePlan>(64);

/** Memoised {@link makeInterpolatePlan} (least recently used plans are dropped past 64). */
export function getInterpolatePlan(
    inShape: readonly number[], attrs: InterpolateAttrs): InterpolatePlan {
  return memo(planKey(inShape, attrs), () => makeInterpolatePlan(inShape, attrs));
}
