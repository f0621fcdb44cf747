/**
 * Optional native (C++ N-API) kernels for Node: the same plan, the same float32 rounding order,
 * several times faster. Loaded lazily with `node-gyp-build` from the package root; anywhere else
 * (browsers, bundlers, a failed build) the JavaScript kernels run instead.
 *
 * `TFJS_INTERPOLATE_NATIVE=0` in the environment forces the JavaScript kernels (read at every call,
 * so it can be switched at runtime). A failed load prints one `console.warn` naming the reason.
 */
import type {AxisTable} from '../../plan/axis_table';
import type {ForwardKernelPlan, InterpolatePlan} from '../../plan/plan';
import type {NumericArray} from './forward_impl';

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
  /** Uninitialised recycled memory for outputs; absent under V8's sandbox (Electron). */
  allocate?: (bytes: number) => ArrayBuffer;
  threads: number;
}

type RequireFn = (id: string) => unknown;

const FORWARD_METHODS = {gather: 0, separable: 1, linearDouble: 2, area: 3, mean: 4} as const;
const BACKWARD_METHODS = {copy: 0, mean: 1, scatter: 2} as const;
const COMBINES = {add: 0, weightsFirst: 1, gradFirst: 2, divide: 3} as const;
const PACKAGE_NAME = 'tfjs-interpolate';

let loaded: NativeAddon|null|undefined;
let enabled = true;

interface NodeProcessLike {
  versions?: {node?: string};
  env?: Record<string, string|undefined>;
  cwd?: () => string;
  getBuiltinModule?: (id: string) => unknown;
}

function nodeProcess(): NodeProcessLike|null {
  const p = (globalThis as {process?: NodeProcessLike}).process;
  return p != null && p.versions != null && typeof p.versions.node === 'string' ? p : null;
}

function disabledByEnv(): boolean {
  return nodeProcess()?.env?.TFJS_INTERPOLATE_NATIVE === '0';
}

// CommonJS module-scope bindings (absent under ESM and in browsers); declared here, not taken from
// @types/node, so the library build needs no Node types.
declare const require: RequireFn|undefined;
declare const __dirname: string|undefined;

/** Whether `req` really loads modules (a bundler's ESM `require` shim throws). */
function works(req: RequireFn): boolean {
  try {
    req('path');
    return true;
  } catch {
    return false;
  }
}

/** A CommonJS `require`: the module's own, or under ESM one made for the working directory. */
function getRequire(): RequireFn|null {
  if (typeof require === 'function' && works(require)) return require;
  const mod = nodeProcess()?.getBuiltinModule?.('module') as
      {createRequire?: (from: string) => RequireFn}|undefined;
  const cwd = nodeProcess()?.cwd?.();
  if (mod?.createRequire == null || cwd == null) return null;
  const req = mod.createRequire(`${cwd}/package.json`);
  return works(req) ? req : null;
}

/** The directory holding this package's package.json (where node-gyp-build looks for builds). */
function packageRoot(req: RequireFn): string {
  const fs = req('fs') as {readFileSync(p: string, enc: string): string};
  const path = req('path') as {dirname(p: string): string, join(...p: string[]): string};
  if (typeof __dirname === 'string') {
    for (let dir = __dirname;; dir = path.dirname(dir)) {
      try {
        const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {name?: string};
        if (pkg.name === PACKAGE_NAME) return dir;
      } catch {
        // no package.json here: keep walking up
      }
      if (path.dirname(dir) === dir) break;
    }
  }
  const resolve = (req as {resolve?: (id: string) => string}).resolve;
  if (resolve == null) throw new Error('cannot locate the package root');
  return path.dirname(resolve(`${PACKAGE_NAME}/package.json`));
}

function load(): NativeAddon|null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  if (nodeProcess() == null) return null;  // browsers and other runtimes: JavaScript kernels
  try {
    const req = getRequire();
    if (req == null) throw new Error('no CommonJS require available');
    const nodeGypBuild = req('node-gyp-build') as (dir: string) => unknown;
    const addon = nodeGypBuild(packageRoot(req)) as Partial<NativeAddon>;
    for (const fn of ['prepareForward', 'prepareBackward', 'forward', 'backward'] as const) {
      if (typeof addon[fn] !== 'function') throw new Error(`the addon does not export ${fn}`);
    }
    loaded = addon as NativeAddon;
  } catch (e) {
    const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
    console.warn(
        `tfjs-interpolate: native addon not loaded (${reason}); using the JavaScript kernels. ` +
        'Set TFJS_INTERPOLATE_NATIVE=0 to choose them explicitly.');
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

/**
 * A typed array of `n` elements for the addon to fill (it overwrites every element, so nothing is
 * zeroed first). Large ones live on memory the addon recycles (`allocate`, see
 * native/output_pool.h): an output freed by the garbage collector is reused by the next output of
 * its size instead of the C library handing back fresh pages the kernel must fault in and zero.
 * Small ones, and every one where `allocate` is missing, are ordinary arrays.
 */
function outputArray<T extends Float32Array|Int32Array>(
    addon: NativeAddon, ctor: new (buffer: ArrayBuffer, byteOffset: number, length: number) => T,
    alloc: (n: number) => T, n: number): T {
  if (addon.allocate != null && n >= 1 << 16) return new ctor(addon.allocate(n * 4), 0, n);
  return alloc(n);
}

function geometry(plan: ForwardKernelPlan): number[] {
  return [plan.outer, plan.inner, plan.channels, ...plan.inSpatial, ...plan.outSpatial];
}

/**
 * The addon's prepared plans, per plan object: validated and copied on first use, then each call
 * only checks buffer lengths. A plan object is treated as immutable once used (the addon works on
 * its copies); plans dropped from the plan cache free theirs with garbage collection.
 */
const prepared = new WeakMap<ForwardKernelPlan, {
  forward?: PreparedPlan, forwardPortable?: PreparedPlan, backward?: PreparedPlan,
}>();

function preparedFor(plan: ForwardKernelPlan) {
  let p = prepared.get(plan);
  if (p == null) {
    p = {};
    prepared.set(plan, p);
  }
  return p;
}

function isWidthFirst(order: readonly number[]): boolean {
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
  const handle = p[key] ??= addon.prepareForward(
      new Float64Array([FORWARD_METHODS[f.method], ...geometry(plan), f.floatChannels]), f.axes, windowed);
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
  p.backward ??= addon.prepareBackward(new Float64Array([
    BACKWARD_METHODS[b.method], COMBINES[b.combine], ...geometry(plan), ...b.tapOrder,
    b.doubleAccumulate ? 1 : 0, b.floatChannels,
  ]), b.axes);
  const n = plan.outer * plan.inSpatial[0] * plan.inSpatial[1] * plan.inSpatial[2] * plan.inner;
  const dx = outputArray(addon, Float32Array, (m) => new Float32Array(m), n);
  addon.backward(p.backward, dy, dx);
  nativeCalls.backward++;
  return dx;
}
