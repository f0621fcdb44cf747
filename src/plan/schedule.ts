/**
 * The pass schedule: how a plan's forward and gradient run as separable passes, one per real spatial
 * axis, each applying one axis table to the data viewed as `[pre, inLen, post]` -> `[pre, outLen,
 * post]`. Every backend that runs passes (CPU, WebGL, WebGPU) consumes this schedule instead of
 * working out the order, views and derived tables itself. Pure data, memoised per plan; no tf.js.
 *
 * - forward: W, then H, then D (PyTorch's rounding order for separable kernels; a plan may give
 *   another `forward.order`), with
 *   `plan.forward.axes`, except `area`/`mean`, whose tables get weight `1 / count` (a window mean
 *   per axis, {@link meanWeights}) so a pass is one multiply-add loop for every mode; nearest modes
 *   are `copy` passes (the single tap is copied, so int32 stays exact);
 * - gradient, gather form: D, then H, then W over `dy`, with the transposed tables of
 *   `plan.backward.axes` ({@link transposeAxis}; area with weight `1 / count`).
 */
import type {AxisTable} from './axis_table';
import type {ForwardKernelPlan, InterpolatePlan} from './plan';
import {meanWeights, transposeAxis} from './transpose';

/** How a pass combines its taps: weighted sum, or a copy of the single tap (nearest modes). */
export type PassKind = 'sum'|'copy';

/** One separable pass. */
export interface Pass {
  /** Spatial axis the pass runs along (0 = D, 1 = H, 2 = W). */
  readonly axis: 0|1|2;
  /** The table applied: output `j` reads `count[j]` taps `index[j * taps + k]` of the input axis. */
  readonly table: AxisTable;
  /** Product of the sizes before the axis (`outer` and the leading spatial sizes at this point). */
  readonly pre: number;
  /** Input length along the axis (`table.inSize`). */
  readonly inLen: number;
  /** Output length along the axis (`table.outSize`). */
  readonly outLen: number;
  /** Product of the sizes after the axis (the trailing spatial sizes and `inner`). */
  readonly post: number;
  /** Every output of the table uses all `table.taps` taps ({@link allTapsUsed}). */
  readonly allTaps: boolean;
}

/** A forward or gradient as a list of passes. */
export interface Schedule {
  readonly kind: PassKind;
  /** Passes in execution order; absent axes are skipped (empty when no axis is real). */
  readonly passes: readonly Pass[];
  /** Element count of the data the schedule starts from and of its result. */
  readonly inSize: number;
  readonly outSize: number;
}

const allTapsMemo = new WeakMap<AxisTable, boolean>();

/**
 * True when every output of `t` uses all `t.taps` taps (linear, bicubic, nearest; area and antialias
 * only when every window has the same length), so a kernel may drop the per-output count. Memoised
 * per table.
 * @example
 * allTapsUsed(linearAxis(4, 7, false, 0));  // true
 */
export function allTapsUsed(t: AxisTable): boolean {
  let u = allTapsMemo.get(t);
  if (u == null) {
    u = t.count.every((n) => n === t.taps);
    allTapsMemo.set(t, u);
  }
  return u;
}

function product(values: readonly number[]): number {
  return values.reduce((a, b) => a * b, 1);
}

/** Passes over `axes` in `order`, tracking the spatial sizes from `start`. */
function makePasses(
    plan: ForwardKernelPlan, axes: readonly AxisTable[], order: readonly number[],
    start: readonly number[]): Pass[] {
  const dims = start.slice();
  const passes: Pass[] = [];
  for (const a of order as readonly (0|1|2)[]) {
    const table = axes[a];
    if (table.identity) continue;
    const pre = plan.outer * product(dims.slice(0, a));
    const post = plan.inner * product(dims.slice(a + 1));
    passes.push({axis: a, table, pre, inLen: table.inSize, outLen: table.outSize, post, allTaps: allTapsUsed(table)});
    dims[a] = table.outSize;
  }
  return passes;
}

interface Memo {
  forward?: Schedule;
  backward?: Schedule;
}
const memo = new WeakMap<ForwardKernelPlan, Memo>();

function memoFor(plan: ForwardKernelPlan): Memo {
  let m = memo.get(plan);
  if (m == null) {
    m = {};
    memo.set(plan, m);
  }
  return m;
}

/**
 * The forward as separable passes, in `plan.forward.order` (default W, H, D). For `separable` plans the arithmetic matches the
 * plan's (CPU) forward exactly; for the other methods it is the same interpolation with float32
 * multiply-add passes. Memoised per plan.
 * @example
 * forwardSchedule(plan).passes.map((p) => p.axis);  // [2, 1] for a 4-D input
 */
export function forwardSchedule(plan: ForwardKernelPlan): Schedule {
  const m = memoFor(plan);
  if (m.forward == null) {
    const {method} = plan.forward;
    const axes = method === 'area' || method === 'mean' ? plan.forward.axes.map(meanWeights) : plan.forward.axes;
    m.forward = {
      kind: method === 'gather' ? 'copy' : 'sum',
      passes: makePasses(plan, axes, plan.forward.order ?? [2, 1, 0], plan.inSpatial),
      inSize: plan.outer * product(plan.inSpatial) * plan.inner,
      outSize: plan.outer * product(plan.outSpatial) * plan.inner,
    };
  }
  return m.forward;
}

/**
 * The gradient in gather form: separable passes D, H, W over `dy` with the transposed backward
 * tables (`dx[i] = sum_k dy[index'[i][k]] * weight'[i][k]` per axis, no scatter). Memoised per plan,
 * and with it the transposed tables.
 * @example
 * backwardSchedule(plan).passes[0].table.outSize;  // an input length
 */
export function backwardSchedule(plan: InterpolatePlan): Schedule {
  const m = memoFor(plan);
  if (m.backward == null) {
    const b = plan.backward;
    const weight = b.combine === 'divide' ? 'reciprocalCount' : 'weight';
    const axes = b.axes.map((t) => t.identity ? t : transposeAxis(t, weight));
    m.backward = {
      kind: 'sum',
      passes: makePasses(plan, axes, [0, 1, 2], plan.outSpatial),
      inSize: plan.outer * product(plan.outSpatial) * plan.inner,
      outSize: plan.outer * product(plan.inSpatial) * plan.inner,
    };
  }
  return m.backward;
}
