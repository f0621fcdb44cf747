/**
 * Runs a plan on the package's WebAssembly module: the plan's tables are handed over once per plan
 * (the module validates and keeps its own copy), then each call copies the input into the module's
 * memory, runs the kernel and copies the result out. Returns false where the module is unavailable
 * (the caller runs the JavaScript kernel, with identical results).
 */
import type {AxisTable} from '../../plan/axis_table';
import {onPlanEvicted} from '../../plan/plan';
import type {ForwardKernelPlan, InterpolatePlan} from '../../plan/plan';
import {backwardInts, forwardInts, isWidthFirst} from '../cpu/native';
import type {NumericArray} from '../cpu/forward_impl';
import {dropWasmInstance, WasmExports, WasmInstance, wasmInstance} from './module';

interface Handles {
  inst: WasmInstance;
  forward?: number;
  backward?: number;
}

const handles = new WeakMap<ForwardKernelPlan, Handles>();

interface Registry<T> {
  register(target: object, held: T): void;
}
type RegistryCtor = new <T>(cleanup: (held: T) => void) => Registry<T>;
const Finalizers = (globalThis as {FinalizationRegistry?: RegistryCtor}).FinalizationRegistry;

// A plan dropped from the plan cache and collected releases its handles in the module.
const released = Finalizers == null ? null : new Finalizers<Handles>((h) => {
  for (const handle of [h.forward, h.backward]) if (handle != null) h.inst.exports.tfi_release(handle);
});

/** Frees the module's copies of `plan` now (a plan leaving the plan cache; prepared again if used). */
function releaseWasm(plan: ForwardKernelPlan): void {
  const h = handles.get(plan);
  if (h == null) return;
  handles.delete(plan);
  if (h.inst !== wasmInstance()) return;  // a dropped instance's memory is gone with it
  for (const handle of [h.forward, h.backward]) if (handle != null) h.inst.exports.tfi_release(handle);
  h.forward = h.backward = undefined;  // the finalizer then finds nothing left to release
}

onPlanEvicted(releaseWasm);

/** Calls that reached the module (testing aid: proves a suite ran on it). */
export const wasmCalls = {forward: 0, backward: 0};

function message(w: WasmExports): string {
  const bytes = new Uint8Array(w.memory.buffer, w.tfi_error());
  const end = bytes.indexOf(0);
  return new TextDecoder().decode(bytes.subarray(0, end < 0 ? 0 : end));
}

/**
 * Writes `ints` and the three tables into one block of module memory and prepares them: [ints as
 * float64][3 axis headers of 10 int32][tables] (native/wasm/module.cc reads that layout). The block is freed once the module has copied it.
 */
function prepare(w: WasmExports, backward: boolean, ints: Float64Array, axes: readonly AxisTable[],
                 windowed = true): number {
  let bytes = ints.length * 8 + 3 * 10 * 4;
  for (const t of axes) bytes += (t.index.length + t.weight.length + t.count.length) * 4;
  const block = w.tfi_alloc(bytes);
  if (block === 0) throw new Error('tfjs-interpolate wasm: out of memory');
  try {
    new Float64Array(w.memory.buffer, block, ints.length).set(ints);
    const headers = block + ints.length * 8;
    const header = new Int32Array(w.memory.buffer, headers, 30);
    let at = headers + 30 * 4;
    const put = (a: ArrayLike<number>, Ctor: Int32ArrayConstructor|Float32ArrayConstructor) => {
      const ptr = at;
      new Ctor(w.memory.buffer, ptr, a.length).set(a);
      at += a.length * 4;
      return ptr;
    };
    axes.forEach((t, a) => {
      header.set([
        t.inSize, t.outSize, t.taps, t.identity ? 1 : 0, put(t.index, Int32Array), t.index.length, put(t.weight, Float32Array), t.weight.length,
        put(t.count, Int32Array), t.count.length,
      ], 10 * a);
    });
    const handle = w.tfi_prepare(backward ? 1 : 0, block, headers, windowed ? 1 : 0);
    if (handle === 0) throw new Error(message(w));
    return handle;
  } finally {
    w.tfi_free(block);
  }
}

function handlesFor(inst: WasmInstance, plan: ForwardKernelPlan): Handles {
  let h = handles.get(plan);
  if (h == null || h.inst !== inst) {
    h = {inst};
    handles.set(plan, h);
    released?.register(plan, h);
  }
  return h;
}

/** Throws unless the buffers hold the plan's input and output element counts. */
function checkLengths(w: WasmExports, handle: number, inLen: number, outLen: number, inName: string,
                      outName: string): void {
  if (inLen !== w.tfi_in_length(handle)) throw new Error(`tfjs-interpolate wasm: ${inName} length does not match the plan`);
  if (outLen !== w.tfi_out_length(handle)) throw new Error(`tfjs-interpolate wasm: ${outName} length does not match the plan`);
}

/**
 * Copies `input` into fresh module memory, calls `run(inPtr, outPtr)` and copies `outLen` elements
 * into `out`. Views of module memory are taken after every allocation (growth detaches them).
 */
function runCopied(inst: WasmInstance, input: NumericArray, out: NumericArray,
                   run: (w: WasmExports, x: number, y: number) => number): boolean {
  const w = inst.exports;
  const x = w.tfi_alloc(input.length * 4);
  const y = x === 0 ? 0 : w.tfi_alloc(out.length * 4);
  try {
    if (x === 0 || y === 0) return false;  // memory cannot grow: the JavaScript kernel runs instead
    const view = (ptr: number, n: number, like: NumericArray) =>
        like instanceof Int32Array ? new Int32Array(w.memory.buffer, ptr, n) : new Float32Array(w.memory.buffer, ptr, n);
    view(x, input.length, input).set(input);
    let status: number;
    try {
      status = run(w, x, y);
    } catch (e) {
      // A trap (the kernels' out-of-memory path): this instance is done; the next call starts anew.
      dropWasmInstance();
      if (e instanceof WebAssembly.RuntimeError) return false;
      throw e;
    }
    if (status !== 0) throw new Error(message(w));
    out.set(view(y, out.length, out));
    return true;
  } finally {
    if (inst === wasmInstance()) {
      w.tfi_free(y);
      w.tfi_free(x);
    }
  }
}

/**
 * Forward of `plan` on `x` into `out` (`plan.outShape`'s element count) on the module; false when
 * it is unavailable or `x` is int32 with a non-gather mode (the JavaScript kernel reports that).
 */
export function wasmForwardInto(plan: ForwardKernelPlan, x: NumericArray, out: NumericArray): boolean {
  const inst = wasmInstance();
  if (inst == null) return false;
  const isInt = x instanceof Int32Array;
  if (isInt && plan.forward.method !== 'gather') return false;
  // The core's separable passes run W, H, D; other orders (TensorFlow's rows-first) run in JS.
  if (plan.forward.order != null && !isWidthFirst(plan.forward.order)) return false;
  const h = handlesFor(inst, plan);
  // Channels-first separable plans: the W pass over eight interleaved rows beats the windowed pass
  // on wasm SIMD (measured); channels-last rows of a few channels and single-channel rows gain.
  const windowed = !(plan.forward.method === 'separable' && plan.inner === 1);
  const handle = h.forward ??= prepare(inst.exports, false, forwardInts(plan), plan.forward.axes, windowed);
  checkLengths(inst.exports, handle, x.length, out.length, 'x', 'out');
  const ok = runCopied(inst, x, out, (w, xp, yp) => w.tfi_forward(handle, xp, yp, isInt ? 1 : 0));
  if (ok) wasmCalls.forward++;
  return ok;
}

/** Input gradient of `plan` for `dy` into `dx` (`plan.inShape`'s element count); false when the
 * module is unavailable. */
export function wasmBackwardInto(plan: InterpolatePlan, dy: Float32Array, dx: Float32Array): boolean {
  const inst = wasmInstance();
  if (inst == null) return false;
  const h = handlesFor(inst, plan);
  const handle = h.backward ??= prepare(inst.exports, true, backwardInts(plan), plan.backward.axes);
  checkLengths(inst.exports, handle, dx.length, dy.length, 'dx', 'dy');
  const ok = runCopied(inst, dy, dx, (w, dyp, dxp) => w.tfi_backward(handle, dyp, dxp));
  if (ok) wasmCalls.backward++;
  return ok;
}

/** Blocks and plans the module holds (its own leak counter) and its memory size in bytes. */
export function wasmMemoryStats(): {live: number, bytes: number}|null {
  const inst = wasmInstance();
  if (inst == null) return null;
  return {live: inst.exports.tfi_live(), bytes: inst.exports.memory.buffer.byteLength};
}

function elements(s: readonly number[]): number {
  return s.reduce((a, b) => a * b, 1);
}

/** {@link wasmForwardInto} into a new array (the `cpu` kernels' path where the addon is absent). */
export function wasmForward(plan: ForwardKernelPlan, x: NumericArray): NumericArray|null {
  if (wasmInstance() == null) return null;
  const n = elements(plan.outShape);
  const out = x instanceof Int32Array ? new Int32Array(n) : new Float32Array(n);
  return wasmForwardInto(plan, x, out) ? out : null;
}

/** {@link wasmBackwardInto} into a new array. */
export function wasmBackward(plan: InterpolatePlan, dy: Float32Array): Float32Array|null {
  if (wasmInstance() == null) return null;
  const dx = new Float32Array(elements(plan.inShape));
  return wasmBackwardInto(plan, dy, dx) ? dx : null;
}
