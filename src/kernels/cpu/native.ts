/**
 * Optional native (C++ N-API) kernels for Node: the same plan, the same float32 rounding order,
 * several times faster. Loaded lazily with `node-gyp-build` from this package's own directory
 * (a prebuilt binary in prebuilds/, or one compiled into build/); anywhere else (browsers,
 * bundlers, no matching binary) the JavaScript kernels run instead.
 *
 * `TFJS_INTERPOLATE_NATIVE=0` in the environment forces the JavaScript kernels (read at every call,
 * so it can be switched at runtime). A failed load prints one `console.warn` naming the reason.
 */
import type {AxisTable} from '../../plan/axis_table';
import {onPlanEvicted} from '../../plan/plan';
import type {ForwardKernelPlan, InterpolatePlan} from '../../plan/plan';
import type {NumericArray} from './forward_impl';
import {nodeRequire} from './node_require';
import type {RequireFn} from './node_require';

/** An opaque validated plan owned by the addon (its own copies of the tables). */
interface PreparedPlan {
  readonly __preparedPlan: never;
}

/** What `build/Release/tfjs_interpolate.node` exports (see native/addon.cc). */
interface NativeAddon {
  prepareForward(ints: Float64Array, axes: readonly AxisTable[], windowed?: boolean): PreparedPlan;
  prepareBackward(ints: Float64Array, axes: readonly AxisTable[]): PreparedPlan;
  forward(plan: PreparedPlan, x: NumericArray, out: NumericArray): void;
  backward(plan: PreparedPlan, dy: Float32Array, dx: Float32Array): void;
  /** Frees a prepared plan now; the handle is refused afterwards. */
  release(plan: PreparedPlan): void;
  /** Uninitialised recycled memory for outputs: only in builds with the V8 option
   * (binding.gyp's `v8_output_memory`), never under V8's sandbox (Electron). */
  allocate?: (bytes: number) => ArrayBuffer;
  threads: number;
}

const FORWARD_METHODS = {gather: 0, separable: 1, linearDouble: 2, area: 3, mean: 4} as const;
const BACKWARD_METHODS = {copy: 0, mean: 1, scatter: 2} as const;
const COMBINES = {add: 0, weightsFirst: 1, gradFirst: 2, divide: 3} as const;
const PACKAGE_NAME = 'tfjs-interpolate';

let loaded: NativeAddon|null|undefined;
let enabled = true;

interface NodeProcessLike {
  versions?: {node?: string};
  env?: Record<string, string|undefined>;
}

/** Node's `process`, or null in browsers and other runtimes. */
export function nodeProcess(): NodeProcessLike|null {
  const p = (globalThis as {process?: NodeProcessLike}).process;
  return p != null && p.versions != null && typeof p.versions.node === 'string' ? p : null;
}

function disabledByEnv(): boolean {
  return nodeProcess()?.env?.TFJS_INTERPOLATE_NATIVE === '0';
}

/** Whether `req` really loads modules (a bundler's `require` shim throws). */
function works(req: RequireFn): boolean {
  try {
    req('path');
    return true;
  } catch {
    return false;
  }
}

/**
 * The directory holding this package's package.json, walking up from `dir` (this module's own
 * directory: dist/ in the builds, src/kernels/cpu/ in the tests). That is where node-gyp-build
 * looks for build/Release and prebuilds/, whatever the working directory.
 */
export function packageRoot(req: RequireFn, dir: string): string {
  const fs = req('fs') as {readFileSync(p: string, enc: string): string};
  const path = req('path') as {dirname(p: string): string, join(...p: string[]): string};
  for (let d = dir;; d = path.dirname(d)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(d, 'package.json'), 'utf8')) as {name?: string};
      if (pkg.name === PACKAGE_NAME) return d;
    } catch {
      // no package.json here: keep walking up
    }
    if (path.dirname(d) === d) break;
  }
  throw new Error(`no ${PACKAGE_NAME} package.json above ${dir}`);
}

/**
 * Why the install step built no addon, as scripts/install.cjs recorded it in build/ (npm hides the
 * output of dependencies' install scripts), or `''`.
 */
function installNote(req: RequireFn, root: string): string {
  try {
    const fs = req('fs') as {readFileSync(p: string, enc: string): string};
    const path = req('path') as {join(...p: string[]): string};
    return `; at install: ${fs.readFileSync(path.join(root, 'build', 'not-built.txt'), 'utf8').trim()}`;
  } catch {
    return '';
  }
}

function load(): NativeAddon|null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  if (nodeProcess() == null) return null;  // browsers and other runtimes: JavaScript kernels
  let note = '';
  try {
    const node = nodeRequire();
    if (node == null || !works(node.require)) throw new Error('no Node module loader in this build');
    const root = packageRoot(node.require, node.dir);
    note = installNote(node.require, root);
    const nodeGypBuild = node.require('node-gyp-build') as (dir: string) => unknown;
    const addon = nodeGypBuild(root) as Partial<NativeAddon>;
    for (const fn of ['prepareForward', 'prepareBackward', 'forward', 'backward'] as const) {
      if (typeof addon[fn] !== 'function') throw new Error(`the addon does not export ${fn}`);
    }
    loaded = addon as NativeAddon;
  } catch (e) {
    const reason = (e instanceof Error ? e.message.split('\n')[0] : String(e)) + note;
    console.warn(
        `tfjs-interpolate: native addon not loaded (${reason}); using the JavaScript kernels (same ` +
        'results, slower). To build the addon run `npm rebuild tfjs-interpolate` (needs a C++17 ' +
        'compiler, make and python3); set TFJS_INTERPOLATE_NATIVE=0 to choose the JavaScript kernels ' +
        'without this warning.');
  }
  return loaded;
}

function active(): NativeAddon|null {
  if (!enabled || disabledByEnv()) return null;
  return load();
}

/**
 * True when the native addon is loaded and in use by the `cpu` kernels (Node only; false under
 * `TFJS_INTERPOLATE_NATIVE=0`).
 */
export function nativeAddonLoaded(): boolean {
  return active() != null;
}

/** Testing hook: turns the native path off (`false`) or back on (`true`) for this process. */
export function setNativeEnabled(on: boolean): void {
  enabled = on;
}

/** Calls that reached the addon (testing aid: proves a suite ran on the native kernels). */
export const nativeCalls = {forward: 0, backward: 0};

/** Node's `Buffer.allocUnsafeSlow`, where it exists. */
function uninitialisedBytes(): ((bytes: number) => {buffer: ArrayBuffer, byteOffset: number})|null {
  const b = (globalThis as {Buffer?: {allocUnsafeSlow?: (n: number) => {buffer: ArrayBuffer, byteOffset: number}}})
                .Buffer;
  return typeof b?.allocUnsafeSlow === 'function' ? b.allocUnsafeSlow.bind(b) : null;
}

/**
 * A typed array of `n` elements for the addon to fill (it overwrites every element, so nothing is
 * zeroed first). Large ones live on memory the addon recycles where the build has `allocate`
 * (native/node/output_pool.h): an output freed by the garbage collector is reused by the next
 * output of its size. Otherwise large ones take Node's uninitialised memory
 * (`Buffer.allocUnsafeSlow`, from the C library's heap, which reuses freed blocks) instead of a
 * zeroed array on fresh pages the kernel must fault in and zero. Small ones are ordinary arrays.
 */
function outputArray<T extends Float32Array|Int32Array>(
    addon: NativeAddon, ctor: new (buffer: ArrayBuffer, byteOffset: number, length: number) => T,
    alloc: (n: number) => T, n: number): T {
  if (n < 1 << 16) return alloc(n);
  if (addon.allocate != null) return new ctor(addon.allocate(n * 4), 0, n);
  const unsafe = uninitialisedBytes();
  if (unsafe == null) return alloc(n);
  const bytes = unsafe(n * 4);
  return new ctor(bytes.buffer, bytes.byteOffset, n);
}

function geometry(plan: ForwardKernelPlan): number[] {
  return [plan.outer, plan.inner, plan.channels, ...plan.inSpatial, ...plan.outSpatial];
}

/** The integers of a forward plan as the native and wasm prepare calls read them. */
export function forwardInts(plan: ForwardKernelPlan): Float64Array {
  const f = plan.forward;
  return new Float64Array([FORWARD_METHODS[f.method], ...geometry(plan), f.floatChannels]);
}

/** The integers of a backward plan as the native and wasm prepare calls read them. */
export function backwardInts(plan: InterpolatePlan): Float64Array {
  const b = plan.backward;
  return new Float64Array([
    BACKWARD_METHODS[b.method], COMBINES[b.combine], ...geometry(plan), ...b.tapOrder,
    b.doubleAccumulate ? 1 : 0, b.floatChannels,
  ]);
}

/**
 * The addon's prepared plans, per plan object: validated and copied on first use, then each call
 * only checks buffer lengths. A plan object is treated as immutable once used (the addon works on
 * its copies). Plans leaving the plan cache free theirs at once (a synchronous loop over many
 * shapes would otherwise pile them up until the event loop lets finalizers run); other plans free
 * theirs with garbage collection.
 */
const prepared = new WeakMap<ForwardKernelPlan, {
  forward?: PreparedPlan, forwardPortable?: PreparedPlan, backward?: PreparedPlan,
}>();

/** Frees the addon's copies of `plan` (prepared again if the plan is used later). */
export function releaseNative(plan: ForwardKernelPlan): void {
  const p = prepared.get(plan);
  if (p == null) return;
  prepared.delete(plan);
  const addon = load();
  if (addon == null || typeof addon.release !== 'function') return;
  for (const handle of [p.forward, p.forwardPortable, p.backward]) {
    if (handle != null) addon.release(handle);
  }
}

onPlanEvicted(releaseNative);

function preparedFor(plan: ForwardKernelPlan) {
  let p = prepared.get(plan);
  if (p == null) {
    p = {};
    prepared.set(plan, p);
  }
  return p;
}

/** Whether a separable pass order runs W, H, D (the only order the C++ core runs). */
export function isWidthFirst(order: readonly number[]): boolean {
  let last = 3;
  for (const a of order) {
    if (a >= last) return false;
    last = a;
  }
  return true;
}

/**
 * Native forward of `plan` on `x`: a new array laid out as `plan.outShape`, or null when the addon
 * is unavailable or the plan/data pair is one the JavaScript kernel must report (int32 data with a
 * non-gather mode). `windowed: false` keeps the addon's portable W pass (for tests comparing the
 * two; results are identical).
 */
export function nativeForward(plan: ForwardKernelPlan, x: NumericArray, windowed = true): NumericArray|null {
  const addon = active();
  if (addon == null) return null;
  const f = plan.forward;
  const isInt = x instanceof Int32Array;
  if (isInt && f.method !== 'gather') return null;
  // The addon's separable passes run W, H, D; other orders (TensorFlow's rows-first) run in JS.
  if (f.order != null && !isWidthFirst(f.order)) return null;
  const p = preparedFor(plan);
  const key = windowed ? 'forward' : 'forwardPortable';
  const handle = p[key] ??= addon.prepareForward(forwardInts(plan), f.axes, windowed);
  const n = plan.outer * plan.outSpatial[0] * plan.outSpatial[1] * plan.outSpatial[2] * plan.inner;
  const out = isInt ? outputArray(addon, Int32Array, (m) => new Int32Array(m), n) :
                      outputArray(addon, Float32Array, (m) => new Float32Array(m), n);
  addon.forward(handle, x, out);
  nativeCalls.forward++;
  return out;
}

/** Native input gradient of `plan` for `dy`, laid out as `plan.inShape`; null when unavailable. */
export function nativeBackward(plan: InterpolatePlan, dy: Float32Array): Float32Array|null {
  const addon = active();
  if (addon == null) return null;
  const b = plan.backward;
  const p = preparedFor(plan);
  p.backward ??= addon.prepareBackward(backwardInts(plan), b.axes);
  const n = plan.outer * plan.inSpatial[0] * plan.inSpatial[1] * plan.inSpatial[2] * plan.inner;
  const dx = outputArray(addon, Float32Array, (m) => new Float32Array(m), n);
  addon.backward(p.backward, dy, dx);
  nativeCalls.backward++;
  return dx;
}
