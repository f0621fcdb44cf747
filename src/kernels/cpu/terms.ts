/**
 * Enumerates, for one output position, the input taps it combines: offsets into one input plane
 * (already multiplied by the inner stride) and the per-axis weights. Shared by the non-separable CPU
 * paths (gather-free linear, area, and every gradient).
 */
import type {AxisTables} from '../../plan/plan';

/** Scratch buffers for the taps of one output position. */
export interface Terms {
  count: number;
  /** Plane offsets: products of sizes, exact up to 2^53 (an Int32Array would wrap at 2^31). */
  offset: Float64Array;
  w0: Float32Array;
  w1: Float32Array;
  w2: Float32Array;
}

/** Allocates scratch space large enough for every position of `axes`. */
export function allocTerms(axes: AxisTables): Terms {
  const n = axes[0].taps * axes[1].taps * axes[2].taps;
  return {
    count: 0,
    offset: new Float64Array(n),
    w0: new Float32Array(n),
    w1: new Float32Array(n),
    w2: new Float32Array(n),
  };
}

/**
 * Fills `t` with the taps of output `(od, oh, ow)` in the loop nest `order` (outermost axis
 * first). `inH`, `inW` are the input spatial sizes, `inner` the stride of one spatial step.
 */
export function collectTerms(
    t: Terms, axes: AxisTables, order: readonly number[], pos: readonly [number, number, number],
    inH: number, inW: number, inner: number): void {
  const [a, b, c] = order;
  const ta = axes[a], tb = axes[b], tc = axes[c];
  const ra = pos[a] * ta.taps, rb = pos[b] * tb.taps, rc = pos[c] * tc.taps;
  const na = ta.count[pos[a]], nb = tb.count[pos[b]], nc = tc.count[pos[c]];
  const idx = [0, 0, 0];
  const w = [0, 0, 0];
  let n = 0;
  for (let i = 0; i < na; i++) {
    idx[a] = ta.index[ra + i];
    w[a] = ta.weight[ra + i];
    for (let j = 0; j < nb; j++) {
      idx[b] = tb.index[rb + j];
      w[b] = tb.weight[rb + j];
      for (let k = 0; k < nc; k++) {
        idx[c] = tc.index[rc + k];
        w[c] = tc.weight[rc + k];
        t.offset[n] = ((idx[0] * inH + idx[1]) * inW + idx[2]) * inner;
        t.w0[n] = w[0];
        t.w1[n] = w[1];
        t.w2[n] = w[2];
        n++;
      }
    }
  }
  t.count = n;
}
