/**
 * Runs a plan on the package's WebAssembly module: the plan's tables are handed over once per plan
 * and instance (the module validates and keeps its own copy). In tf.js's wasm heap the kernel reads
 * the input tensor and writes the output tensor where they are; over the module's own memory each
 * call copies the input in and the result out. Returns false where the module is unavailable (the
 * caller runs the JavaScript kernel, with identical results).
 */
import type {TensorInfo} from '@tensorflow/tfjs-core';

import type {AxisTable} from '../../plan/axis_table';
import {onPlanEvicted} from '../../plan/plan';
import type {ForwardKernelPlan, InterpolatePlan} from '../../plan/plan';
import {backwardInts, forwardInts, isWidthFirst} from '../cpu/native';
import type {NumericArray} from '../cpu/forward_impl';
import {heapInstance, WasmBackendModule} from './heap_instance';
import {dropInstance, liveInstances, PlanHandles, Ref, refTo, WasmExports, WasmInstance} from './instance';
import {ownInstance} from './own_memory';

interface Registry<T> {
  register(target: object, held: T): void;
}
type RegistryCtor = new <T>(cleanup: (held: T) => void) => Registry<T>;
const Finalizers = (globalThis as {FinalizationRegistry?: RegistryCtor}).FinalizationRegistry;

function release(inst: WasmInstance, h: PlanHandles): void {
  if (inst.dropped) return;  // a dropped instance's blocks are gone with it
  for (const handle of [h.forward, h.backward]) if (handle != null) inst.exports.tfi_release(handle);
  h.forward = h.backward = undefined;  // a later finalizer finds nothing left to release
}

// A plan dropped from the plan cache and collected releases its handles in the module (the
// instance is held weakly: a cached plan must not keep a disposed backend's heap alive).
const released = Finalizers == null ? null : new Finalizers<{inst: Ref<WasmInstance>, h: PlanHandles}>(({inst, h}) => {
  const i = inst.deref();
  if (i != null) release(i, h);
});

/** Frees the module's copies of `plan` now (a plan leaving the plan cache; prepared again if used). */
function releaseWasm(plan: ForwardKernelPlan): void {
  for (const inst of liveInstances()) {
    const h = inst.plans.get(plan);
    if (h == null) continue;
    inst.plans.delete(plan);
    release(inst, h);
  }
}

onPlanEvicted(releaseWasm);

/** Calls that reached the module, all of them and those run in tf.js's heap without copies
 * (testing aid: proves which path a suite ran on). */
export const wasmCalls = {forward: 0, backward: 0, heapForward: 0, heapBackward: 0};

function message(inst: WasmInstance): string {
  const bytes = new Uint8Array(inst.memory.buffer, inst.exports.tfi_error());
  const end = bytes.indexOf(0);
  return new TextDecoder().decode(bytes.subarray(0, end < 0 ? 0 : end));
}

/**
 * Writes `ints` and the three tables into one block of module memory and prepares them: [ints as
 * float64][3 axis headers of 10 int32][tables] (native/wasm/module.cc reads that layout). The block
 * is freed once the module has copied it. Views are taken after the allocation (growth). Null
 * after a trap (the instance is dropped).
 */
function prepare(inst: WasmInstance, backward: boolean, ints: Float64Array, axes: readonly AxisTable[],
                 windowed = true): number|null {
  const w = inst.exports;
  let bytes = ints.length * 8 + 3 * 10 * 4;
  for (const t of axes) bytes += (t.index.length + t.weight.length + t.count.length) * 4;
  const block = w.tfi_alloc(bytes);
  if (block === 0) throw new Error('tfjs-interpolate wasm: out of memory');
  try {
    const buffer = inst.memory.buffer;
    new Float64Array(buffer, block, ints.length).set(ints);
    const headers = block + ints.length * 8;
    const header = new Int32Array(buffer, headers, 30);
    let at = headers + 30 * 4;
    const put = (a: ArrayLike<number>, Ctor: Int32ArrayConstructor|Float32ArrayConstructor) => {
      const ptr = at;
      new Ctor(buffer, ptr, a.length).set(a);
      at += a.length * 4;
      return ptr;
    };
    axes.forEach((t, a) => {
      header.set([
        t.inSize, t.outSize, t.taps, t.identity ? 1 : 0, put(t.index, Int32Array), t.index.length, put(t.weight, Float32Array), t.weight.length,
        put(t.count, Int32Array), t.count.length,
      ], 10 * a);
    });
    let handle = 0;
    const prepared = () => {
      handle = w.tfi_prepare(backward ? 1 : 0, block, headers, windowed ? 1 : 0);
      return handle === 0 ? 1 : 0;  // 0: the plan was refused, the module's message says why
    };
    return runGuarded(inst, prepared) ? handle : null;
  } finally {
    if (!inst.dropped) w.tfi_free(block);
  }
}

function handlesFor(inst: WasmInstance, plan: ForwardKernelPlan): PlanHandles {
  let h = inst.plans.get(plan);
  if (h == null) {
    h = {};
    inst.plans.set(plan, h);
    released?.register(plan, {inst: refTo(inst), h});
  }
  return h;
}

/** The forward handle of `plan` in `inst`, prepared on first use; null after a trap. */
function forwardHandle(inst: WasmInstance, plan: ForwardKernelPlan): number|null {
  const h = handlesFor(inst, plan);
  // On wasm SIMD (measured): channels-first separable plans run the W pass over eight interleaved
  // rows, and channels-last two-tap rows of 4 or more channels the plain pass (whole vectors per
  // column), faster than the windowed pass, which gains on fewer channels, more taps and the rest.
  const w = plan.forward.axes[2];
  const twoTapColumns = plan.inner >= 4 && w.taps === 2 && w.count.every((c) => c === 2);
  const windowed = !(plan.forward.method === 'separable' && (plan.inner === 1 || twoTapColumns));
  h.forward ??= prepare(inst, false, forwardInts(plan), plan.forward.axes, windowed) ?? undefined;
  return h.forward ?? null;
}

function backwardHandle(inst: WasmInstance, plan: InterpolatePlan): number|null {
  const h = handlesFor(inst, plan);
  h.backward ??= prepare(inst, true, backwardInts(plan), plan.backward.axes) ?? undefined;
  return h.backward ?? null;
}

/** Throws unless the buffers hold the plan's input and output element counts. */
function checkLengths(w: WasmExports, handle: number, inLen: number, outLen: number, inName: string,
                      outName: string): void {
  if (inLen !== w.tfi_in_length(handle)) throw new Error(`tfjs-interpolate wasm: ${inName} length does not match the plan`);
  if (outLen !== w.tfi_out_length(handle)) throw new Error(`tfjs-interpolate wasm: ${outName} length does not match the plan`);
}

/**
 * Calls `run` on `inst`; a trap (the kernels' out-of-memory path) drops the instance, which frees
 * its blocks (the next call starts a fresh one), and returns false. A nonzero status throws the
 * module's message.
 */
function runGuarded(inst: WasmInstance, run: () => number): boolean {
  let status: number;
  try {
    status = run();
  } catch (e) {
    dropInstance(inst);
    if (e instanceof WebAssembly.RuntimeError) return false;
    throw e;
  }
  if (status !== 0) throw new Error(message(inst));
  return true;
}

/** Whether the module runs `plan`'s forward on this dtype (else the JavaScript kernel does). */
function forwardOnModule(plan: ForwardKernelPlan, isInt: boolean): boolean {
  if (isInt && plan.forward.method !== 'gather') return false;  // the JavaScript kernel reports it
  // The core's separable passes run W, H, D; other orders (TensorFlow's rows-first) run in JS.
  return plan.forward.order == null || isWidthFirst(plan.forward.order);
}

/** The parts of tf.js's `BackendWasm` the zero-copy path uses. */
export interface HeapBackend extends WasmBackendModule {
  typedArrayFromHeap(t: TensorInfo): ArrayLike<number>;
}

/** `t`'s float32 or int32 view on the heap of `inst`, or null (another dtype or memory). */
function onHeap(b: HeapBackend, inst: WasmInstance, t: TensorInfo): Float32Array|Int32Array|null {
  const v = b.typedArrayFromHeap(t);
  if (!(v instanceof Float32Array || v instanceof Int32Array)) return null;
  return v.buffer === inst.memory.buffer ? v : null;
}

/**
 * Forward of `plan` from tensor `x` into tensor `out` of tf.js's wasm backend `b`, in its heap
 * with no copies; false where that path is unavailable (the caller copies or runs JavaScript).
 */
export function wasmForwardInHeap(b: HeapBackend, plan: ForwardKernelPlan, x: TensorInfo, out: TensorInfo): boolean {
  const isInt = x.dtype === 'int32';
  if (!forwardOnModule(plan, isInt)) return false;
  const inst = heapInstance(b);
  if (inst == null) return false;
  const handle = forwardHandle(inst, plan);
  if (handle == null) return false;
  // Addresses after everything that may grow the heap (the instance, the plan).
  const xv = onHeap(b, inst, x);
  const ov = onHeap(b, inst, out);
  if (xv == null || ov == null || (xv instanceof Int32Array) !== isInt || (ov instanceof Int32Array) !== isInt) return false;
  checkLengths(inst.exports, handle, xv.length, ov.length, 'x', 'out');
  if (!runGuarded(inst, () => inst.exports.tfi_forward(handle, xv.byteOffset, ov.byteOffset, isInt ? 1 : 0))) return false;
  wasmCalls.forward++;
  wasmCalls.heapForward++;
  return true;
}

/** Input gradient of `plan` from tensor `dy` (float32) into tensor `dx`, in `b`'s heap. */
export function wasmBackwardInHeap(b: HeapBackend, plan: InterpolatePlan, dy: TensorInfo, dx: TensorInfo): boolean {
  const inst = heapInstance(b);
  if (inst == null) return false;
  const handle = backwardHandle(inst, plan);
  if (handle == null) return false;
  const dyv = onHeap(b, inst, dy);
  const dxv = onHeap(b, inst, dx);
  if (!(dyv instanceof Float32Array) || !(dxv instanceof Float32Array)) return false;
  checkLengths(inst.exports, handle, dxv.length, dyv.length, 'dx', 'dy');
  if (!runGuarded(inst, () => inst.exports.tfi_backward(handle, dyv.byteOffset, dxv.byteOffset))) return false;
  wasmCalls.backward++;
  wasmCalls.heapBackward++;
  return true;
}

/**
 * Copies `input` into fresh memory of the module's own instance, calls `run(inPtr, outPtr)` and
 * copies `out.length` elements into `out`. Views are taken after every allocation (growth).
 */
function runCopied(inst: WasmInstance, input: NumericArray, out: NumericArray,
                   run: (w: WasmExports, x: number, y: number) => number): boolean {
  const w = inst.exports;
  const x = w.tfi_alloc(input.length * 4);
  const y = x === 0 ? 0 : w.tfi_alloc(out.length * 4);
  try {
    if (x === 0 || y === 0) return false;  // memory cannot grow: the JavaScript kernel runs instead
    const view = (ptr: number, n: number, like: NumericArray) =>
        like instanceof Int32Array ? new Int32Array(inst.memory.buffer, ptr, n) : new Float32Array(inst.memory.buffer, ptr, n);
    view(x, input.length, input).set(input);
    if (!runGuarded(inst, () => run(w, x, y))) return false;
    out.set(view(y, out.length, out));
    return true;
  } finally {
    if (!inst.dropped) {
      w.tfi_free(y);
      w.tfi_free(x);
    }
  }
}

/**
 * Forward of `plan` on `x` into `out` (`plan.outShape`'s element count) on the module's own
 * memory, copying; false when it is unavailable or the plan runs in JavaScript.
 */
export function wasmForwardInto(plan: ForwardKernelPlan, x: NumericArray, out: NumericArray): boolean {
  const isInt = x instanceof Int32Array;
  if (!forwardOnModule(plan, isInt)) return false;
  const inst = ownInstance();
  if (inst == null) return false;
  const handle = forwardHandle(inst, plan);
  if (handle == null) return false;
  checkLengths(inst.exports, handle, x.length, out.length, 'x', 'out');
  const ok = runCopied(inst, x, out, (w, xp, yp) => w.tfi_forward(handle, xp, yp, isInt ? 1 : 0));
  if (ok) wasmCalls.forward++;
  return ok;
}

/** Input gradient of `plan` for `dy` into `dx` (`plan.inShape`'s element count), copying; false
 * when the module is unavailable. */
export function wasmBackwardInto(plan: InterpolatePlan, dy: Float32Array, dx: Float32Array): boolean {
  const inst = ownInstance();
  if (inst == null) return false;
  const handle = backwardHandle(inst, plan);
  if (handle == null) return false;
  checkLengths(inst.exports, handle, dx.length, dy.length, 'dx', 'dy');
  const ok = runCopied(inst, dy, dx, (w, dyp, dxp) => w.tfi_backward(handle, dyp, dxp));
  if (ok) wasmCalls.backward++;
  return ok;
}

/** What an instance holds: `live` blocks from tfi_alloc plus prepared plans, all its `blocks` in
 * the host's memory and their `blockBytes`, and the size of that memory. */
export interface WasmMemoryStats {
  live: number;
  blocks: number;
  blockBytes: number;
  memoryBytes: number;
}

/**
 * Memory of the instance in `backend`'s heap, or (no argument) of the instance over the module's own
 * memory; null where there is none.
 */
export function wasmMemoryStats(backend?: WasmBackendModule): WasmMemoryStats|null {
  const inst = backend == null ? ownInstance() : heapInstance(backend);
  if (inst == null) return null;
  const w = inst.exports;
  return {live: w.tfi_live(), blocks: w.tfi_blocks(), blockBytes: w.tfi_block_bytes(), memoryBytes: inst.memory.buffer.byteLength};
}

function elements(s: readonly number[]): number {
  return s.reduce((a, b) => a * b, 1);
}

/** {@link wasmForwardInto} into a new array (the `cpu` kernels' path where the addon is absent). */
export function wasmForward(plan: ForwardKernelPlan, x: NumericArray): NumericArray|null {
  if (ownInstance() == null) return null;
  const n = elements(plan.outShape);
  const out = x instanceof Int32Array ? new Int32Array(n) : new Float32Array(n);
  return wasmForwardInto(plan, x, out) ? out : null;
}

/** {@link wasmBackwardInto} into a new array. */
export function wasmBackward(plan: InterpolatePlan, dy: Float32Array): Float32Array|null {
  if (ownInstance() == null) return null;
  const dx = new Float32Array(elements(plan.inShape));
  return wasmBackwardInto(plan, dy, dx) ? dx : null;
}
