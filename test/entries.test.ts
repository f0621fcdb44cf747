/**
 * The built entries as an application sees them: the package is installed under another
 * directory's node_modules (dist/ and package.json copied, the compiled addon linked) next to only
 * `@tensorflow/tfjs-core`, the cpu backend and node-gyp-build, and each entry runs in a child
 * process whose working directory is elsewhere: a decoy checkout of this package with a broken
 * addon. The
 * addon must load from the installed package, from CommonJS and from the ES module, also where
 * Node lacks `process.getBuiltinModule` (Node 18 to 20.15); the main entry must work without
 * `@tensorflow/tfjs-layers`, and `tfjs-interpolate/layers` must share the main entry's op.
 */
import {execFileSync, spawnSync} from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');
const NODE_MODULES = path.join(ROOT, 'node_modules');

let app = '';
let cwd = '';

function link(name: string): void {
  const to = path.join(app, 'node_modules', name);
  fs.mkdirSync(path.dirname(to), {recursive: true});
  fs.symlinkSync(path.join(NODE_MODULES, name), to, 'dir');
}

beforeAll(() => {
  for (const f of ['dist/index.cjs', 'dist/index.mjs', 'dist/layers.cjs']) {
    if (!fs.existsSync(path.join(ROOT, f))) throw new Error(`${f} is missing: run npm run build`);
  }
  // Where node-gyp-build finds the addon: compiled (build/Release) or prebuilt (prebuilds/).
  const binaries = ['build/Release', 'prebuilds'].filter((d) => fs.existsSync(path.join(ROOT, d)));
  if (binaries.length === 0) throw new Error('no compiled or prebuilt addon: run npm install');
  app = fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-interpolate-app-'));
  const pkg = path.join(app, 'node_modules', 'tfjs-interpolate');
  fs.mkdirSync(pkg, {recursive: true});
  fs.cpSync(path.join(ROOT, 'dist'), path.join(pkg, 'dist'), {recursive: true});
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(pkg, 'package.json'));
  fs.mkdirSync(path.join(pkg, 'build'));
  for (const d of binaries) fs.symlinkSync(path.join(ROOT, d), path.join(pkg, d), 'dir');
  for (const dep of ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu', 'node-gyp-build']) link(dep);
  // The working directory looks like another checkout whose addon cannot load.
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-interpolate-decoy-'));
  fs.mkdirSync(path.join(cwd, 'build', 'Release'), {recursive: true});
  fs.mkdirSync(path.join(cwd, 'node_modules'));
  fs.symlinkSync(path.join(NODE_MODULES, 'node-gyp-build'), path.join(cwd, 'node_modules', 'node-gyp-build'), 'dir');
  fs.writeFileSync(path.join(cwd, 'package.json'), '{"name": "tfjs-interpolate"}');
  fs.writeFileSync(path.join(cwd, 'build', 'Release', 'tfjs_interpolate.node'), 'not a shared object');
});

afterAll(() => {
  for (const dir of [app, cwd]) if (dir !== '') fs.rmSync(dir, {recursive: true, force: true});
});

/** Runs `code` (CommonJS or ES module by `ext`) from the app and returns the JSON line it prints. */
function run(ext: 'cjs'|'mjs', code: string, nodeArgs: string[] = []): Record<string, unknown> {
  const file = path.join(app, `probe.${ext}`);
  fs.writeFileSync(file, code);
  const env = {...process.env};
  delete env.TFJS_INTERPOLATE_NATIVE;
  const out = execFileSync(process.execPath, [...nodeArgs, file], {cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
  const line = out.trim().split('\n').pop() as string;
  return JSON.parse(line) as Record<string, unknown>;
}

const PROBE = `
const x = tf.tensor4d([1, 2, 3, 4], [1, 1, 2, 2]);
const y = api.interpolate(x, {size: [3, 3], mode: 'bilinear'});
console.log(JSON.stringify({loaded: api.nativeAddonLoaded(), shape: y.shape, sum: tf.sum(y).dataSync()[0],
                            layers: (() => { try { require.resolve('@tensorflow/tfjs-layers'); return true; } catch { return false; } })()}));
`;

const EXPECTED = {loaded: true, shape: [1, 1, 3, 3], sum: 22.5, layers: false};

describe('built entries, installed in another directory', () => {
  it('CommonJS (require) loads the addon of the installed package, without tfjs-layers', () => {
    const code = `const tf = require('@tensorflow/tfjs-core'); require('@tensorflow/tfjs-backend-cpu');
const api = require('tfjs-interpolate');${PROBE}`;
    expect(run('cjs', code)).toEqual(EXPECTED);
  });

  const esm = `import {createRequire} from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as api from 'tfjs-interpolate';
const require = createRequire(import.meta.url);${PROBE}`;

  it('the ES module (import) loads the addon of the installed package, without tfjs-layers', () => {
    expect(run('mjs', esm)).toEqual(EXPECTED);
  });

  it('the ES module loads it without process.getBuiltinModule (as on Node 18 to 20.15)', () => {
    const hide = path.join(app, 'hide_builtin_module.cjs');
    fs.writeFileSync(hide, 'delete process.getBuiltinModule;');
    expect(run('mjs', `if (process.getBuiltinModule) throw new Error('still there');\n${esm}`, ['--require', hide]))
        .toEqual(EXPECTED);
  });

  it('tfjs-interpolate/layers needs tfjs-layers and names it', () => {
    const code = `let message = '';
try { require('tfjs-interpolate/layers'); } catch (e) { message = e.message; }
console.log(JSON.stringify({message: message.split('\\n')[0]}));`;
    expect(run('cjs', code).message).toContain("Cannot find module '@tensorflow/tfjs-layers'");
  });

  it('tfjs-interpolate/layers (require and import) runs on the main entry, loaded once', () => {
    link('@tensorflow/tfjs-layers');
    try {
      const apply = `const y = tf.tidy(() => tf.sum(layers.interpolateLayer({size: [4, 4]}).apply(tf.ones([1, 2, 2, 1]))).dataSync()[0]);`;
      const cjs = `const tf = require('@tensorflow/tfjs-core'); require('@tensorflow/tfjs-backend-cpu');
const layers = require('tfjs-interpolate/layers'); const main = require('tfjs-interpolate');\n${apply}
const files = Object.keys(require.cache).filter((k) => /node_modules.tfjs-interpolate.dist/.test(k)).map((k) => k.split(/[\\\\/]/).pop());
console.log(JSON.stringify({y, native: main.nativeAddonLoaded(), files: files.sort()}));`;
      expect(run('cjs', cjs)).toEqual({y: 16, native: true, files: ['index.cjs', 'layers.cjs']});
      const mjs = `import * as tf from '@tensorflow/tfjs-core'; import '@tensorflow/tfjs-backend-cpu';
import * as layers from 'tfjs-interpolate/layers'; import * as main from 'tfjs-interpolate';\n${apply}
console.log(JSON.stringify({y, native: main.nativeAddonLoaded(), registered: tf.getKernel('Interpolate', 'cpu') != null}));`;
      expect(run('mjs', mjs)).toEqual({y: 16, native: true, registered: true});
    } finally {
      fs.unlinkSync(path.join(app, 'node_modules', '@tensorflow', 'tfjs-layers'));
    }
  });
});

describe('declarations of the installed package', () => {
  it('type-check from ES modules and CommonJS under nodenext resolution (the shipped dist/types)', () => {
    link('@tensorflow/tfjs-layers');
    const dir = path.join(app, 'typed');
    try {
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'package.json'), '{"type": "module"}');
      const body = `const x: tf.Tensor4D = tf.zeros([1, 1, 2, 2]);
const y: tf.Tensor4D = x.interpolate({size: 4});
const z: tf.Tensor4D = api.interpolate(x, {size: 4, mode: 'bilinear'});
// @ts-expect-error: the chained form keeps the rank.
const w: tf.Tensor3D = x.interpolate({size: 4});
const l: tl.InterpolateLayer = tl.interpolateLayer({size: 2, mode: 'bicubic'});
export {y, z, w, l};`;
      fs.writeFileSync(path.join(dir, 'esm.ts'), `import * as tf from '@tensorflow/tfjs-core';
import * as api from 'tfjs-interpolate';
import * as tl from 'tfjs-interpolate/layers';
${body}`);
      fs.writeFileSync(path.join(dir, 'cjs.cts'), `import tf = require('@tensorflow/tfjs-core');
import api = require('tfjs-interpolate');
import tl = require('tfjs-interpolate/layers');
${body}`);
      const options: ts.CompilerOptions = {
        strict: true, noEmit: true, skipLibCheck: true, types: [], lib: ['lib.es2020.d.ts', 'lib.dom.d.ts'],
        module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
      };
      const program = ts.createProgram([path.join(dir, 'esm.ts'), path.join(dir, 'cjs.cts')], options);
      const messages = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      expect(messages).toEqual([]);
      // The ES module file really read the ESM declarations, the CommonJS one the CJS ones.
      const used = program.getSourceFiles().map((f) => f.fileName).filter((f) => f.includes('tfjs-interpolate/dist/types'));
      expect(used.some((f) => f.includes('/types/esm/index.d.ts'))).toBe(true);
      expect(used.some((f) => f.includes('/types/cjs/index.d.ts'))).toBe(true);
    } finally {
      fs.unlinkSync(path.join(app, 'node_modules', '@tensorflow', 'tfjs-layers'));
    }
  }, 60_000);
});

describe('without a binary that loads', () => {
  let bare = '';
  beforeAll(() => {
    bare = fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-interpolate-bare-'));
    const pkg = path.join(bare, 'node_modules', 'tfjs-interpolate');
    fs.mkdirSync(path.join(pkg, 'scripts'), {recursive: true});
    fs.cpSync(path.join(ROOT, 'dist'), path.join(pkg, 'dist'), {recursive: true});
    for (const f of ['package.json', 'scripts/install.cjs']) fs.copyFileSync(path.join(ROOT, f), path.join(pkg, f));
    for (const dep of ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu', 'node-gyp-build']) {
      fs.mkdirSync(path.dirname(path.join(bare, 'node_modules', dep)), {recursive: true});
      fs.symlinkSync(path.join(NODE_MODULES, dep), path.join(bare, 'node_modules', dep), 'dir');
    }
  });
  afterAll(() => {
    if (bare !== '') fs.rmSync(bare, {recursive: true, force: true});
  });

  it('the install step says why it built nothing and what to run; the first call repeats it', () => {
    // A PATH with node alone: no prebuild for this copy and no compiler, make or python.
    const bin = path.join(bare, 'bin');
    fs.mkdirSync(bin);
    fs.symlinkSync(process.execPath, path.join(bin, 'node'));
    const env: NodeJS.ProcessEnv = {...process.env, PATH: bin, CXX: ''};
    delete env.TFJS_INTERPOLATE_NATIVE;
    const pkg = path.join(bare, 'node_modules', 'tfjs-interpolate');
    const install = spawnSync(process.execPath, [path.join(pkg, 'scripts', 'install.cjs')], {cwd: pkg, env, encoding: 'utf8'});
    expect(install.status).toBe(0);
    expect(install.stderr).toContain('tfjs-interpolate: native addon not built: no prebuilt binary for ' +
                                     `${process.platform}-${process.arch}`);
    expect(install.stderr).toContain('compiling needs a C++17 compiler (g++ or clang++), make, python3');
    expect(install.stderr).toContain('run: npm rebuild tfjs-interpolate');
    const probe = path.join(bare, 'probe.cjs');
    fs.writeFileSync(probe, `const tf = require('@tensorflow/tfjs-core'); require('@tensorflow/tfjs-backend-cpu');
const api = require('tfjs-interpolate');
api.interpolate(tf.ones([1, 1, 2]), {size: 4});
console.log(JSON.stringify({loaded: api.nativeAddonLoaded()}));`);
    const run = spawnSync(process.execPath, [probe], {cwd: os.tmpdir(), env, encoding: 'utf8'});
    expect(JSON.parse(run.stdout.trim().split('\n').pop() as string)).toEqual({loaded: false});
    expect(run.stderr).toContain('tfjs-interpolate: native addon not loaded (No native build was found');
    expect(run.stderr).toContain('at install: no prebuilt binary');
    expect(run.stderr).toContain('run `npm rebuild tfjs-interpolate`');
  });
});
