/**
 * The pass schedule (src/plan/schedule.ts): order, `[pre, len, post]` views, derived tables and
 * memoisation, checked against a direct application of the passes.
 */
import type {AxisTable} from '../src/plan/axis_table';
import {getInterpolatePlan} from '../src/plan/plan';
import {allTapsUsed, backwardSchedule, forwardSchedule, Pass} from '../src/plan/schedule';
import type {InterpolateAttrs} from '../src/plan/types';

function attrs(mode: InterpolateAttrs['mode'], outSize: number[], extra: Partial<InterpolateAttrs> = {}): InterpolateAttrs {
  return {
    mode, alignCorners: false, antialias: false, outSize, scales: outSize.map(() => 0),
    dataFormat: 'channelsFirst', ...extra,
  };
}

/** Applies one pass in double precision. */
function apply(x: Float64Array, p: Pass): Float64Array {
  const t: AxisTable = p.table;
  const out = new Float64Array(p.pre * p.outLen * p.post);
  for (let a = 0; a < p.pre; a++) {
    for (let j = 0; j < p.outLen; j++) {
      for (let q = 0; q < p.post; q++) {
        let acc = 0;
        for (let k = 0; k < t.count[j]; k++) {
          acc += x[(a * p.inLen + t.index[j * t.taps + k]) * p.post + q] * t.weight[j * t.taps + k];
        }
        out[(a * p.outLen + j) * p.post + q] = acc;
      }
    }
  }
  return out;
}

function run(x: Float64Array, passes: readonly Pass[]): Float64Array {
  return passes.reduce(apply, x);
}

function vec(n: number, seed: number): Float64Array {
  return Float64Array.from({length: n}, (_, i) => Math.sin(i * 1.7 + seed));
}

const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i], 0);

describe('pass schedule', () => {
  it('forward runs W, H, D with views that chain, and is memoised per plan', () => {
    const plan = getInterpolatePlan([2, 3, 4, 5, 6], attrs('trilinear', [7, 3, 9], {dataFormat: 'channelsLast'}));
    const s = forwardSchedule(plan);
    expect(forwardSchedule(plan)).toBe(s);
    expect(s.passes.map((p) => p.axis)).toEqual([2, 1, 0]);
    expect(s.passes.map((p) => [p.pre, p.inLen, p.outLen, p.post])).toEqual([
      [2 * 3 * 4, 5, 9, 6], [2 * 3, 4, 3, 9 * 6], [2, 3, 7, 3 * 9 * 6],
    ]);
    expect(s.inSize).toBe(2 * 3 * 4 * 5 * 6);
    expect(s.outSize).toBe(2 * 7 * 3 * 9 * 6);
    expect(s.passes.every((p) => p.allTaps)).toBe(true);
  });

  it('skips absent axes and marks nearest passes as copies', () => {
    const plan = getInterpolatePlan([1, 2, 5], attrs('nearest', [8]));
    const s = forwardSchedule(plan);
    expect(s.kind).toBe('copy');
    expect(s.passes.map((p) => [p.axis, p.pre, p.inLen, p.outLen, p.post])).toEqual([[2, 2, 5, 8, 1]]);
  });

  it('area uses window means; antialias tables need per-output counts', () => {
    const area = forwardSchedule(getInterpolatePlan([1, 1, 7, 10], attrs('area', [3, 4])));
    const t = area.passes[0].table;
    expect(t.weight[0]).toBeCloseTo(1 / t.count[0], 7);
    const aa = getInterpolatePlan([1, 1, 9, 10], attrs('bilinear', [4, 3], {antialias: true}));
    expect(forwardSchedule(aa).passes.some((p) => !p.allTaps)).toBe(true);
    expect(allTapsUsed(aa.forward.axes[2])).toBe(forwardSchedule(aa).passes[0].allTaps);
  });

  for (const [mode, extra] of [['bilinear', {}], ['bicubic', {alignCorners: true}], ['area', {}],
                               ['bilinear', {antialias: true}], ['nearest', {}]] as const) {
    it(`gradient runs D, H, W over the transposed tables: the adjoint of the forward (${mode})`, () => {
      const plan = getInterpolatePlan([2, 3, 6, 5], attrs(mode, [4, 9], extra));
      const b = backwardSchedule(plan);
      expect(backwardSchedule(plan)).toBe(b);
      expect(b.passes.map((p) => p.axis)).toEqual([1, 2]);
      expect(b.inSize).toBe(forwardSchedule(plan).outSize);
      const x = vec(b.outSize, 1);
      const dy = vec(b.inSize, 2);
      // Bicubic's gradient uses PyTorch's float32 backward coordinates, hence the looser check.
      expect(dot(run(x, forwardSchedule(plan).passes), dy)).toBeCloseTo(dot(x, run(dy, b.passes)), mode === 'bicubic' ? 3 : 9);
    });
  }
});
