// Pack-time prebuilds (`prepack`, so `npm pack` and `npm publish` run it), with prebuildify, into
// prebuilds/<platform>-<arch>/, which node-gyp-build loads before it would compile anything:
// - a Node-API-only binary, named without an ABI tag: it loads on every Node version;
// - a binary that also recycles output memory through V8's C++ API (binding.gyp's
//   v8_output_memory), tagged with this Node's ABI: node-gyp-build prefers it on this Node version,
//   where large outputs then skip the page faults of fresh memory (docs/native.md).
import {execFileSync} from 'node:child_process';
import {copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {createRequire} from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const outDir = path.join(root, 'prebuilds', `${process.platform}-${process.arch}`);

/** npm puts its own node-gyp on PATH for scripts; outside npm, use the one next to npm. */
function nodeGyp() {
  const onPath = (process.env.PATH ?? '').split(path.delimiter)
      .map((d) => path.join(d, process.platform === 'win32' ? 'node-gyp.cmd' : 'node-gyp'))
      .find((f) => existsSync(f));
  if (onPath != null) return onPath;
  const npmCli = process.env.npm_execpath;
  const bundled = npmCli && path.join(path.dirname(npmCli), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  if (bundled && existsSync(bundled)) return bundled;
  throw new Error('node-gyp not found: run this through npm (npm pack / npm run prebuild)');
}

const prebuildify = path.join(path.dirname(require.resolve('prebuildify/package.json')), 'bin.js');

/** Builds one binary into outDir (alone there) and returns its file name. */
function build(v8OutputMemory) {
  rmSync(outDir, {recursive: true, force: true});
  execFileSync(process.execPath, [
    prebuildify, '--napi', '--strip', '--tag-libc', '--target', process.versions.node, '--node-gyp', nodeGyp(),
  ], {cwd: root, stdio: 'inherit', env: {...process.env, npm_config_v8_output_memory: v8OutputMemory ? '1' : '0'}});
  const built = readdirSync(outDir).filter((f) => f.endsWith('.node'));
  if (built.length !== 1) throw new Error(`expected one binary in ${outDir}, found: ${built.join(', ')}`);
  // Undefined V8 C++ symbols (mangled `v8::...`) survive stripping: they are what the loader binds.
  const linksV8 = readFileSync(path.join(outDir, built[0])).includes('_ZN2v8');
  if (linksV8 !== v8OutputMemory) {
    throw new Error(`${built[0]}: expected ${v8OutputMemory ? 'a' : 'no'} V8 C++ API link`);
  }
  return built[0];
}

rmSync(path.join(root, 'prebuilds'), {recursive: true, force: true});
const portable = build(false);
// Kept aside while the second build runs (node-gyp empties build/, prebuildify fills outDir).
const stash = mkdtempSync(path.join(tmpdir(), 'tfjs-interpolate-prebuild-'));
copyFileSync(path.join(outDir, portable), path.join(stash, portable));
const fast = build(true);
const tags = fast.replace(/\.node$/, '').split('.');
tags.splice(1, 0, `abi${process.versions.modules}`);
const fastName = `${tags.join('.')}.node`;
renameSync(path.join(outDir, fast), path.join(outDir, fastName));
copyFileSync(path.join(stash, portable), path.join(outDir, portable));
rmSync(stash, {recursive: true, force: true});
// prebuildify moved the binaries out of build/Release; the checkout keeps using the one this Node
// loads from there too.
mkdirSync(path.join(root, 'build', 'Release'), {recursive: true});
copyFileSync(path.join(outDir, fastName), path.join(root, 'build', 'Release', 'tfjs_interpolate.node'));
console.log(`prebuild: prebuilds/${process.platform}-${process.arch}/${portable} (Node-API only: loads on ` +
            `every Node version) and ${fastName} (recycles output memory through V8's C++ API: loads ` +
            `only on Node ABI ${process.versions.modules}, which prefers it)`);
