/**
 * Forward interpolation on flat TypedArrays, driven entirely by an {@link InterpolatePlan}. Both
 * layouts are handled as `[outer, D, H, W, inner]`; no coordinate is computed here.
 */
import type {AxisTable} from '../../plan/axis_table';
import {cascadeSum} from '../../plan/cascade_sum';
import type {ForwardKernelPlan, InterpolatePlan} from '../../plan/plan';
import {forwardSchedule, Pass} from '../../plan/schedule';
import {allocTerms, collectTerms, Terms} from './terms';

const NATURAL = [0, 1, 2];

const f32 = Math.fround;

/** Values a CPU kernel reads and writes: float32 for every mode, int32 for the nearest modes. */
export type NumericArray = Float32Array|Int32Array;

function alloc(like: NumericArray, n: number): NumericArray {
  return like instanceof Int32Array ? new Int32Array(n) : new Float32Array(n);
}

function size3(s: readonly number[]): number {
  return s[0] * s[1] * s[2];
}

/** Nearest modes: one read per output, rows resolved once. */
function gather(plan: ForwardKernelPlan, x: NumericArray, out: NumericArray): void {
  const [ad, ah, aw] = plan.forward.axes;
  const [, iH, iW] = plan.inSpatial;
  const [oD, oH, oW] = plan.outSpatial;
  const {inner, outer} = plan;
  const inPlane = size3(plan.inSpatial) * inner;
  let p = 0;
  for (let o = 0; o < outer; o++) {
    const base = o * inPlane;
    for (let od = 0; od < oD; od++) {
      for (let oh = 0; oh < oH; oh++) {
        const row = base + (ad.index[od] * iH + ah.index[oh]) * iW * inner;
        if (inner === 1) {
          for (let ow = 0; ow < oW; ow++) out[p++] = x[row + aw.index[ow]];
        } else {
          for (let ow = 0; ow < oW; ow++) {
            const src = row + aw.index[ow] * inner;
            for (let c = 0; c < inner; c++) out[p++] = x[src + c];
          }
        }
      }
    }
  }
}

/** Two-tap pass along the contiguous axis: `f32(f32(x0*w0) + f32(x1*w1))`. */
function passLinearContiguous(src: Float32Array, dst: Float32Array, pre: number, t: AxisTable): void {
  const {index, weight, inSize, outSize} = t;
  for (let p = 0; p < pre; p++) {
    const s = p * inSize;
    const d = p * outSize;
    for (let j = 0, b = 0; j < outSize; j++, b += 2) {
      dst[d + j] = f32(src[s + index[b]] * weight[b]) + f32(src[s + index[b + 1]] * weight[b + 1]);
    }
  }
}

/** Two-tap pass along an outer axis: whole rows of `post` elements combined at once. */
function passLinearRows(
    src: Float32Array, dst: Float32Array, pre: number, post: number, t: AxisTable): void {
  const {index, weight, inSize, outSize} = t;
  for (let p = 0; p < pre; p++) {
    for (let j = 0, b = 0; j < outSize; j++, b += 2) {
      const d = (p * outSize + j) * post;
      const s0 = (p * inSize + index[b]) * post;
      const s1 = (p * inSize + index[b + 1]) * post;
      const w0 = weight[b];
      const w1 = weight[b + 1];
      for (let q = 0; q < post; q++) dst[d + q] = f32(src[s0 + q] * w0) + f32(src[s1 + q] * w1);
    }
  }
}

/**
 * One separable pass along an axis of a `[pre, inLen, post]` buffer:
 * `acc = f32(x0*w0); acc = f32(acc + f32(xk*wk))` (the store into a Float32Array rounds the sums).
 */
function pass(src: Float32Array, p: Pass): Float32Array {
  const {pre, post, table: t} = p;
  const {index, weight, count, taps, inSize, outSize} = t;
  const dst = new Float32Array(pre * outSize * post);
  if (taps === 2 && p.allTaps) {
    if (post === 1) passLinearContiguous(src, dst, pre, t);
    else passLinearRows(src, dst, pre, post, t);
    return dst;
  }
  if (post === 1) {
    for (let p = 0; p < pre; p++) {
      const s = p * inSize;
      const d = p * outSize;
      for (let j = 0; j < outSize; j++) {
        const b = j * taps;
        const n = count[j];
        if (n === 0) continue;
        let acc = f32(src[s + index[b]] * weight[b]);
        for (let k = 1; k < n; k++) acc = f32(acc + f32(src[s + index[b + k]] * weight[b + k]));
        dst[d + j] = acc;
      }
    }
    return dst;
  }
  for (let p = 0; p < pre; p++) {
    for (let j = 0; j < outSize; j++) {
      const b = j * taps;
      const n = count[j];
      const d = (p * outSize + j) * post;
      if (n === 0) continue;
      let s = (p * inSize + index[b]) * post;
      let w = weight[b];
      for (let q = 0; q < post; q++) dst[d + q] = src[s + q] * w;
      for (let k = 1; k < n; k++) {
        s = (p * inSize + index[b + k]) * post;
        w = weight[b + k];
        for (let q = 0; q < post; q++) dst[d + q] += f32(src[s + q] * w);
      }
    }
  }
  return dst;
}

/** The plan's forward schedule: passes in the plan's order (default W, H, D: PyTorch's rounding order). */
function separable(plan: ForwardKernelPlan, x: Float32Array): Float32Array {
  let cur = x;
  for (const p of forwardSchedule(plan).passes) cur = pass(cur, p);
  return cur === x ? x.slice() : cur;
}

function channelOf(plan: ForwardKernelPlan, o: number, c: number): number {
  return plan.inner === 1 ? o % plan.channels : c;
}

/**
 * Visits every output position in row-major order with its taps collected in natural (D, H, W)
 * order; `pos` is the position's index within one output plane.
 */
function forEachPosition(
    plan: ForwardKernelPlan, visit: (t: Terms, pos: number, od: number, oh: number, ow: number) => void): void {
  const {axes} = plan.forward;
  const [, iH, iW] = plan.inSpatial;
  const [oD, oH, oW] = plan.outSpatial;
  const t = allocTerms(axes);
  let pos = 0;
  for (let od = 0; od < oD; od++) {
    for (let oh = 0; oh < oH; oh++) {
      for (let ow = 0; ow < oW; ow++, pos++) {
        collectTerms(t, axes, NATURAL, [od, oh, ow], iH, iW, plan.inner);
        visit(t, pos, od, oh, ow);
      }
    }
  }
}

/**
 * {@link linearDouble} for one value per position (`inner` 1) summed in double on every plane (no
 * float32 channels): each output row resolves its (D, H) source rows and combined weights once, for
 * every plane; the sums run in the same order (D, H, then W taps).
 */
function linearDoubleRows(plan: ForwardKernelPlan, x: Float32Array, out: Float32Array): void {
  const [ad, ah, aw] = plan.forward.axes;
  const [, iH, iW] = plan.inSpatial;
  const [oD, oH, oW] = plan.outSpatial;
  const inPlane = size3(plan.inSpatial);
  const outPlane = size3(plan.outSpatial);
  const maxRows = ad.taps * ah.taps;
  const rowOff = new Float64Array(maxRows);  // plane offsets may pass 2^31
  const rowW = new Float32Array(maxRows);
  const wt = new Float32Array(oW * maxRows * aw.taps);  // per output: [row][W tap] combined weights
  for (let od = 0; od < oD; od++) {
    for (let oh = 0; oh < oH; oh++) {
      let nR = 0;
      for (let i = 0; i < ad.count[od]; i++) {
        for (let j = 0; j < ah.count[oh]; j++, nR++) {
          rowOff[nR] = (ad.index[od * ad.taps + i] * iH + ah.index[oh * ah.taps + j]) * iW;
          rowW[nR] = ad.weight[od * ad.taps + i] * ah.weight[oh * ah.taps + j];
        }
      }
      const stride = nR * aw.taps;
      for (let ow = 0; ow < oW; ow++) {
        const b = ow * aw.taps;
        for (let r = 0; r < nR; r++) {
          for (let k = 0; k < aw.count[ow]; k++) wt[ow * stride + r * aw.taps + k] = rowW[r] * aw.weight[b + k];
        }
      }
      const row = (od * oH + oh) * oW;
      for (let o = 0; o < plan.outer; o++) {
        const src = o * inPlane;
        const dst = o * outPlane + row;
        for (let ow = 0; ow < oW; ow++) {
          const b = ow * aw.taps;
          const n = aw.count[ow];
          let acc = -0;  // PyTorch sums from the first term: all -0 terms give -0
          for (let r = 0; r < nR; r++) {
            const s = src + rowOff[r];
            const w = ow * stride + r * aw.taps;
            for (let k = 0; k < n; k++) acc += x[s + aw.index[b + k]] * wt[w + k];
          }
          out[dst + ow] = acc;
        }
      }
    }
  }
}

/** PyTorch's channels-last linear kernel: corner weights multiplied first, summed in double. */
function linearDouble(plan: ForwardKernelPlan, x: Float32Array, out: Float32Array): void {
  const {inner, outer} = plan;
  const {floatChannels} = plan.forward;
  if (inner === 1 && floatChannels === 0) {
    linearDoubleRows(plan, x, out);
    return;
  }
  const inPlane = size3(plan.inSpatial) * inner;
  const outPlane = size3(plan.outSpatial) * inner;
  const w = new Float32Array(allocTerms(plan.forward.axes).offset.length);
  forEachPosition(plan, (t, pos) => {
    const n = t.count;
    for (let k = 0; k < n; k++) w[k] = f32(f32(t.w0[k] * t.w1[k]) * t.w2[k]);
    for (let o = 0; o < outer; o++) {
      for (let c = 0; c < inner; c++) {
        const base = o * inPlane + c;
        let acc: number;
        if (channelOf(plan, o, c) < floatChannels) {
          acc = f32(x[base + t.offset[n - 1]] * w[n - 1]);
          for (let k = n - 2; k >= 0; k--) acc = f32(f32(x[base + t.offset[k]] * w[k]) + acc);
        } else {
          acc = -0;  // the identity of IEEE addition, as PyTorch's sum from the first term
          for (let k = 0; k < n; k++) acc += x[base + t.offset[k]] * w[k];
        }
        out[o * outPlane + pos * inner + c] = acc;
      }
    }
  });
}

/** Adaptive average pooling: row-major float32 window sum, then one division per axis. */
function area(plan: ForwardKernelPlan, x: Float32Array, out: Float32Array): void {
  const {inner, outer} = plan;
  const [ad, ah, aw] = plan.forward.axes;
  const inPlane = size3(plan.inSpatial) * inner;
  const outPlane = size3(plan.outSpatial) * inner;
  forEachPosition(plan, (t, pos, od, oh, ow) => {
    const kd = ad.count[od], kh = ah.count[oh], kw = aw.count[ow];
    for (let o = 0; o < outer; o++) {
      for (let c = 0; c < inner; c++) {
        const base = o * inPlane + c;
        let acc = 0;
        for (let k = 0; k < t.count; k++) acc = f32(acc + x[base + t.offset[k]]);
        out[o * outPlane + pos * inner + c] = f32(f32(f32(acc / kd) / kh) / kw);
      }
    }
  });
}

/** `area` with every output size 1: PyTorch's `mean` (cascade sum, then one division). */
function mean(plan: ForwardKernelPlan, x: Float32Array, out: Float32Array): void {
  const {inner, outer} = plan;
  const n = size3(plan.inSpatial);
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < inner; c++) {
      const base = o * n * inner + c;
      const sum = cascadeSum({length: n, get: (i) => x[base + i * inner]});
      out[o * inner + c] = f32(sum / n);
    }
  }
}

/**
 * Runs the forward described by `plan` on `x` (laid out as `plan.inShape`); returns a new array laid
 * out as `plan.outShape`, of the same type as `x`.
 */
export function interpolateForward(plan: ForwardKernelPlan, x: NumericArray): NumericArray {
  const outSize = plan.outer * size3(plan.outSpatial) * plan.inner;
  const method = plan.forward.method;
  if (method === 'gather') {
    const out = alloc(x, outSize);
    gather(plan, x, out);
    return out;
  }
  if (!(x instanceof Float32Array)) {
    const mode = (plan as Partial<InterpolatePlan>).attrs?.mode ?? plan.forward.method;
    throw new Error(`interpolate: mode '${mode}' needs float32 data`);
  }
  if (method === 'separable') {
    return outSize === 0 ? new Float32Array(0) : separable(plan, x);
  }
  const out = new Float32Array(outSize);
  if (method === 'linearDouble') linearDouble(plan, x, out);
  else if (method === 'area') area(plan, x, out);
  else mean(plan, x, out);
  return out;
}
