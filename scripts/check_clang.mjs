// Compiles the native core with clang for this machine's baseline instruction set, as Apple's
// clang does on Intel Macs: clang rejects some vector code that GCC (the Linux addon build) only
// warns about, such as a 256-bit vector passed between functions compiled for different
// instruction sets. Code generation only (-O0, no output); skipped, with a note, without clang++.
import {execFileSync} from 'node:child_process';
import {readdirSync} from 'node:fs';
import {devNull} from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const core = path.join(root, 'native', 'core');

try {
  execFileSync('clang++', ['--version'], {stdio: 'ignore'});
} catch {
  console.log('check_clang: clang++ not found, skipped (apt-get install -y clang)');
  process.exit(0);
}
const sources = readdirSync(core).filter((f) => f.endsWith('.cc')).sort();
for (const file of sources) {
  execFileSync('clang++', [
    '-std=c++17', '-O0', '-ffp-contract=off', '-Wall', '-Werror', '-Wno-psabi', '-S', '-o', devNull,
    path.join(core, file),
  ], {stdio: 'inherit'});
}
console.log(`check_clang: ${sources.length} core sources compile with clang++ for the host`);
