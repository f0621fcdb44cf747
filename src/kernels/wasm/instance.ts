/**
 * Instances of the package's side module (./module.ts) on a host: a WebAssembly memory with an
 * allocator. The module's static data and its stack are blocks from the host's allocator, its
 * memory base and stack pointer are globals made here and its function table is its own; every
 * allocation of the C++ core goes to the host's malloc through native/wasm/heap.cc, which keeps a
 * list of the blocks so that dropping an instance (after a trap) hands them all back.
 */
import type {LoadedModule} from './module';

/** What native/wasm/*.cc export. */
export interface WasmExports {
  __wasm_call_ctors(): void;
  tfi_alloc(bytes: number): number;
  tfi_free(ptr: number): void;
  tfi_live(): number;
  tfi_blocks(): number;
  tfi_block_bytes(): number;
  tfi_free_all(): void;
  tfi_fail_allocation(n: number): void;
  tfi_error(): number;
  tfi_prepare(backward: number, ints: number, axes: number, windowed: number): number;
  tfi_release(handle: number): void;
  tfi_in_length(handle: number): number;
  tfi_out_length(handle: number): number;
  tfi_forward(handle: number, x: number, out: number, isInt: number): number;
  tfi_backward(handle: number, dy: number, dx: number): number;
}

/** A memory and the allocator that owns it. `malloc` returns 0 when it cannot allocate. */
export interface WasmHost {
  readonly memory: WebAssembly.Memory;
  malloc(bytes: number): number;
  free(ptr: number): void;
}

/** A plan's prepared handles in one instance. */
export interface PlanHandles {
  forward?: number;
  backward?: number;
}

/** A running instance (a dropped one is never used again: plan handles name their instance). */
export interface WasmInstance {
  readonly exports: WasmExports;
  readonly memory: WebAssembly.Memory;
  /** The compiled module it runs (replaced by setWasmPath). */
  readonly source: LoadedModule;
  /** Handles of the plans prepared in it. */
  readonly plans: WeakMap<object, PlanHandles>;
  dropped: boolean;
}

interface Running extends WasmInstance {
  ref?: Ref<WasmInstance>;
  readonly host: WasmHost;
  readonly blocks: readonly number[];
  readonly stackPointer: WebAssembly.Global;
  readonly stackTop: number;
}

/** Stack of an instance (the core's deepest frames use a few kilobytes). */
const STACK_BYTES = 1 << 20;

/** A reference that does not keep its target alive where the engine has WeakRef. */
export interface Ref<T> {
  deref(): T|undefined;
}
type WeakRefCtor = new <T extends object>(target: T) => Ref<T>;
const WeakRefs = (globalThis as {WeakRef?: WeakRefCtor}).WeakRef;

/** A weak reference to `inst` (a strong one without WeakRef). */
export function refTo(inst: WasmInstance): Ref<WasmInstance> {
  return WeakRefs == null ? {deref: () => inst} : new WeakRefs(inst);
}

// Weak: an instance in the heap of a tf.js backend that was disposed must not keep that heap alive.
const runningRefs = new Set<Ref<WasmInstance>>();

/** Instances not dropped (plans leaving the plan cache release their handles in each). */
export function liveInstances(): WasmInstance[] {
  const out: WasmInstance[] = [];
  for (const ref of runningRefs) {
    const inst = ref.deref();
    if (inst == null || inst.dropped) runningRefs.delete(ref);
    else out.push(inst);
  }
  return out;
}

/** What drops freed (testing aid: a trapped instance leaves nothing behind). */
export const wasmDrops = {count: 0, blocksFreed: 0, blocksLeft: 0};

/**
 * Instantiates `source` on `host`, whose malloc and free the module imports (tf.js's own
 * WebAssembly exports in its heap: a direct wasm-to-wasm call). Throws when the host cannot provide
 * the data and stack blocks or instantiation fails; nothing is left allocated then.
 */
export function startInstance(source: LoadedModule, host: WasmHost): WasmInstance {
  const {memorySize, memoryAlign, tableSize} = source.layout;
  const align = Math.max(16, 2 ** memoryAlign);
  const data = host.malloc(memorySize + align);
  const stack = data === 0 ? 0 : host.malloc(STACK_BYTES);
  if (data === 0 || stack === 0) {
    if (data !== 0) host.free(data);
    throw new Error('tfjs-interpolate wasm: out of memory');
  }
  const memoryBase = Math.ceil(data / align) * align;
  const stackTop = Math.floor((stack + STACK_BYTES) / 16) * 16;
  // The data segments are written at instantiation; zero-initialised data is not in them. A view
  // taken after both allocations (growth replaces the buffer).
  new Uint8Array(host.memory.buffer, memoryBase, memorySize).fill(0);
  const stackPointer = new WebAssembly.Global({value: 'i32', mutable: true}, stackTop);
  const env = {
    memory: host.memory,
    __indirect_function_table: new WebAssembly.Table({element: 'anyfunc', initial: tableSize}),
    __stack_pointer: stackPointer,
    __memory_base: new WebAssembly.Global({value: 'i32', mutable: false}, memoryBase),
    __table_base: new WebAssembly.Global({value: 'i32', mutable: false}, 0),
    malloc: host.malloc,
    free: host.free,
  };
  let exports: WasmExports|null = null;
  try {
    // The start function applies the data relocations; the constructors follow.
    exports = new WebAssembly.Instance(source.module, {env} as WebAssembly.Imports).exports as unknown as WasmExports;
    exports.__wasm_call_ctors();
  } catch (e) {
    try {
      exports?.tfi_free_all();
    } catch {
      // Nothing more to reclaim.
    }
    host.free(stack);
    host.free(data);
    throw e;
  }
  const inst: Running = {
    exports, memory: host.memory, source, plans: new WeakMap(), dropped: false,
    host, blocks: [stack, data], stackPointer, stackTop,
  };
  inst.ref = refTo(inst);
  runningRefs.add(inst.ref);
  return inst;
}

/**
 * Drops `inst` (after a trap, or when its module was replaced): its blocks, static data and stack
 * go back to the host, so nothing stays allocated in tf.js's heap. Its plan handles are void.
 */
export function dropInstance(inst: WasmInstance): void {
  const r = inst as Running;
  if (r.dropped) return;
  r.dropped = true;
  if (r.ref != null) runningRefs.delete(r.ref);
  wasmDrops.count++;
  let before = 0;
  let left = 0;
  try {
    // A trap leaves the stack pointer wherever it was: the walk starts from the top again.
    r.stackPointer.value = r.stackTop;
    before = r.exports.tfi_blocks();
    r.exports.tfi_free_all();
    left = r.exports.tfi_blocks();
  } catch {
    // The block list is unreadable: what it held stays allocated (counted in blocksLeft).
    left = before;
  }
  wasmDrops.blocksFreed += before - left;
  wasmDrops.blocksLeft += left;
  for (const b of r.blocks) r.host.free(b);
}
