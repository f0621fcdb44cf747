/**
 * `Interpolate` and `InterpolateGrad` for tf.js's `webgpu` backend (duck-typed: the backend package
 * is not imported). Both run the plan's pass schedule (../../plan/schedule.ts) as WGSL compute
 * programs through the backend's `runWebGPUProgram`:
 * - forward: W, then H, then D; a W pass followed by the H pass runs as one fused program;
 * - gradient, gather form (no atomics, deterministic): D, then H, then W over `dy` with the
 *   transposed tables; an H pass followed by the W pass is fused the same way.
 * Tables are uploaded per call as storage buffers and released after the run (a buffer kept across
 * calls would count, for tf.js's kernel leak check, as a data id leaked by the kernel).
 */
import type {TensorInfo} from '@tensorflow/tfjs-core';

import type {AxisTable} from '../../plan/axis_table';
import type {ForwardKernelPlan} from '../../plan/plan';
import {forwardSchedule, Pass, Schedule} from '../../plan/schedule';
import {DType, scheduleKernels} from '../schedule_kernels';
import {compactRowLength, InterpolateFixedProgram, InterpolateFusedProgram, InterpolatePassProgram, WebGPUProgramLike} from './programs';

/** A uniform value as tf.js's webgpu backend takes it. */
interface ProgramUniform {
  type: 'int32';
  data: number[];
}

/** The parts of tf.js's `WebGPUBackend` the kernels use. */
export interface WebGPUBackendLike {
  runWebGPUProgram(
      program: WebGPUProgramLike, inputs: TensorInfo[], outputDtype: DType,
      programDefinedUniform?: ProgramUniform[]): TensorInfo;
  makeTensorInfo(shape: number[], dtype: DType, values?: Float32Array|Int32Array): TensorInfo;
  disposeData(dataId: object): boolean;
  incRef(dataId: object): void;
  tensorMap: {get(dataId: object): {shape: number[], dtype: string}};
  device: {limits: {maxStorageBufferBindingSize: number, maxComputeWorkgroupsPerDimension: number}};
}

/** A table as the programs read it: int32 rows `[count, index x taps]` and float32 weights. */
interface EncodedTable {
  index: Int32Array;
  weight: Float32Array;
}

const encoded = new WeakMap<AxisTable, EncodedTable>();

/** Encodes (once per table) the storage-buffer form of `t`. */
function encodeTable(t: AxisTable): EncodedTable {
  let e = encoded.get(t);
  if (e == null) {
    const stride = t.taps + 1;
    const index = new Int32Array(t.outSize * stride);
    for (let o = 0; o < t.outSize; o++) {
      index[o * stride] = t.count[o];
      index.set(t.index.subarray(o * t.taps, (o + 1) * t.taps), o * stride + 1);
    }
    e = {index, weight: t.weight};
    encoded.set(t, e);
  }
  return e;
}

const compact = new WeakMap<AxisTable, Float32Array>();

/** Compact `vec4` rows of a table whose outputs all use their 1, 2 or 4 taps (see programs.ts). */
function compactTable(t: AxisTable): Float32Array {
  let c = compact.get(t);
  if (c == null) {
    const rows = compactRowLength(t.taps);
    const half = 2 * rows;
    c = new Float32Array(t.outSize * 4 * rows);
    for (let o = 0; o < t.outSize; o++) {
      for (let k = 0; k < t.taps; k++) {
        c[o * 4 * rows + k] = t.index[o * t.taps + k];
        c[o * 4 * rows + half + k] = t.weight[o * t.taps + k];
      }
    }
    compact.set(t, c);
  }
  return c;
}

/** Throws, naming the limit, when a buffer of `n` 4-byte elements cannot be bound. */
function checkBinding(backend: WebGPUBackendLike, n: number, what: string): void {
  const max = backend.device.limits.maxStorageBufferBindingSize;
  if (4 * n > max) {
    throw new Error(
        `interpolate (webgpu): the ${what} needs ${4 * n} bytes, more than one storage buffer binding ` +
        `holds (maxStorageBufferBindingSize = ${max}); use another backend or split the tensor`);
  }
}

/** A program run: one pass, or two passes (W then H, or H then W) fused. */
type Step = {pass: Pass}|{first: Pass, second: Pass};

/** Fuses a leading W+H (forward) or a trailing H+W (gradient) pair of passes. */
function makeSteps(passes: readonly Pass[]): Step[] {
  const steps: Step[] = passes.map((pass) => ({pass}));
  for (let i = 0; i + 1 < passes.length; i++) {
    const [a, b] = [passes[i], passes[i + 1]];
    if ((a.axis === 2 && b.axis === 1) || (a.axis === 1 && b.axis === 2)) {
      steps.splice(i, 2, {first: a, second: b});
      break;
    }
  }
  return steps;
}

/** Tap counts fixed in the shader: only where the mode fixes them (never size-dependent). */
function fixedTaps(p: Pass, fixed: boolean): number|null {
  return fixed && p.allTaps ? p.table.taps : null;
}

/** Runs `schedule` on `x` and returns a tensor of `outShape`; intermediates are released here. */
function runSchedule(
    backend: WebGPUBackendLike, x: TensorInfo, schedule: Schedule, outShape: number[], dtype: DType,
    fixed: boolean): TensorInfo {
  const {kind} = schedule;
  if (schedule.outSize === 0 || schedule.inSize === 0) {
    const zeros = dtype === 'int32' ? new Int32Array(schedule.outSize) : new Float32Array(schedule.outSize);
    return backend.makeTensorInfo(outShape, dtype, zeros);
  }
  if (schedule.passes.length === 0) {
    backend.incRef(x.dataId);
    return {dataId: x.dataId, shape: outShape, dtype};
  }
  // Every limit is checked before the first program runs.
  checkBinding(backend, schedule.inSize, 'input');
  for (const p of schedule.passes) {
    checkBinding(backend, p.pre * p.outLen * p.post, 'output');
    checkBinding(backend, encodeTable(p.table).index.length, 'axis table');
  }
  const steps = makeSteps(schedule.passes);
  const maxDim = backend.device.limits.maxComputeWorkgroupsPerDimension;
  // Copies keep the storage type (an int32 buffer may carry a float32 tensor, see programs.ts);
  // weighted passes read it as float and write float32.
  const runDtype = kind === 'copy' ? backend.tensorMap.get(x.dataId).dtype as DType : dtype;
  let cur: TensorInfo = {dataId: x.dataId, shape: [schedule.inSize], dtype: x.dtype as DType};
  let produced: TensorInfo|null = null;
  try {
    for (const step of steps) {
      const owned: TensorInfo[] = [];
      const tables = (p: Pass) => {
        const e = encodeTable(p.table);
        const idx = backend.makeTensorInfo([e.index.length], 'int32', e.index);
        owned.push(idx);
        if (kind === 'copy') return [idx];
        const wgt = backend.makeTensorInfo([e.weight.length], 'float32', e.weight);
        owned.push(wgt);
        return [idx, wgt];
      };
      let next: TensorInfo;
      try {
        if ('pass' in step) {
          const p = step.pass;
          const n = p.pre * p.outLen * p.post;
          const program = new InterpolatePassProgram(n, {kind, fixedTaps: fixedTaps(p, fixed)}, maxDim);
          next = backend.runWebGPUProgram(
              program, [cur, ...tables(p)], runDtype,
              [{type: 'int32', data: [p.inLen]}, {type: 'int32', data: [p.outLen]},
               {type: 'int32', data: [p.post]}, {type: 'int32', data: [p.table.taps]}]);
        } else if (step.first.axis === 2 && fixedTaps(step.first, fixed) != null && fixedTaps(step.second, fixed) != null) {
          const [w, h] = [step.first, step.second];
          const n = h.pre * h.outLen * w.outLen * w.post;
          // Channels-first rows take blocks of W positions, channels-last blocks of channels.
          const block = w.post === 1 ? 'row' : w.post % 4 === 0 ? 'vec4' : 'chan';
          const blocks = Math.ceil((block === 'row' ? w.outLen : w.post) / 4);
          const threads = h.pre * h.outLen * (block === 'row' ? 1 : w.outLen) * blocks;
          const upload = (t: AxisTable) => {
            const data = compactTable(t);
            const info = backend.makeTensorInfo([data.length], 'float32', data);
            owned.push(info);
            return info;
          };
          const program = new InterpolateFixedProgram(
              n, threads, {kind, tapsH: h.table.taps, tapsW: w.table.taps, block}, maxDim);
          next = backend.runWebGPUProgram(
              program, [cur, upload(h.table), upload(w.table)], runDtype,
              [h.inLen, w.inLen, h.outLen, w.outLen, w.post, blocks, threads].map(
                  (v) => ({type: 'int32' as const, data: [v]})));
        } else {
          const {first, second} = step;
          const [h, w] = first.axis === 1 ? [first, second] : [second, first];
          const n = h.pre * h.outLen * w.outLen * w.post;
          const program = new InterpolateFusedProgram(
              n,
              {kind, first: first.axis === 2 ? 'w' : 'h', fixedTapsH: fixedTaps(h, fixed), fixedTapsW: fixedTaps(w, fixed)},
              maxDim);
          next = backend.runWebGPUProgram(
              program, [cur, ...tables(h), ...tables(w)], runDtype,
              [h.inLen, w.inLen, h.outLen, w.outLen, w.post, h.table.taps, w.table.taps].map(
                  (v) => ({type: 'int32' as const, data: [v]})));
        }
      } finally {
        for (const t of owned) backend.disposeData(t.dataId);
      }
      if (produced != null) backend.disposeData(produced.dataId);
      produced = next;
      cur = next;
    }
  } catch (e) {
    if (produced != null) backend.disposeData(produced.dataId);
    throw e;
  }
  const result = produced as TensorInfo;
  backend.tensorMap.get(result.dataId).shape = outShape.slice();
  return {dataId: result.dataId, shape: outShape.slice(), dtype};
}

/** Runs a {@link ForwardKernelPlan}'s forward schedule on `x` (float32 unless the plan gathers). */
export function runForwardWebGPU(backend: WebGPUBackendLike, x: TensorInfo, plan: ForwardKernelPlan): TensorInfo {
  const dtype = plan.forward.method === 'gather' ? x.dtype as DType : 'float32';
  return runSchedule(backend, x, forwardSchedule(plan), plan.outShape.slice(), dtype, false);
}

/** Forward and gradient kernel configs for the `webgpu` backend. */
export const [interpolateWebGPUConfig, interpolateGradWebGPUConfig] = scheduleKernels<WebGPUBackendLike>('webgpu', runSchedule);
