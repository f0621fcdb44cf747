/**
 * The module over a WebAssembly memory of its own, with a small allocator here: the `cpu` kernels'
 * path where the Node addon is absent, and the `wasm` backend's fallback where its heap cannot be
 * shared (tf.js's threaded build, whose memory is a SharedArrayBuffer). Inputs are copied in and
 * results copied out (./run.ts).
 */
import {dropInstance, startInstance, WasmHost, WasmInstance} from './instance';
import {wasmModule} from './module';

const PAGE = 65536;
const MAX_BYTES = 2 ** 32;

/** Block size for `bytes`: four sizes per power of two (at most a quarter wasted), 16-aligned. */
function sizeClass(bytes: number): number {
  if (bytes <= 64) return 64;
  const step = 2 ** (Math.floor(Math.log2(bytes)) - 2);
  return Math.ceil(bytes / step) * step;
}

/**
 * A fresh memory with a size-class allocator: blocks are never split or merged, freed ones are
 * reused by the next request of their class (the kernels ask for the same sizes call after call),
 * and the memory grows when none is free. Address 0 is never handed out.
 */
export function ownMemoryHost(): WasmHost {
  const memory = new WebAssembly.Memory({initial: 16});
  const freeBlocks = new Map<number, number[]>();
  const sizes = new Map<number, number>();
  let top = 64;
  return {
    memory,
    malloc(bytes: number): number {
      const size = sizeClass(bytes);
      let p = freeBlocks.get(size)?.pop();
      if (p == null) {
        const end = top + size;
        if (end > MAX_BYTES) return 0;
        const have = memory.buffer.byteLength;
        if (end > have) {
          try {
            memory.grow(Math.ceil((end - have) / PAGE));
          } catch {
            return 0;
          }
        }
        p = top;
        top = end;
      }
      sizes.set(p, size);
      return p;
    },
    free(ptr: number): void {
      const size = sizes.get(ptr);
      if (size == null) return;
      sizes.delete(ptr);
      const list = freeBlocks.get(size);
      if (list == null) freeBlocks.set(size, [ptr]);
      else list.push(ptr);
    },
  };
}

let own: WasmInstance|null = null;

/** The instance over its own memory, started on first use; null where the module is unavailable. */
export function ownInstance(): WasmInstance|null {
  const source = wasmModule();
  if (source == null) return null;
  if (own != null && !own.dropped && own.source === source) return own;
  if (own != null) dropInstance(own);
  own = null;
  try {
    own = startInstance(source, ownMemoryHost());
  } catch {
    return null;  // no memory for a fresh one: the JavaScript kernels run
  }
  return own;
}
