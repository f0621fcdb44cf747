/**
 * Input gradient on flat TypedArrays: the adjoint of the forward, scattering `dy` through the plan's
 * backward tables in PyTorch's accumulation order (see {@link BackwardPlan}).
 */
import type {InterpolatePlan} from '../../plan/plan';
import {allocTerms, collectTerms, Terms} from './terms';

const f32 = Math.fround;

function size3(s: readonly number[]): number {
  return s[0] * s[1] * s[2];
}

/** Per-tap contribution weights of one output position for the `weightsFirst` rule. */
function productWeights(t: Terms, w: Float32Array): void {
  for (let k = 0; k < t.count; k++) w[k] = f32(f32(t.w0[k] * t.w1[k]) * t.w2[k]);
}

/**
 * Computes `dx` (laid out as `plan.inShape`) from `dy` (laid out as `plan.outShape`).
 */
export function interpolateBackward(plan: InterpolatePlan, dy: Float32Array): Float32Array {
  const {axes, method, combine, tapOrder, doubleAccumulate, floatChannels} = plan.backward;
  const {inner, outer} = plan;
  const [, iH, iW] = plan.inSpatial;
  const [oD, oH, oW] = plan.outSpatial;
  const inPlane = size3(plan.inSpatial) * inner;
  const outPlane = size3(plan.outSpatial) * inner;
  const dx = new Float32Array(outer * inPlane);
  if (method === 'copy') {
    dx.set(dy);
    return dx;
  }
  if (method === 'mean') {
    const n = size3(plan.inSpatial);
    for (let o = 0; o < outer; o++) {
      for (let c = 0; c < inner; c++) {
        const v = f32(dy[o * inner + c] / n);
        for (let i = 0; i < n; i++) dx[o * inPlane + i * inner + c] = v;
      }
    }
    return dx;
  }
  const t = allocTerms(axes);
  const w = new Float32Array(t.offset.length);
  let pos = 0;
  for (let od = 0; od < oD; od++) {
    for (let oh = 0; oh < oH; oh++) {
      for (let ow = 0; ow < oW; ow++, pos++) {
        collectTerms(t, axes, tapOrder, [od, oh, ow], iH, iW, inner);
        const n = t.count;
        const off = t.offset;
        if (combine === 'weightsFirst') productWeights(t, w);
        const kd = axes[0].count[od], kh = axes[1].count[oh], kw = axes[2].count[ow];
        for (let o = 0; o < outer; o++) {
          const gBase = o * outPlane + pos * inner;
          for (let c = 0; c < inner; c++) {
            const g = dy[gBase + c];
            const base = o * inPlane + c;
            switch (combine) {
              case 'add':
                for (let k = 0; k < n; k++) dx[base + off[k]] += g;
                break;
              case 'divide': {
                const delta = f32(f32(f32(g / kd) / kh) / kw);
                for (let k = 0; k < n; k++) dx[base + off[k]] += delta;
                break;
              }
              case 'gradFirst':
                for (let k = 0; k < n; k++) {
                  dx[base + off[k]] += f32(f32(f32(g * t.w0[k]) * t.w1[k]) * t.w2[k]);
                }
                break;
              default: {
                const channel = inner === 1 ? o % plan.channels : c;
                if (doubleAccumulate && channel >= floatChannels) {
                  for (let k = 0; k < n; k++) dx[base + off[k]] += w[k] * g;
                } else {
                  for (let k = 0; k < n; k++) dx[base + off[k]] += f32(w[k] * g);
                }
              }
            }
          }
        }
      }
    }
  }
  return dx;
}
