/**
 * The module inside tf.js's wasm backend: one instance per backend, on that backend's own memory
 * and allocator, so the kernels read tf.js's input tensor and write its output tensor in place.
 * Duck-typed: `@tensorflow/tfjs-backend-wasm` is not imported. The backend's Emscripten module
 * exports its memory, `malloc` and `free`; they are imported by our module directly (a wasm-to-wasm
 * call), and Emscripten's own growth hook keeps tf.js's heap views current when they grow memory.
 */
import {dropInstance, startInstance, WasmInstance} from './instance';
import {wasmModule} from './module';

/** The Emscripten exports of tf.js's wasm backend used here (`asm`; newer Emscripten: `wasmExports`). */
interface EmscriptenExports {
  memory?: unknown;
  malloc?: unknown;
  free?: unknown;
}

/** The part of tf.js's `BackendWasm` this needs: its Emscripten module. */
export interface WasmBackendModule {
  wasm?: object;
}

interface EmscriptenModule {
  asm?: EmscriptenExports;
  wasmExports?: EmscriptenExports;
}

// Per Emscripten module; null where its heap cannot be used (shared memory, other shapes).
const instances = new WeakMap<object, WasmInstance|null>();
let enabled = true;
let warned = false;

function usableHost(em: EmscriptenModule) {
  const exp = em.asm ?? em.wasmExports;
  if (exp == null || !(exp.memory instanceof WebAssembly.Memory)) return null;
  if (typeof exp.malloc !== 'function' || typeof exp.free !== 'function') return null;
  // The threaded build's memory is shared; our module imports a non-shared one.
  if (typeof SharedArrayBuffer !== 'undefined' && exp.memory.buffer instanceof SharedArrayBuffer) return null;
  const malloc = exp.malloc as (bytes: number) => number;
  const free = exp.free as (ptr: number) => void;
  return {memory: exp.memory, malloc, free};
}

/**
 * The instance running in `backend`'s heap, started on first use; null where the module is not
 * loaded or the heap cannot be shared (the caller copies through ./own_memory.ts instead).
 * Starting one allocates in tf.js's heap, which may grow it: take heap views afterwards.
 */
export function heapInstance(backend: WasmBackendModule): WasmInstance|null {
  const source = wasmModule();
  const em = backend.wasm as EmscriptenModule|undefined;
  if (!enabled || source == null || em == null || typeof em !== 'object') return null;
  const known = instances.get(em);
  if (known === null) return null;
  if (known != null && !known.dropped && known.source === source) return known;
  if (known != null) dropInstance(known);  // its module was replaced
  instances.delete(em);
  const host = usableHost(em);
  if (host == null) {
    instances.set(em, null);
    return null;
  }
  try {
    const inst = startInstance(source, host);
    instances.set(em, inst);
    return inst;
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError || (e instanceof Error && /out of memory/.test(e.message))) {
      return null;  // tf.js's heap is full now; a later call tries again
    }
    // Instantiation refused (a browser's limit, a mismatch): copy through our own memory.
    instances.set(em, null);
    if (!warned) {
      warned = true;
      const text = e instanceof Error ? e.message.split('\n')[0] : String(e);
      console.warn(`tfjs-interpolate: WebAssembly module not run in tf.js's wasm heap (${text}); copying instead.`);
    }
    return null;
  }
}

/** Testing hook: `false` makes the `wasm` kernels copy through the module's own memory. */
export function setWasmHeapEnabled(on: boolean): void {
  enabled = on;
}
