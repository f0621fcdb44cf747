// Builds dist/ for Node and bundlers (tf.js kept external; the browser script-tag bundle is
// scripts/build_browser.mjs):
//   index.cjs           CommonJS, Node: loads the native addon with its own require/__dirname
//   index.mjs           ES module, Node: loads it with createRequire(import.meta.url)
//   index.browser.mjs   ES module for browser bundlers: no Node loader, JavaScript kernels only
//   layers.cjs/.mjs     the tf.layers `Interpolate` layer (tfjs-interpolate/layers); the op comes
//                       from the package's main entry, so both share one registration
//   graph_model.*       the tfjs-converter ops (tfjs-interpolate/graph-model), in the same three
//                       forms as index.*
//   types/cjs/          declarations for require (CommonJS, like the package's "type")
//   types/esm/          the same declarations as ES modules (explicit .js specifiers)
import {execFileSync} from 'node:child_process';
import {cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const esbuild = require('esbuild');

rmSync('dist', {recursive: true, force: true});

/** Replaces src/kernels/cpu/node_require.ts by `contents` (the per-build module loader). */
function nodeRequireAs(contents) {
  return {
    name: 'node-require',
    setup(build) {
      build.onResolve({filter: /\/node_require$/}, () => ({path: 'node_require', namespace: 'node-require'}));
      build.onLoad({filter: /.*/, namespace: 'node-require'}, () => ({contents, loader: 'js'}));
    },
  };
}

const ESM_NODE_REQUIRE = `
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';
import {dirname} from 'node:path';
export function nodeRequire() {
  return {require: createRequire(import.meta.url), dir: dirname(fileURLToPath(import.meta.url))};
}`;
const NO_NODE_REQUIRE = 'export function nodeRequire() { return null; }';

/** In the layers entry, the op (and with it every registration) is the package's main entry. */
const opFromPackage = {
  name: 'op-from-package',
  setup(build) {
    build.onResolve({filter: /^\.\.\/ops\/interpolate$/}, () => ({path: 'tfjs-interpolate', external: true}));
  },
};

const common = {
  bundle: true,
  external: ['@tensorflow/*'],
  target: 'es2020',
  sourcemap: true,
  logLevel: 'warning',
};
const main = {...common, entryPoints: ['src/index.ts']};
const graphModel = {...common, entryPoints: ['src/graph_model/index.ts']};
const layers = {...common, entryPoints: ['src/layers/index.ts'], plugins: [opFromPackage]};
// Bundlers (webpack 5, Vite, Parcel) emit the module file this URL names; Node reads it from disk.
const wasmUrl = "var __TFJS_INTERPOLATE_WASM_URL__ = new URL('./tfjs-interpolate.wasm', import.meta.url).href;";
/** The CommonJS, Node ES module and browser ES module builds of one entry. */
function threeForms(entry, name) {
  return [
    esbuild.build({...entry, format: 'cjs', platform: 'node', outfile: `dist/${name}.cjs`}),
    esbuild.build({...entry, format: 'esm', platform: 'node', outfile: `dist/${name}.mjs`,
                   banner: {js: wasmUrl}, plugins: [nodeRequireAs(ESM_NODE_REQUIRE)]}),
    esbuild.build({...entry, format: 'esm', platform: 'neutral', outfile: `dist/${name}.browser.mjs`,
                   banner: {js: wasmUrl}, plugins: [nodeRequireAs(NO_NODE_REQUIRE)]}),
  ];
}
await Promise.all([
  ...threeForms(main, 'index'),
  ...threeForms(graphModel, 'graph_model'),
  esbuild.build({...layers, format: 'cjs', platform: 'node', outfile: 'dist/layers.cjs'}),
  esbuild.build({...layers, format: 'esm', platform: 'neutral', outfile: 'dist/layers.mjs'}),
]);

execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
             {stdio: 'inherit'});

/**
 * dist/types/esm: the CommonJS declarations re-marked as ES modules. Under Node's ESM rules every
 * relative specifier names its file, so `'./x'` becomes `'./x.js'` (or `'./x/index.js'`), and
 * tf.js's deep `dist/tensor` (the augmented module) gets its extension too.
 */
const cjsTypes = 'dist/types/cjs';
const esmTypes = 'dist/types/esm';
cpSync(cjsTypes, esmTypes, {recursive: true});
writeFileSync(path.join(esmTypes, 'package.json'), '{"type": "module"}\n');
function withExtension(file, spec) {
  if (spec.startsWith('.')) {
    const target = path.resolve(path.dirname(file), spec);
    if (existsSync(`${target}.d.ts`)) return `${spec}.js`;
    if (existsSync(path.join(target, 'index.d.ts'))) return `${spec}/index.js`;
    throw new Error(`${file}: cannot resolve ${spec}`);
  }
  return spec.startsWith('@tensorflow/tfjs-core/dist/') ? `${spec}.js` : spec;
}
function rewrite(dir) {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) {
      rewrite(file);
    } else if (name.endsWith('.d.ts')) {
      const text = readFileSync(file, 'utf8').replace(
          /((?:from|import|module)\s*\(?\s*)(['"])([^'"]+)\2/g,
          (_, lead, quote, spec) => `${lead}${quote}${withExtension(file, spec)}${quote}`);
      writeFileSync(file, text);
    }
  }
}
rewrite(esmTypes);
