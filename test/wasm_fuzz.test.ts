/**
 * The WebAssembly module vs the JavaScript reference, bit for bit, on the native fuzz plans (random
 * valid plans of every mode, rank and layout, the vector-path and large shapes), both inside tf.js's
 * wasm heap (on the backend's tensors) and over the module's own memory, plus the module's own
 * checks of tampered plans. Fails when dist/tfjs-interpolate.wasm is not built.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type {TensorInfo} from '@tensorflow/tfjs-core';

import {interpolateBackward} from '../src/kernels/cpu/backward_impl';
import {interpolateForward, NumericArray} from '../src/kernels/cpu/forward_impl';
import {wasmModuleLoaded} from '../src/kernels/wasm/module';
import {HeapBackend, wasmBackward, wasmBackwardInHeap, wasmCalls, wasmForward, wasmForwardInHeap, wasmMemoryStats} from '../src/kernels/wasm/run';
import type {AxisTable} from '../src/plan/axis_table';
import {InterpolatePlan, makeInterpolatePlan} from '../src/plan/plan';
import {ALL_PATHS, BIG_CASES, caseAttrs, firstDifference, pathsOf, randomCase, randomData, VECTOR_CASES} from './util/fuzz_plans';
import {seededRandom as rng} from './util/random';

const COUNT = 400;

function elements(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

interface WasmBackend extends HeapBackend {
  makeOutput(shape: number[], dtype: 'float32'|'int32'): TensorInfo;
  disposeData(dataId: object): void;
}

/** `run` on a new output tensor of the wasm backend; its values (copied out), or null. */
function inHeap(shape: readonly number[], dtype: 'float32'|'int32', run: (b: WasmBackend, out: TensorInfo) => boolean): NumericArray|null {
  const b = tf.backend() as unknown as WasmBackend;
  const out = b.makeOutput(shape.slice(), dtype);
  try {
    if (!run(b, out)) return null;
    return (b.typedArrayFromHeap(out) as NumericArray).slice();
  } finally {
    b.disposeData(out.dataId);
  }
}

/** The module's forward of `x` in tf.js's heap. */
function heapForward(plan: InterpolatePlan, x: NumericArray): NumericArray|null {
  const xt = tf.tensor(x, plan.inShape.slice(), x instanceof Int32Array ? 'int32' : 'float32');
  try {
    return inHeap(plan.outShape, xt.dtype as 'float32'|'int32', (b, out) => wasmForwardInHeap(b, plan, xt, out));
  } finally {
    xt.dispose();
  }
}

/** The module's gradient for `dy` in tf.js's heap. */
function heapBackward(plan: InterpolatePlan, dy: Float32Array): NumericArray|null {
  const dyt = tf.tensor(dy, plan.outShape.slice(), 'float32');
  try {
    return inHeap(plan.inShape, 'float32', (b, dx) => wasmBackwardInHeap(b, plan, dyt, dx));
  } finally {
    dyt.dispose();
  }
}

/** Differences of the module's forward (float32 and, for gather plans, int32) and gradient, over
 * its own memory and in tf.js's heap. */
function compare(plan: InterpolatePlan, r: () => number, label: string): string[] {
  const x = randomData(r, elements(plan.inShape));
  const dy = randomData(r, elements(plan.outShape));
  const failures: string[] = [];
  const wantF = interpolateForward(plan, x);
  const wantB = interpolateBackward(plan, dy);
  for (const [where, fwd, bwd] of [
    ['own memory', wasmForward(plan, x), wasmBackward(plan, dy)],
    ['heap', heapForward(plan, x), heapBackward(plan, dy)],
  ] as const) {
    if (fwd == null || bwd == null) throw new Error(`wasm path unavailable (${where})`);
    const f = firstDifference(fwd, wantF);
    if (f != null) failures.push(`forward ${plan.forward.method} ${label} (${where}): ${f}`);
    const b = firstDifference(bwd, wantB);
    if (b != null) failures.push(`gradient ${plan.backward.method}/${plan.backward.combine} ${label} (${where}): ${b}`);
  }
  if (plan.forward.method === 'gather') {
    const xi = Int32Array.from(x, (v) => Math.round(v * 1000));
    const want = interpolateForward(plan, xi);
    const gi = firstDifference(wasmForward(plan, xi) as Int32Array, want);
    if (gi != null) failures.push(`int32 gather ${label}: ${gi}`);
    const hi = firstDifference(heapForward(plan, xi) as Int32Array, want);
    if (hi != null) failures.push(`int32 gather ${label} (heap): ${hi}`);
  }
  return failures;
}

beforeAll(async () => {
  tf.env().set('IS_TEST', true);
  await tf.setBackend('wasm');
});

describe('wasm module vs JavaScript kernels (bit for bit)', () => {
  it('the module is built and loaded', () => {
    expect(wasmModuleLoaded()).toBe(true);
  });

  const r = rng(20240513);
  const cases = Array.from({length: COUNT}, (_, i) => randomCase(r, i));
  it(`${COUNT} random plans: forward and gradient match`, () => {
    const failures: string[] = [];
    const methods = new Set<string>();
    for (const {label, plan} of cases) {
      failures.push(...compare(plan, r, label));
      for (const m of pathsOf(plan)) methods.add(m);
    }
    expect(failures.slice(0, 10)).toEqual([]);
    expect(wasmCalls.heapForward).toBeGreaterThanOrEqual(COUNT);
    expect(wasmCalls.heapBackward).toBeGreaterThanOrEqual(COUNT);
    // The random plans reach every kernel path.
    expect([...methods]).toEqual(expect.arrayContaining(ALL_PATHS));
  });

  const r2 = rng(99);
  for (const [shape, a] of [...VECTOR_CASES, ...BIG_CASES]) {
    const attrs = caseAttrs(a);
    it(`[${shape}] ${attrs.mode} -> [${attrs.outSize}] ${attrs.dataFormat} alignCorners=${attrs.alignCorners}`, () => {
      expect(compare(makeInterpolatePlan(shape, attrs), r2, '')).toEqual([]);
    });
  }
});

describe('wasm module plan checks', () => {
  const attrs = caseAttrs({mode: 'bicubic', outSize: [7, 9]});
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
  const edited = (a: number, table: 'index'|'count', at: number, v: number) => () => withAxis(fresh(), a, (t) => {
    const copy = t[table].slice();
    copy[at] = v;
    return {...t, [table]: copy};
  });

  const tampered: [string, () => InterpolatePlan][] = [
    ['index past the input', edited(2, 'index', 5, 6)],
    ['negative index', edited(1, 'index', 0, -1)],
    ['tap count above taps', edited(1, 'count', 2, 99)],
    ['short index table', () => withAxis(fresh(), 2, (t) => ({...t, index: t.index.subarray(1)}))],
    ['short weight table', () => withAxis(fresh(), 2, (t) => ({...t, weight: new Float32Array(3)}))],
    ['table sizes not matching the plan', () => withAxis(fresh(), 2, (t) => ({...t, inSize: 100}))],
    ['output size not matching the table', () => ({...fresh(), outSpatial: [1, 7, 10] as [number, number, number]})],
    ['non-integer size', () => ({...fresh(), inner: 1.5})],
  ];
  for (const [name, make] of tampered) {
    it(`refuses a tampered plan and keeps nothing: ${name}`, () => {
      const live = wasmMemoryStats()?.live;
      expect(() => wasmForward(make(), x)).toThrow(/tfjs-interpolate wasm/);
      expect(() => wasmBackward(make(), dy)).toThrow(/tfjs-interpolate wasm/);
      expect(wasmMemoryStats()?.live).toBe(live);
    });
  }

  it('accepts the untampered plan', () => {
    expect(wasmForward(fresh(), x)).not.toBeNull();
    expect(wasmBackward(fresh(), dy)).not.toBeNull();
  });
});

describe('wasm module buffer checks', () => {
  const plan = makeInterpolatePlan([1, 2, 5, 6], caseAttrs({mode: 'bilinear', outSize: [7, 9]}));
  it('throws on buffers of the wrong length', () => {
    expect(() => wasmForward(plan, new Float32Array(59))).toThrow(/x length does not match/);
    expect(() => wasmBackward(plan, new Float32Array(2 * 7 * 9 + 1))).toThrow(/dy length does not match/);
  });
});
