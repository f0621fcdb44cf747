// Browser builds (esbuild):
//   dist/tfjs-interpolate.min.js  IIFE for <script> use after @tensorflow/tfjs's tf.min.js: every
//       tf.js import resolves to the page's global `tf`; registers every kernel and gradient, sets
//       tf.interpolate / tf.upsample / tf.upsampleNearest / tf.upsampleBilinear and the global
//       `tfInterpolate` (the whole package API); when the page's tf has `registerOp` (tf.min.js
//       includes tfjs-converter), also registers the graph-model ops (see src/graph_model/).
//   build/karma/specs.js          (with --tests) the karma entry test/browser/karma_entry.ts, tf.js
//       again taken from the global `tf`, the golden fixtures inlined.
// Bundlers use dist/index.mjs from scripts/build.mjs (tf.js external).
import {mkdirSync} from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const esbuild = require('esbuild');
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/** Every tf.js package (the union and its parts) resolves to the page's global `tf`. */
const globalTf = {
  name: 'global-tf',
  setup(build) {
    build.onResolve({filter: /^@tensorflow\/tfjs(-core|-layers|-backend-cpu|-backend-webgl|-converter)?(\/.*)?$/},
                    (args) => ({path: args.path, namespace: 'global-tf'}));
    build.onLoad({filter: /.*/, namespace: 'global-tf'}, () => ({
      contents: 'if (globalThis.tf == null) throw new Error("tfjs-interpolate: load @tensorflow/tfjs ' +
          '(tf.min.js) before this script");\nmodule.exports = globalThis.tf;',
      loader: 'js',
    }));
  },
};

const common = {
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  logLevel: 'warning',
  absWorkingDir: root,
};

const attach = `
import * as api from './src/index';
import * as graphModelApi from './src/graph_model/api';
import {registerGraphModelOps} from './src/graph_model/register_ops';
const tf = globalThis.tf;
for (const name of ['interpolate', 'upsample', 'upsampleNearest', 'upsampleBilinear']) {
  // tf.min.js's UMD namespace is a plain, extensible object; define the property explicitly so a
  // non-writable existing slot (a future tf.js with its own op of that name) is left alone.
  const d = Object.getOwnPropertyDescriptor(tf, name);
  if (d == null) {
    Object.defineProperty(tf, name, {value: api[name], enumerable: true, configurable: true, writable: true});
  } else if (d.writable || d.set != null) {
    tf[name] = api[name];
  } else if (tf[name] !== api[name]) {
    console.warn('tfjs-interpolate: tf.' + name + ' exists and is read-only; use tfInterpolate.' + name);
  }
}
globalThis.tfInterpolate = {...api, ...graphModelApi};
if (typeof tf.registerOp === 'function') registerGraphModelOps(tf.registerOp);
`;

await esbuild.build({
  ...common,
  stdin: {contents: attach, resolveDir: root, sourcefile: 'browser_entry.js', loader: 'js'},
  plugins: [globalTf],
  minify: true,
  sourcemap: true,
  legalComments: 'none',
  outfile: path.join(root, 'dist/tfjs-interpolate.min.js'),
});

if (process.argv.includes('--tests')) {
  mkdirSync(path.join(root, 'build/karma'), {recursive: true});
  /** test/util/golden_source.ts (Node's fs) -> test/browser/golden_source.ts (inlined JSON). */
  const goldenSource = {
    name: 'golden-source',
    setup(build) {
      build.onResolve({filter: /\/golden_source$/}, (args) => {
        if (!args.importer.includes(`${path.sep}test${path.sep}util${path.sep}`)) return undefined;
        return {path: path.join(root, 'test/browser/golden_source.ts')};
      });
    },
  };
  /** The specs use the package from the IIFE bundle above (global `tfInterpolate`). */
  const globalApi = {
    name: 'global-api',
    setup(build) {
      build.onResolve({filter: /^(\.\.\/)+src(\/index)?$/}, (args) => ({path: args.path, namespace: 'global-api'}));
      build.onLoad({filter: /.*/, namespace: 'global-api'}, () => ({
        contents: 'module.exports = globalThis.tfInterpolate;',
        loader: 'js',
      }));
    },
  };
  await esbuild.build({
    ...common,
    entryPoints: [path.join(root, 'test/browser/karma_entry.ts')],
    plugins: [globalTf, globalApi, goldenSource],
    inject: [path.join(root, 'test/browser/golden_inject.mjs')],
    sourcemap: 'inline',
    sourcesContent: false,
    outfile: path.join(root, 'build/karma/specs.js'),
  });
}
