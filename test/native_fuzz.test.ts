/**
 * Native kernels vs the JavaScript reference, bit for bit, on random valid plans (every mode, rank,
 * layout, antialias, align corners, user scales), plus the addon's own bounds checks on tampered
 * plans. Fails when the addon is not built: CI builds it.
 */
import * as path from 'path';

import {interpolateBackward} from '../src/kernels/cpu/backward_impl';
import {interpolateForward} from '../src/kernels/cpu/forward_impl';
import {nativeAddonLoaded, nativeBackward, nativeForward} from '../src/kernels/cpu/native';
import type {AxisTable} from '../src/plan/axis_table';
import {InterpolatePlan, makeInterpolatePlan} from '../src/plan/plan';
import type {InterpolateAttrs} from '../src/plan/types';
import {ALL_PATHS, BIG_CASES, firstDifference, pathsOf, randomCase, randomData, VECTOR_CASES} from './util/fuzz_plans';
import {seededRandom as rng} from './util/random';

const COUNT = 400;

// The raw addon (the same module instance the kernels use).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const rawAddon = require('node-gyp-build')(path.resolve(__dirname, '..')) as {
  setPortable(on: boolean): void,
  prepareForward(ints: Float64Array, axes: unknown, windowed?: boolean): object,
  forward(plan: object, x: Float32Array, out: Float32Array): void,
  release(plan: object): void,
  planBytes(plan: object): number,
};

/**
 * Declares the suite `body` twice: on the vector code the addon dispatches to (AVX2 where the CPU
 * has it) and on its portable vector code (every other build's path).
 */
function describeBothPaths(title: string, body: () => void): void {
  for (const portable of [false, true]) {
    describe(portable ? `${title}, portable vector code` : title, () => {
      beforeAll(() => rawAddon.setPortable(portable));
      afterAll(() => rawAddon.setPortable(false));
      body();
    });
  }
}

describeBothPaths('native addon vs JavaScript kernels (fuzz, bit for bit)', () => {
  it('the addon is built and loaded', () => {
    expect(nativeAddonLoaded()).toBe(true);
  });

  const r = rng(20240513);
  const cases = Array.from({length: COUNT}, (_, i) => randomCase(r, i));
  it(`${COUNT} random plans: forward and gradient match`, () => {
    const failures: string[] = [];
    const methods = new Set<string>();
    for (const {label, plan} of cases) {
      const inLen = plan.inShape.reduce((a, b) => a * b, 1);
      const outLen = plan.outShape.reduce((a, b) => a * b, 1);
      const x = randomData(r, inLen);
      const dy = randomData(r, outLen);
      const fwd = nativeForward(plan, x);
      const portable = nativeForward(plan, x, false);
      const bwd = nativeBackward(plan, dy);
      if (fwd == null || portable == null || bwd == null) throw new Error('native path unavailable');
      const expected = interpolateForward(plan, x);
      const f = firstDifference(fwd, expected);
      if (f != null) failures.push(`forward ${plan.forward.method} ${label}: ${f}`);
      const fp = firstDifference(portable, expected);
      if (fp != null) failures.push(`forward (portable W pass) ${plan.forward.method} ${label}: ${fp}`);
      const b = firstDifference(bwd, interpolateBackward(plan, dy));
      if (b != null) failures.push(`gradient ${plan.backward.method}/${plan.backward.combine} ${label}: ${b}`);
      if (plan.forward.method === 'gather') {
        const xi = Int32Array.from(x, (v) => Math.round(v * 1000));
        const gi = firstDifference(nativeForward(plan, xi) as Int32Array, interpolateForward(plan, xi));
        if (gi != null) failures.push(`int32 gather ${label}: ${gi}`);
      }
      for (const m of pathsOf(plan)) methods.add(m);
    }
    expect(failures.slice(0, 10)).toEqual([]);
    // The random plans reach every kernel path.
    expect([...methods]).toEqual(expect.arrayContaining(ALL_PATHS));
  });
});

describeBothPaths('native addon vs JavaScript kernels (multi-threaded sizes, bit for bit)', () => {
  const big = BIG_CASES;
  const r = rng(7);
  for (const [shape, a] of big) {
    const attrs: InterpolateAttrs = {
      mode: 'bilinear', alignCorners: false, antialias: false, outSize: [], scales: a.outSize?.map(() => 0) ?? [],
      dataFormat: 'channelsFirst', ...a,
    };
    it(`[${shape}] ${attrs.mode} -> [${attrs.outSize}] ${attrs.dataFormat}`, () => {
      const plan = makeInterpolatePlan(shape, attrs);
      const x = randomData(r, plan.inShape.reduce((p, q) => p * q, 1));
      const dy = randomData(r, plan.outShape.reduce((p, q) => p * q, 1));
      expect(firstDifference(nativeForward(plan, x) as Float32Array, interpolateForward(plan, x))).toBeNull();
      expect(firstDifference(nativeBackward(plan, dy) as Float32Array, interpolateBackward(plan, dy))).toBeNull();
    });
  }
});

describe('native addon bounds checks', () => {
  const attrs: InterpolateAttrs = {
    mode: 'bicubic', alignCorners: false, antialias: false, outSize: [7, 9], scales: [0, 0],
    dataFormat: 'channelsFirst',
  };
  const fresh = () => makeInterpolatePlan([1, 2, 5, 6], attrs);
  const x = new Float32Array(60);
  const dy = new Float32Array(2 * 7 * 9);

  function withAxis(plan: InterpolatePlan, a: number, edit: (t: AxisTable) => AxisTable): InterpolatePlan {
    const axes = plan.forward.axes.slice() as [AxisTable, AxisTable, AxisTable];
    axes[a] = edit(axes[a]);
    const baxes = plan.backward.axes.slice() as [AxisTable, AxisTable, AxisTable];
    baxes[a] = edit(baxes[a]);
    return {...plan, forward: {...plan.forward, axes}, backward: {...plan.backward, axes: baxes}};
  }

  it('accepts the untampered plan', () => {
    expect(() => nativeForward(fresh(), x)).not.toThrow();
    expect(() => nativeBackward(fresh(), dy)).not.toThrow();
  });

  const tampered: [string, () => InterpolatePlan][] = [
    ['index past the input', () => withAxis(fresh(), 2, (t) => {
      const index = t.index.slice();
      index[5] = 6;
      return {...t, index};
    })],
    ['negative index', () => withAxis(fresh(), 1, (t) => {
      const index = t.index.slice();
      index[0] = -1;
      return {...t, index};
    })],
    ['short index table', () => withAxis(fresh(), 2, (t) => ({...t, index: t.index.subarray(1)}))],
    ['short weight table', () => withAxis(fresh(), 2, (t) => ({...t, weight: new Float32Array(3)}))],
    ['tap count above taps', () => withAxis(fresh(), 1, (t) => {
      const count = t.count.slice();
      count[2] = 99;
      return {...t, count};
    })],
    ['table sizes not matching the plan', () => withAxis(fresh(), 2, (t) => ({...t, inSize: 100}))],
    ['wrong outer', () => ({...fresh(), outer: 5})],
    ['output size not matching the table', () => ({...fresh(), outSpatial: [1, 7, 10] as [number, number, number]})],
    ['non-integer size', () => ({...fresh(), inner: 1.5})],
  ];
  for (const [name, make] of tampered) {
    it(`throws on a tampered plan: ${name}`, () => {
      expect(() => {
        nativeForward(make(), x);
      }).toThrow(/tfjs-interpolate native|wrong type|invalid/);
      expect(() => {
        nativeBackward(make(), dy);
      }).toThrow(/tfjs-interpolate native|wrong type|invalid/);
    });
  }

  it('throws on a short input buffer', () => {
    expect(() => nativeForward(fresh(), x.subarray(1))).toThrow(/x length/);
    expect(() => nativeBackward(fresh(), dy.subarray(3))).toThrow(/dy length/);
  });

  it('refuses handles it did not prepare', () => {
    // The raw addon (the same module instance the kernels use).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const addon = require('node-gyp-build')(path.resolve(__dirname, '..')) as {
      prepareForward(ints: Float64Array, axes: readonly AxisTable[]): object,
      prepareBackward(ints: Float64Array, axes: readonly AxisTable[]): object,
      forward(plan: unknown, x: Float32Array, out: Float32Array): void,
      backward(plan: unknown, dy: Float32Array, dx: Float32Array): void,
    };
    const plan = fresh();
    const ints = new Float64Array([1, plan.outer, plan.inner, plan.channels, ...plan.inSpatial, ...plan.outSpatial, 0]);
    const handle = addon.prepareForward(ints, plan.forward.axes);
    const out = new Float32Array(2 * 7 * 9);
    expect(() => addon.forward(handle, x, out)).not.toThrow();
    expect(() => addon.forward({}, x, out)).toThrow(/not a prepared plan/);
    expect(() => addon.forward({...handle}, x, out)).toThrow(/not a prepared plan/);
    expect(() => addon.forward(null, x, out)).toThrow(/not a prepared plan/);
    expect(() => addon.backward(handle, out, x)).toThrow(/not a backward plan/);
    expect(() => addon.forward(handle, x, out.subarray(1))).toThrow(/out length/);
  });

  it('throws on a wrong table type', () => {
    const plan = withAxis(fresh(), 0, (t) => ({...t, index: Array.from(t.index) as unknown as Int32Array}));
    expect(() => nativeForward(plan, x)).toThrow(/wrong type/);
  });
});

describeBothPaths('native addon vs JavaScript kernels (vectorised paths, bit for bit)', () => {
  // Channels-first gradients fold blocks of 8 planes side by side (plus leftover planes one at a
  // time); channels-first forwards W-pass 8 rows at a time and stream large outputs. Borders where
  // taps coincide (clamped indices), both alignCorners settings, several tap counts.
  const cases = VECTOR_CASES;
  const r = rng(99);
  for (const [shape, a] of cases) {
    const attrs: InterpolateAttrs = {
      mode: 'bilinear', alignCorners: false, antialias: false, outSize: [], scales: a.outSize?.map(() => 0) ?? [],
      dataFormat: 'channelsFirst', ...a,
    };
    it(`[${shape}] ${attrs.mode} -> [${attrs.outSize}] ${attrs.dataFormat} alignCorners=${attrs.alignCorners}`, () => {
      const plan = makeInterpolatePlan(shape, attrs);
      const x = randomData(r, plan.inShape.reduce((p, q) => p * q, 1));
      const dy = randomData(r, plan.outShape.reduce((p, q) => p * q, 1));
      const expected = interpolateForward(plan, x);
      expect(firstDifference(nativeForward(plan, x) as Float32Array, expected)).toBeNull();
      expect(firstDifference(nativeForward(plan, x, false) as Float32Array, expected)).toBeNull();
      expect(firstDifference(nativeBackward(plan, dy) as Float32Array, interpolateBackward(plan, dy))).toBeNull();
    });
  }

  it('keeps each plan\'s gradient tables apart', () => {
    // Same shapes, different tables (alignCorners), alternating: each call must use its own plan.
    const mk = (alignCorners: boolean) => makeInterpolatePlan([1, 8, 12, 10], {
      mode: 'bilinear', alignCorners, antialias: false, outSize: [25, 21], scales: [0, 0], dataFormat: 'channelsFirst',
    });
    const plans = [mk(false), mk(true), mk(false), mk(true), mk(true)];
    for (const plan of [...plans, ...plans]) {
      const dy = randomData(r, plan.outShape.reduce((p, q) => p * q, 1));
      expect(firstDifference(nativeBackward(plan, dy) as Float32Array, interpolateBackward(plan, dy))).toBeNull();
    }
  });

  it('works on its own copy of a plan\'s tables once the plan is used', () => {
    const plan = makeInterpolatePlan([1, 8, 12, 10], {
      mode: 'bicubic', alignCorners: false, antialias: false, outSize: [25, 21], scales: [0, 0],
      dataFormat: 'channelsFirst',
    });
    const x = randomData(r, plan.inShape.reduce((p, q) => p * q, 1));
    const dy = randomData(r, plan.outShape.reduce((p, q) => p * q, 1));
    const fwd = interpolateForward(plan, x);
    const bwd = interpolateBackward(plan, dy);
    expect(firstDifference(nativeForward(plan, x) as Float32Array, fwd)).toBeNull();
    expect(firstDifference(nativeBackward(plan, dy) as Float32Array, bwd)).toBeNull();
    // Edits in place afterwards (a weight, an index far out of range) change nothing natively.
    for (const axes of [plan.forward.axes, plan.backward.axes]) {
      (axes[2].weight as Float32Array)[3] *= 0.5;
      (axes[1].index as Int32Array)[4] = 1 << 30;
    }
    expect(firstDifference(nativeForward(plan, x) as Float32Array, fwd)).toBeNull();
    expect(firstDifference(nativeBackward(plan, dy) as Float32Array, bwd)).toBeNull();
  });

  it('special values (NaN, infinities, -0) in dy and x', () => {
    const plan = makeInterpolatePlan([1, 8, 9, 11], {
      mode: 'bilinear', alignCorners: true, antialias: false, outSize: [19, 23], scales: [0, 0],
      dataFormat: 'channelsFirst',
    });
    const x = randomData(r, plan.inShape.reduce((p, q) => p * q, 1));
    const dy = randomData(r, plan.outShape.reduce((p, q) => p * q, 1));
    const specials = [NaN, Infinity, -Infinity, -0, 0, 3e38, -3e38];
    for (let i = 0; i < 200; i++) {
      dy[Math.floor(r() * dy.length)] = specials[i % specials.length];
      x[Math.floor(r() * x.length)] = specials[(i + 3) % specials.length];
    }
    expect(firstDifference(nativeForward(plan, x) as Float32Array, interpolateForward(plan, x))).toBeNull();
    expect(firstDifference(nativeBackward(plan, dy) as Float32Array, interpolateBackward(plan, dy))).toBeNull();
  });
});

describe('native addon prepared plans', () => {
  const plan = makeInterpolatePlan([1, 2, 6, 7], {
    mode: 'bilinear', alignCorners: false, antialias: false, outSize: [9, 11], scales: [0, 0],
    dataFormat: 'channelsFirst',
  });
  const f = plan.forward;
  const ints = () => new Float64Array([1, plan.outer, plan.inner, plan.channels, ...plan.inSpatial,
                                       ...plan.outSpatial, f.floatChannels]);
  const x = new Float32Array(2 * 6 * 7).map((_, i) => i / 7);
  const expected = nativeForward(plan, x) as Float32Array;

  it('property getters that detach the ints or a table cannot be read after', () => {
    // Each getter detaches an array read before it (the ints) or after it (the H table's index);
    // the addon copies the ints first and takes table views only after all getters ran.
    const detach = (a: ArrayBufferView) => structuredClone(a.buffer, {transfer: [a.buffer as ArrayBuffer]});
    const data = ints();
    const tables = f.axes.map((t: AxisTable) => ({...t, index: t.index.slice(), weight: t.weight.slice(),
                                                  count: t.count.slice()}));
    const hostile = tables.map((t, a) => ({
      ...t,
      get inSize() {
        if (a === 2) {
          detach(data);
          detach(tables[1].index);
        }
        return t.inSize;
      },
    }));
    let handle: object|null = null;
    try {
      handle = rawAddon.prepareForward(data, hostile);
    } catch (e) {
      // A detached table is refused cleanly; the ints were copied before any getter ran.
      expect(String(e)).toMatch(/tfjs-interpolate native: index has the wrong type|table lengths/);
    }
    expect(data.length).toBe(0);
    expect(handle).toBeNull();
  });

  it('a released plan frees its memory at once and is refused afterwards', () => {
    const handle = rawAddon.prepareForward(ints(), f.axes);
    expect(rawAddon.planBytes(handle)).toBeGreaterThan(0);
    const out = new Float32Array(expected.length);
    rawAddon.forward(handle, x, out);
    expect(Array.from(out)).toEqual(Array.from(expected));
    rawAddon.release(handle);
    expect(() => rawAddon.forward(handle, x, out)).toThrow(/not a prepared plan \(released\?\)/);
    expect(() => rawAddon.release(handle)).toThrow(/not a prepared plan/);
  });
});
