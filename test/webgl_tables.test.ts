/**
 * The WebGL kernels' table preparation, in Node: transposed tables are the exact adjoint of the
 * forward tables (every mode), and the encoding keeps indices exact in both formats.
 */
import {getInterpolatePlan} from '../src/plan/plan';
import type {AxisTable} from '../src/plan/axis_table';
import {meanWeights, transposeAxis} from '../src/plan/transpose';
import type {InterpolateAttrs, InterpolateMode} from '../src/plan/types';
import {encodeTable, INDEX_SPLIT, tableStride} from '../src/kernels/webgl/programs';

function apply(t: AxisTable, x: Float64Array): Float64Array {
  const y = new Float64Array(t.outSize);
  for (let o = 0; o < t.outSize; o++) {
    for (let k = 0; k < t.count[o]; k++) y[o] += x[t.index[o * t.taps + k]] * t.weight[o * t.taps + k];
  }
  return y;
}

function dot(a: Float64Array, b: Float64Array): number {
  return a.reduce((s, v, i) => s + v * b[i], 0);
}

function vec(n: number, seed: number): Float64Array {
  return Float64Array.from({length: n}, (_, i) => ((i * 37 + seed) % 23) / 7 - 1.5);
}

const MODES: Array<[InterpolateMode, boolean, boolean]> = [
  ['nearest', false, false], ['nearest-exact', false, false], ['bilinear', false, false],
  ['bilinear', true, false], ['bicubic', false, false], ['bicubic', true, false],
  ['bilinear', false, true], ['bicubic', false, true], ['area', false, false],
];

describe('transposed axis tables', () => {
  for (const [mode, alignCorners, antialias] of MODES) {
    for (const [inS, outS] of [[7, 13], [13, 7], [5, 5], [1, 4], [9, 1], [16, 3]]) {
      it(`${mode} ac=${alignCorners} aa=${antialias} ${inS} -> ${outS}`, () => {
        const attrs: InterpolateAttrs = {mode, alignCorners, antialias, outSize: [outS, outS], scales: [0, 0], dataFormat: 'channelsFirst'};
        const plan = getInterpolatePlan([1, 1, inS, inS], attrs);
        for (const fwd of plan.backward.axes.slice(1)) {
          const t = transposeAxis(fwd, plan.backward.combine === 'divide' ? 'reciprocalCount' : 'weight');
          const base = plan.backward.combine === 'divide' ? meanWeights(fwd) : fwd;
          expect(t.inSize).toBe(fwd.outSize);
          expect(t.outSize).toBe(fwd.inSize);
          const x = vec(fwd.inSize, 3);
          const y = vec(fwd.outSize, 5);
          // <A x, y> == <x, A^T y>
          expect(dot(apply(base, x), y)).toBeCloseTo(dot(x, apply(t, y)), 10);
        }
      });
    }
  }
});

describe('encoded tables', () => {
  it('keep indices exact, split for half floats (each half < 2048)', () => {
    const t: AxisTable = {
      inSize: 2000000, outSize: 3, taps: 2, identity: false,
      index: Int32Array.from([0, 2047, 2048, 4095, 1234567, 1999999]),
      weight: Float32Array.from([0.25, 0.75, 1, 0, 0.5, 0.5]),
      count: Int32Array.from([2, 2, 2]),
    };
    for (const split of [false, true]) {
      const e = encodeTable(t, split);
      const stride = tableStride(2, split);
      for (let o = 0; o < 3; o++) {
        expect(e[o * stride]).toBe(2);
        for (let k = 0; k < 2; k++) {
          const at = o * stride + 1 + (split ? 3 : 2) * k;
          const i = split ? e[at] * INDEX_SPLIT + e[at + 1] : e[at];
          if (split) expect(Math.max(e[at], e[at + 1])).toBeLessThan(2048);
          expect(i).toBe(t.index[o * 2 + k]);
          expect(e[at + (split ? 2 : 1)]).toBe(t.weight[o * 2 + k]);
        }
      }
    }
    expect(() => encodeTable({...t, inSize: 3000000}, true)).toThrow(/axis length 3000000 exceeds/);
  });
});
