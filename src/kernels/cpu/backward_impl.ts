/**
 * Input gradient on flat TypedArrays: the adjoint of the forward, scattering `dy` through the plan's
 * backward tables in PyTorch's accumulation order (see {@link BackwardPlan}).
 *
 * Work is organised by output row: the taps of every position of one `(od, oh)` row are collected
 * once (offsets and weights), then replayed for every plane, so the per-plane loop is a plain
 * scatter. Each `dx` element still receives its contributions in PyTorch's order: output positions
 * row-major, taps in `tapOrder`.
 */
import type {BackwardPlan, InterpolatePlan} from '../../plan/plan';
import {allocTerms, collectTerms} from './terms';

const f32 = Math.fround;

function size3(s: readonly number[]): number {
  return s[0] * s[1] * s[2];
}

/** Taps of one output row: position `ow` owns terms `[start[ow], start[ow + 1])`. */
interface RowTerms {
  start: Int32Array;
  offset: Float64Array;
  /** `weightsFirst`: the combined weight; `divide`: unused; `gradFirst`: the D weight. */
  w0: Float32Array;
  w1: Float32Array;
  w2: Float32Array;
  /** `divide`: the window lengths' divisions are per position. */
  kd: number;
  kh: number;
  kw: Int32Array;
}

function collectRow(
    plan: InterpolatePlan, b: BackwardPlan, od: number, oh: number, row: RowTerms,
    scratch: ReturnType<typeof allocTerms>): void {
  const [, iH, iW] = plan.inSpatial;
  const oW = plan.outSpatial[2];
  let n = 0;
  for (let ow = 0; ow < oW; ow++) {
    row.start[ow] = n;
    collectTerms(scratch, b.axes, b.tapOrder, [od, oh, ow], iH, iW, plan.inner);
    for (let k = 0; k < scratch.count; k++, n++) {
      row.offset[n] = scratch.offset[k];
      if (b.combine === 'weightsFirst') {
        row.w0[n] = f32(f32(scratch.w0[k] * scratch.w1[k]) * scratch.w2[k]);
      } else {
        row.w0[n] = scratch.w0[k];
        row.w1[n] = scratch.w1[k];
        row.w2[n] = scratch.w2[k];
      }
    }
    row.kw[ow] = b.axes[2].count[ow];
  }
  row.start[oW] = n;
  row.kd = b.axes[0].count[od];
  row.kh = b.axes[1].count[oh];
}

/** Scatters one output row of every plane (channels-first: one value per position). */
function scatterRowPlanar(
    plan: InterpolatePlan, b: BackwardPlan, row: RowTerms, dy: Float32Array, dyRow: number,
    dx: Float32Array): void {
  const {start, offset, w0, w1, w2, kd, kh, kw} = row;
  const oW = plan.outSpatial[2];
  const inPlane = size3(plan.inSpatial);
  const outPlane = size3(plan.outSpatial);
  const doubleAcc = b.doubleAccumulate;
  for (let o = 0; o < plan.outer; o++) {
    const base = o * inPlane;
    const gBase = o * outPlane + dyRow;
    const floatPlane = !doubleAcc || (o % plan.channels) < b.floatChannels;
    for (let ow = 0; ow < oW; ow++) {
      const g = dy[gBase + ow];
      const end = start[ow + 1];
      switch (b.combine) {
        case 'weightsFirst':
          if (floatPlane) {
            for (let k = start[ow]; k < end; k++) dx[base + offset[k]] += f32(w0[k] * g);
          } else {
            for (let k = start[ow]; k < end; k++) dx[base + offset[k]] += w0[k] * g;
          }
          break;
        case 'add':
          for (let k = start[ow]; k < end; k++) dx[base + offset[k]] += g;
          break;
        case 'divide': {
          const delta = f32(f32(f32(g / kd) / kh) / kw[ow]);
          for (let k = start[ow]; k < end; k++) dx[base + offset[k]] += delta;
          break;
        }
        default:
          for (let k = start[ow]; k < end; k++) {
            dx[base + offset[k]] += f32(f32(f32(g * w0[k]) * w1[k]) * w2[k]);
          }
      }
    }
  }
}

/** Scatters one output row with channels innermost (channels-last layout). */
function scatterRowInterleaved(
    plan: InterpolatePlan, b: BackwardPlan, row: RowTerms, dy: Float32Array, dyRow: number,
    dx: Float32Array): void {
  const {start, offset, w0, w1, w2, kd, kh, kw} = row;
  const {inner} = plan;
  const oW = plan.outSpatial[2];
  const inPlane = size3(plan.inSpatial) * inner;
  const outPlane = size3(plan.outSpatial) * inner;
  for (let o = 0; o < plan.outer; o++) {
    const base = o * inPlane;
    for (let ow = 0; ow < oW; ow++) {
      const g0 = o * outPlane + (dyRow + ow) * inner;
      const end = start[ow + 1];
      for (let k = start[ow]; k < end; k++) {
        const d = base + offset[k];
        switch (b.combine) {
          case 'weightsFirst': {
            const w = w0[k];
            const split = b.doubleAccumulate ? b.floatChannels : inner;
            for (let c = 0; c < split; c++) dx[d + c] += f32(w * dy[g0 + c]);
            for (let c = split; c < inner; c++) dx[d + c] += w * dy[g0 + c];
            break;
          }
          case 'add':
            for (let c = 0; c < inner; c++) dx[d + c] += dy[g0 + c];
            break;
          case 'divide':
            for (let c = 0; c < inner; c++) dx[d + c] += f32(f32(f32(dy[g0 + c] / kd) / kh) / kw[ow]);
            break;
          default: {
            const a = w0[k], h = w1[k], w = w2[k];
            for (let c = 0; c < inner; c++) dx[d + c] += f32(f32(f32(dy[g0 + c] * a) * h) * w);
          }
        }
      }
    }
  }
}

/**
 * Computes `dx` (laid out as `plan.inShape`) from `dy` (laid out as `plan.outShape`).
 */
export function interpolateBackward(plan: InterpolatePlan, dy: Float32Array): Float32Array {
  const b = plan.backward;
  const {inner, outer} = plan;
  const [oD, oH, oW] = plan.outSpatial;
  const inPlane = size3(plan.inSpatial) * inner;
  const dx = new Float32Array(outer * inPlane);
  if (b.method === 'copy') {
    dx.set(dy);
    return dx;
  }
  if (b.method === 'mean') {
    const n = size3(plan.inSpatial);
    for (let o = 0; o < outer; o++) {
      for (let c = 0; c < inner; c++) {
        const v = f32(dy[o * inner + c] / n);
        for (let i = 0; i < n; i++) dx[o * inPlane + i * inner + c] = v;
      }
    }
    return dx;
  }
  const scratch = allocTerms(b.axes);
  const maxTerms = oW * scratch.offset.length;
  const row: RowTerms = {
    start: new Int32Array(oW + 1),
    offset: new Float64Array(maxTerms),  // plane offsets may pass 2^31
    w0: new Float32Array(maxTerms),
    w1: new Float32Array(maxTerms),
    w2: new Float32Array(maxTerms),
    kd: 1,
    kh: 1,
    kw: new Int32Array(oW),
  };
  const scatterRow = inner === 1 ? scatterRowPlanar : scatterRowInterleaved;
  for (let od = 0; od < oD; od++) {
    for (let oh = 0; oh < oH; oh++) {
      collectRow(plan, b, od, oh, row, scratch);
      scatterRow(plan, b, row, dy, (od * oH + oh) * oW, dx);
    }
  }
  return dx;
}
