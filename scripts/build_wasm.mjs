// Builds dist/tfjs-interpolate.wasm: the core of native/core/ (the same C++ as the N-API addon) with
// the wasm glue of native/wasm/, for wasm32-wasi with SIMD128, by Debian's clang/lld and WASI
// libraries. The module is cached in build/wasm/ and rebuilt when a source or the flags change.
//
// A missing toolchain is installed with apt-get when running as root; otherwise the build stops
// with the exact command to run.
import {execFileSync} from 'node:child_process';
import {copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const OUT = path.join(root, 'dist/tfjs-interpolate.wasm');
const CACHE = path.join(root, 'build/wasm/tfjs-interpolate.wasm');
const STAMP = `${CACHE}.flags`;
const PACKAGES = ['clang', 'lld', 'wasi-libc', 'libc++-dev-wasm32', 'libclang-rt-dev-wasm32'];
const SYSROOT_FILES = ['/usr/lib/wasm32-wasi/libc.a', '/usr/lib/wasm32-wasi/libc++.a', '/usr/include/wasm32-wasi/c++/v1/vector'];

/** The core (shared with the addon) and the wasm glue. */
const SOURCES = ['native/core', 'native/wasm'].flatMap(
    (dir) => readdirSync(path.join(root, dir)).filter((f) => f.endsWith('.cc')).sort().map((f) => `${dir}/${f}`));

const FLAGS = [
  '--target=wasm32-wasi', '-msimd128', '-mbulk-memory', '-mnontrapping-fptoint', '-msign-ext',
  '-O3', '-std=c++17',
  // Bit-identical results need exactly the reference's float32 operations: no fused multiply-add.
  '-ffp-contract=off',
  // WASI's libc++ has no exception support: the core's allocation failure aborts (a trap, after
  // which src/kernels/wasm/module.ts starts a fresh instance). No threads: the core's pool runs
  // every region on the caller.
  '-fno-exceptions',
  '-Wall',
  '-mexec-model=reactor',
  '-Wl,-z,stack-size=1048576', '-Wl,--max-memory=4294967296', '-Wl,--strip-all',
];

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

function findClang() {
  return ['clang++', 'clang++-14'].find(runs) ?? null;
}

/** compiler-rt's builtins for wasm32, which clang links into every module. */
function haveBuiltins() {
  const llvm = '/usr/lib';
  return readdirSync(llvm).filter((d) => d.startsWith('llvm-')).some((d) => {
    const base = path.join(llvm, d, 'lib/clang');
    return existsSync(base) && readdirSync(base).some((v) => existsSync(path.join(base, v, 'lib/wasi/libclang_rt.builtins-wasm32.a')));
  });
}

function toolchainReady() {
  return findClang() != null && SYSROOT_FILES.every((f) => existsSync(f)) && haveBuiltins() &&
      ['wasm-ld', 'wasm-ld-14'].some(runs);
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

const stamp = JSON.stringify({FLAGS, SOURCES});
if (!upToDate(stamp)) {
  ensureToolchain();
  mkdirSync(path.dirname(CACHE), {recursive: true});
  execFileSync(findClang(), [...FLAGS, ...SOURCES, '-o', CACHE], {cwd: root, stdio: 'inherit'});
  writeFileSync(STAMP, stamp);
  console.log(`build_wasm: built ${path.relative(root, CACHE)} (${statSync(CACHE).size} bytes)`);
}
mkdirSync(path.dirname(OUT), {recursive: true});
copyFileSync(CACHE, OUT);
