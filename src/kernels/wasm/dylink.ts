/**
 * The memory and table a position-independent WebAssembly module needs, from its `dylink.0` custom
 * section (the WebAssembly tool conventions' dynamic linking format, written by wasm-ld -shared).
 */

/** The MEM_INFO subsection of `dylink.0`. */
export interface DylinkInfo {
  /** Bytes of static data (data segments and zero-initialised data) the module places at its
   * memory base. */
  readonly memorySize: number;
  /** log2 of the alignment the memory base needs. */
  readonly memoryAlign: number;
  /** Function table slots the module fills from its table base. */
  readonly tableSize: number;
  /** log2 of the table base's alignment. */
  readonly tableAlign: number;
}

const MEM_INFO = 1;

/** Reads the module's `dylink.0` section; throws when it has none (not a side module). */
export function dylinkInfo(mod: WebAssembly.Module): DylinkInfo {
  const sections = WebAssembly.Module.customSections(mod, 'dylink.0');
  if (sections.length !== 1) throw new Error('the WebAssembly module is not a side module (no dylink.0 section)');
  const bytes = new Uint8Array(sections[0]);
  let at = 0;
  const uleb = (): number => {
    let value = 0;
    for (let scale = 1;; scale *= 128) {
      if (at >= bytes.length) throw new Error('truncated dylink.0 section');
      const b = bytes[at++];
      value += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return value;
    }
  };
  while (at < bytes.length) {
    const type = bytes[at++];
    const size = uleb();
    const end = at + size;
    if (type === MEM_INFO) {
      return {memorySize: uleb(), memoryAlign: uleb(), tableSize: uleb(), tableAlign: uleb()};
    }
    at = end;
  }
  throw new Error('the dylink.0 section has no memory information');
}
