// Builds dist/tfjs-interpolate.wasm: the core of native/core/ (the same C++ as the N-API addon) with
// the wasm glue of native/wasm/, for wasm32 with SIMD128, by Debian's clang/LLVM/lld and WASI's C++
// headers, as a position-independent side module: it imports its memory (tf.js's wasm heap, or a
// memory of its own), the host's malloc and free, its stack pointer, memory base and table, and
// links no C library. src/kernels/wasm/instance.ts loads it. The module is cached in build/wasm/
// and rebuilt when a source or the flags change.
//
// Steps: each source to optimised LLVM bitcode for wasm32-wasi; one linked module whose symbols are
// all internal except the exports (so nothing is interposable: no GOT imports, no weak functions
// imported back); machine code with the PIC relocation model; wasm-ld --experimental-pic -shared.
// LLVM 14's WebAssembly backend honours PIC only for the Emscripten triple, so llc lowers the
// already optimised IR with that triple; the frontend, headers and runtime are WASI's and ours.
//
// A missing toolchain is installed with apt-get when running as root; otherwise the build stops
// with the exact command to run.
import {execFileSync} from 'node:child_process';
import {copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const OUT = path.join(root, 'dist/tfjs-interpolate.wasm');
const BUILD = path.join(root, 'build/wasm');
const CACHE = path.join(BUILD, 'tfjs-interpolate.wasm');
const STAMP = `${CACHE}.flags`;
const PACKAGES = ['clang', 'llvm', 'lld', 'wasi-libc', 'libc++-dev-wasm32', 'libclang-rt-dev-wasm32'];
const SYSROOT_FILES = ['/usr/include/wasm32-wasi/c++/v1/vector', '/usr/include/wasm32-wasi/stdlib.h'];

/** The core (shared with the addon) and the wasm glue. */
const SOURCES = ['native/core', 'native/wasm'].flatMap(
    (dir) => readdirSync(path.join(root, dir)).filter((f) => f.endsWith('.cc')).sort().map((f) => `${dir}/${f}`));

const COMPILE = [
  '--target=wasm32-wasi', '-msimd128', '-mbulk-memory', '-mnontrapping-fptoint', '-msign-ext',
  '-O3', '-std=c++17',
  // Bit-identical results need exactly the reference's float32 operations: no fused multiply-add.
  '-ffp-contract=off',
  // No exceptions: the core's allocation failure aborts (a trap, after which
  // src/kernels/wasm/instance.ts frees the instance's blocks and starts a fresh one). No threads:
  // the core's pool runs every region on the caller, and statics need no guards.
  '-fno-exceptions', '-fno-threadsafe-statics',
  // Nothing of libc++'s compiled library is linked (it is not position-independent): no RTTI, the
  // string templates instantiated here, and no visibility attributes that would export them.
  '-fno-rtti', '-D_LIBCPP_DISABLE_EXTERN_TEMPLATE', '-D_LIBCPP_DISABLE_VISIBILITY_ANNOTATIONS',
  '-fvisibility=hidden', '-fvisibility-inlines-hidden',
  '-Wall',
];
const CODEGEN = [
  '-mtriple=wasm32-unknown-emscripten', '-relocation-model=pic', '-O3', '--fp-contract=off',
  '-mattr=+simd128,+bulk-memory,+nontrapping-fptoint,+sign-ext,+mutable-globals',
];
const LINK = ['--experimental-pic', '-shared', '--strip-all'];

/** Everything the module may import: anything else is a missing definition. */
const IMPORTS = ['env.memory', 'env.__indirect_function_table', 'env.__stack_pointer', 'env.__memory_base',
  'env.__table_base', 'env.malloc', 'env.free'];

function fail(message) {
  console.error(`build_wasm: ${message}`);
  process.exit(1);
}

/** Whether `command --version` runs. */
function runs(command) {
  try {
    execFileSync(command, ['--version'], {stdio: 'ignore'});
    return true;
  } catch {
    return false;
  }
}

/** The first of `names` that runs. */
function tool(...names) {
  return names.find(runs) ?? null;
}

const clang = () => tool('clang++', 'clang++-14');
const llvmLink = () => tool('llvm-link', 'llvm-link-14');
const opt = () => tool('opt', 'opt-14');
const llc = () => tool('llc', 'llc-14');
const wasmLd = () => tool('wasm-ld', 'wasm-ld-14');

/** compiler-rt's builtins for wasm32 (__multi3: 64-bit multiplies with a 128-bit result). */
function builtins() {
  const llvm = '/usr/lib';
  for (const d of readdirSync(llvm).filter((d) => d.startsWith('llvm-')).sort().reverse()) {
    const base = path.join(llvm, d, 'lib/clang');
    if (!existsSync(base)) continue;
    for (const v of readdirSync(base)) {
      const lib = path.join(base, v, 'lib/wasi/libclang_rt.builtins-wasm32.a');
      if (existsSync(lib)) return lib;
    }
  }
  return null;
}

function toolchainReady() {
  return [clang, llvmLink, opt, llc, wasmLd].every((t) => t() != null) && SYSROOT_FILES.every((f) => existsSync(f)) &&
      builtins() != null;
}

function ensureToolchain() {
  if (toolchainReady()) return;
  const command = `sudo apt-get update && sudo apt-get install -y ${PACKAGES.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) fail(`the WebAssembly toolchain is missing. Install it with:\n  ${command}`);
  console.log('build_wasm: installing the WebAssembly toolchain with apt-get (running as root)');
  const env = {...process.env, DEBIAN_FRONTEND: 'noninteractive'};
  try {
    execFileSync('apt-get', ['update'], {stdio: 'inherit', env});
    execFileSync('apt-get', ['install', '-y', ...PACKAGES], {stdio: 'inherit', env});
  } catch (e) {
    fail(`apt-get failed (${e.message}); install the toolchain yourself: ${command.replace(/sudo /g, '')}`);
  }
  if (!toolchainReady()) fail(`apt-get finished but the toolchain is still incomplete: ${PACKAGES.join(' ')}`);
}

/** Newest modification time of the sources and every header they may include. */
function newestInput() {
  const files = [...SOURCES];
  for (const dir of ['native/core', 'native/wasm']) {
    for (const f of readdirSync(path.join(root, dir))) {
      const p = `${dir}/${f}`;
      if (statSync(path.join(root, p)).isFile()) files.push(p);
    }
  }
  return Math.max(...files.map((f) => statSync(path.join(root, f)).mtimeMs), statSync(new URL(import.meta.url)).mtimeMs);
}

function upToDate(stamp) {
  if (!existsSync(CACHE) || !existsSync(STAMP)) return false;
  return readFileSync(STAMP, 'utf8') === stamp && statSync(CACHE).mtimeMs >= newestInput();
}

/** Throws unless the module imports only what the loader provides. */
function checkImports(file) {
  const mod = new WebAssembly.Module(readFileSync(file));
  const extra = WebAssembly.Module.imports(mod).map((i) => `${i.module}.${i.name}`).filter((i) => !IMPORTS.includes(i));
  if (extra.length > 0) fail(`the module imports ${extra.join(', ')}: define them in native/wasm/`);
  if (WebAssembly.Module.customSections(mod, 'dylink.0').length !== 1) fail('the module has no dylink.0 section');
}

function build() {
  const obj = path.join(BUILD, 'obj');
  rmSync(obj, {recursive: true, force: true});
  mkdirSync(obj, {recursive: true});
  const run = (command, args) => execFileSync(command, args, {cwd: root, stdio: 'inherit'});
  const bitcode = SOURCES.map((src) => {
    const out = path.join(obj, `${src.replace(/[/.]/g, '_')}.bc`);
    run(clang(), [...COMPILE, '-emit-llvm', '-c', src, '-o', out]);
    return out;
  });
  const linked = path.join(obj, 'linked.bc');
  const internal = path.join(obj, 'internal.bc');
  const object = path.join(obj, 'module.o');
  run(llvmLink(), [...bitcode, '-o', linked]);
  // Every symbol internal but the exports (kept by llvm.used); unreferenced code dropped.
  run(opt(), ['-passes=internalize,globaldce', linked, '-o', internal]);
  run(llc(), [...CODEGEN, '-filetype=obj', internal, '-o', object]);
  run(wasmLd(), [...LINK, object, builtins(), '-o', CACHE]);
  checkImports(CACHE);
}

const stamp = JSON.stringify({COMPILE, CODEGEN, LINK, SOURCES});
if (!upToDate(stamp)) {
  ensureToolchain();
  mkdirSync(BUILD, {recursive: true});
  build();
  writeFileSync(STAMP, stamp);
  console.log(`build_wasm: built ${path.relative(root, CACHE)} (${statSync(CACHE).size} bytes)`);
}
mkdirSync(path.dirname(OUT), {recursive: true});
copyFileSync(CACHE, OUT);
