// Pack-time prebuild (`prepack`, so `npm pack` and `npm publish` run it): compiles the addon with
// prebuildify into prebuilds/<platform>-<arch>/, which node-gyp-build loads before it would compile
// anything. A Node-API-only binary is named without an ABI tag (node-gyp-build loads it on every
// Node version); one that also links V8's C++ API is tagged with this Node's ABI, so that other
// Node versions compile their own instead of loading a binary that does not fit them.
import {execFileSync} from 'node:child_process';
import {copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync} from 'node:fs';
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

rmSync(path.join(root, 'prebuilds'), {recursive: true, force: true});
const prebuildify = path.join(path.dirname(require.resolve('prebuildify/package.json')), 'bin.js');
execFileSync(process.execPath, [
  prebuildify, '--napi', '--strip', '--tag-libc', '--target', process.versions.node, '--node-gyp', nodeGyp(),
], {cwd: root, stdio: 'inherit'});

const built = readdirSync(outDir).filter((f) => f.endsWith('.node'));
if (built.length !== 1) throw new Error(`expected one binary in ${outDir}, found: ${built.join(', ')}`);
const file = path.join(outDir, built[0]);
// Undefined V8 C++ symbols (mangled `v8::...`) survive stripping: they are what the loader binds.
const linksV8 = readFileSync(file).includes('_ZN2v8');
if (linksV8) {
  const tagged = built[0].replace(/\.node$/, '').split('.');
  tagged.splice(1, 0, `abi${process.versions.modules}`);
  renameSync(file, path.join(outDir, `${tagged.join('.')}.node`));
}
const shipped = readdirSync(outDir).find((f) => f.endsWith('.node'));
// prebuildify moved the binary out of build/Release; the checkout keeps using it from there too.
mkdirSync(path.join(root, 'build', 'Release'), {recursive: true});
copyFileSync(path.join(outDir, shipped), path.join(root, 'build', 'Release', 'tfjs_interpolate.node'));
console.log(`prebuild: prebuilds/${process.platform}-${process.arch}/${shipped} (` +
            (linksV8 ? `uses V8's C++ API: loads only on Node ABI ${process.versions.modules})` :
                       'Node-API only: loads on every Node version)'));
