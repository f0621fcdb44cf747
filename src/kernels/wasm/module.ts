/**
 * The package's own WebAssembly module (dist/tfjs-interpolate.wasm, built from the same C++ kernels
 * as the Node addon, with SIMD128): finding its bytes and compiling them. The module is a
 * position-independent side module; ./instance.ts instantiates it inside tf.js's wasm heap (the
 * `wasm` backend's kernels, ./heap_instance.ts) or over a memory of its own (the `cpu` kernels where
 * the addon is absent, and the `wasm` backend's copying fallback, ./own_memory.ts). Where it cannot
 * load (no WebAssembly SIMD, a blocked fetch) the JavaScript kernels run instead, with identical
 * results.
 *
 * Where the bytes come from, first match wins:
 * 1. {@link setWasmPath} (a URL, or the bytes themselves);
 * 2. the script-tag bundle, which embeds them;
 * 3. Node: the file next to the package's build (read synchronously, so the first call uses it);
 * 4. bundlers: `new URL('./tfjs-interpolate.wasm', import.meta.url)` from dist/index.mjs.
 * Browsers compile asynchronously: calls before {@link wasmReady} resolves run the JavaScript
 * kernels. `TFJS_INTERPOLATE_WASM=0` in Node's environment turns the module off.
 */
import {nodeProcess, packageRoot} from '../cpu/native';
import {nodeRequire} from '../cpu/node_require';
import {DylinkInfo, dylinkInfo} from './dylink';

/** The compiled module and the memory and table it needs (its dylink.0 section). */
export interface LoadedModule {
  readonly module: WebAssembly.Module;
  readonly layout: DylinkInfo;
}

/** File name of the module in dist/ and next to the script-tag bundle. */
export const WASM_FILE = 'tfjs-interpolate.wasm';

// Set by the script-tag bundle (base64 bytes) and by dist/index.mjs (URL of the file beside it).
declare const __TFJS_INTERPOLATE_WASM_BASE64__: string|undefined;
declare const __TFJS_INTERPOLATE_WASM_URL__: string|undefined;

type Source = string|URL|ArrayBuffer|Uint8Array;

let override: Source|null = null;
let loaded: LoadedModule|null = null;
let loading: Promise<boolean>|null = null;
let failed = false;
let enabled = true;

function disabledByEnv(): boolean {
  return nodeProcess()?.env?.TFJS_INTERPOLATE_WASM === '0';
}

function warn(reason: unknown): void {
  const text = reason instanceof Error ? reason.message.split('\n')[0] : String(reason);
  console.warn(`tfjs-interpolate: WebAssembly module not loaded (${text}); using the JavaScript kernels.`);
}

function compiled(mod: WebAssembly.Module): LoadedModule {
  return {module: mod, layout: dylinkInfo(mod)};
}

function decodeBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/** The bytes when they are at hand without waiting (override bytes, embedded, Node's file). */
function bytesNow(): Uint8Array|null {
  if (override instanceof ArrayBuffer) return new Uint8Array(override);
  if (override instanceof Uint8Array) return override;
  if (override != null) return null;
  if (typeof __TFJS_INTERPOLATE_WASM_BASE64__ === 'string') return decodeBase64(__TFJS_INTERPOLATE_WASM_BASE64__);
  if (nodeProcess() == null) return null;
  const node = nodeRequire();
  if (node == null) throw new Error('no Node module loader in this build');
  const fs = node.require('fs') as {readFileSync(p: string): Uint8Array};
  const path = node.require('path') as {join(...p: string[]): string};
  return fs.readFileSync(path.join(packageRoot(node.require, node.dir), 'dist', WASM_FILE));
}

function urlToFetch(): string|null {
  if (typeof override === 'string' || override instanceof URL) return String(override);
  if (typeof __TFJS_INTERPOLATE_WASM_URL__ === 'string') return __TFJS_INTERPOLATE_WASM_URL__;
  return null;
}

async function loadAsync(): Promise<boolean> {
  try {
    let bytes = bytesNow();
    if (bytes == null) {
      const url = urlToFetch();
      if (url == null) throw new Error('no location for the module: call setWasmPath');
      const response = await fetch(url);
      if (!response.ok) throw new Error(`fetching ${url}: HTTP ${response.status}`);
      bytes = new Uint8Array(await response.arrayBuffer());
    }
    loaded = compiled(await WebAssembly.compile(bytes as BufferSource));
    return true;
  } catch (e) {
    failed = true;
    warn(e);
    return false;
  } finally {
    loading = null;
  }
}

/** Synchronous load where the bytes are at hand and synchronous compiles are allowed (Node,
 * workers); false when the caller must wait for {@link loadAsync}. */
function loadSync(): boolean {
  let bytes: Uint8Array|null;
  try {
    bytes = bytesNow();
  } catch (e) {
    failed = true;
    warn(e);
    return false;
  }
  if (bytes == null) return false;
  try {
    loaded = compiled(new WebAssembly.Module(bytes as BufferSource));
  } catch (e) {
    // Browsers refuse large synchronous compiles on the main thread (a RangeError): go async.
    if (e instanceof RangeError && nodeProcess() == null) return false;
    failed = true;
    warn(e);
    return false;
  }
  return true;
}

/**
 * The compiled module, or null (not compiled yet, unavailable, or turned off). The first call starts
 * loading it. A new object after {@link setWasmPath}: instances of an earlier one are dropped.
 */
export function wasmModule(): LoadedModule|null {
  if (!enabled || disabledByEnv()) return null;
  if (loaded != null || failed) return loaded;
  if (loading == null && !loadSync() && !failed) loading = loadAsync();
  return loaded;
}

/**
 * Resolves once the WebAssembly module is compiled (true) or known to be unavailable (false, the
 * JavaScript kernels run). Node loads it on first use without waiting; in browsers await this
 * before timing anything.
 *
 * ```js
 * await tfInterpolate.wasmReady();
 * ```
 */
export async function wasmReady(): Promise<boolean> {
  if (wasmModule() != null) return true;
  if (loading != null) await loading;
  return loaded != null;
}

/** True when the WebAssembly module is compiled and used by the `wasm` (and, without the addon,
 * `cpu`) kernels. */
export function wasmModuleLoaded(): boolean {
  return wasmModule() != null;
}

/**
 * Where to load the WebAssembly module from, for CDNs and strict Content-Security-Policy setups
 * (like tf.js's `setWasmPaths`): a URL of `tfjs-interpolate.wasm`, or its bytes. Call it before the
 * first `interpolate`; a module already loaded is replaced by the next load (its instances are
 * dropped on their next use).
 *
 * ```js
 * tfInterpolate.setWasmPath('https://cdn.example.com/tfjs-interpolate@0.1.0/dist/tfjs-interpolate.wasm');
 * ```
 */
export function setWasmPath(source: string|URL|ArrayBuffer|Uint8Array): void {
  override = source;
  loaded = null;
  failed = false;
}

/** Testing hook: turns the module off (`false`, JavaScript kernels) or back on (`true`). */
export function setWasmEnabled(on: boolean): void {
  enabled = on;
}
