// Install step: use the prebuilt binary of prebuilds/ (or an earlier build) when one loads here;
// otherwise compile the addon with node-gyp. A failed or impossible compile never fails the
// install (the JavaScript kernels give the same results, slower); it says why and what to run.
'use strict';
const {spawnSync} = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const REBUILD = 'npm rebuild tfjs-interpolate';

function loads() {
  try {
    require('node-gyp-build')(root);
    return true;
  } catch {
    return false;
  }
}

function onPath(names) {
  const dirs = (process.env.PATH || '').split(path.delimiter);
  const exts = process.platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  return names.find((n) => dirs.some((d) => exts.some((e) => fs.existsSync(path.join(d, n + e)))));
}

/** Tools node-gyp needs that are missing here (Unix; Windows has its own toolchain checks). */
function missingTools() {
  if (process.platform === 'win32') return [];
  const missing = [];
  const cxx = process.env.CXX ? [process.env.CXX.split(' ')[0]] : ['c++', 'g++', 'clang++'];
  if (onPath(cxx) == null) missing.push('a C++17 compiler (g++ or clang++)');
  if (onPath(['make']) == null) missing.push('make');
  if (onPath(['python3', 'python']) == null) missing.push('python3');
  return missing;
}

// npm shows a dependency's install output only with --foreground-scripts, so the reason is also
// kept here for the warning the first call prints (src/kernels/cpu/native.ts).
const NOTE = path.join(root, 'build', 'not-built.txt');

function warn(why, shown = '') {
  console.warn(`tfjs-interpolate: native addon not built: ${why}${shown}. The JavaScript kernels will be ` +
               `used (same results, slower). To build the addon later, run: ${REBUILD}`);
  try {
    fs.mkdirSync(path.dirname(NOTE), {recursive: true});
    fs.writeFileSync(NOTE, `${why}\n`);
  } catch {
    // a read-only install directory: the warning above is all there is
  }
}

function main() {
  fs.rmSync(NOTE, {force: true});
  // `npm rebuild tfjs-interpolate --build-from-source` compiles even where a prebuild loads (for
  // the faster build on a Node version the tagged prebuild does not serve, docs/native.md).
  const fromSource = /^(true|1|)$/.test(process.env.npm_config_build_from_source ?? 'no');
  if (!fromSource && loads()) return;
  const target = `${process.platform}-${process.arch}, Node ${process.versions.node}`;
  const missing = missingTools();
  if (missing.length > 0) {
    warn(`no prebuilt binary for ${target}, and compiling needs ${missing.join(', ')}`);
    return;
  }
  const gypRebuild = (args) => spawnSync(process.platform === 'win32' ? 'node-gyp.cmd' : 'node-gyp',
                                          ['rebuild', ...args],
                                          {cwd: root, stdio: 'inherit', shell: process.platform === 'win32'});
  let gyp = gypRebuild([]);
  if (gyp.error == null && (gyp.status !== 0 || !loads())) {
    // The default build also uses V8's C++ API (output memory, binding.gyp); where this Node's V8
    // headers do not take it, the Node-API-only build still does.
    console.warn('tfjs-interpolate: building the native addon again without V8 output memory (Node-API only)');
    gyp = gypRebuild(['--v8_output_memory=0']);
  }
  if (gyp.error != null) {
    warn(`no prebuilt binary for ${target}, and node-gyp could not be started (${gyp.error.message})`);
  } else if (gyp.status !== 0) {
    warn(`no prebuilt binary for ${target}, and compiling it failed (node-gyp exited with ${gyp.status})`,
         '; its output is above');
  } else if (!loads()) {
    warn(`the compiled binary in build/Release does not load on ${target}`);
  }
}

main();
