// Builds dist/: CommonJS and ES module bundles (tf.js kept external) and .d.ts files.
import {execFileSync} from 'node:child_process';
import {rmSync} from 'node:fs';
import {createRequire} from 'node:module';

const require = createRequire(import.meta.url);
const esbuild = require('esbuild');

rmSync('dist', {recursive: true, force: true});
const common = {
  entryPoints: ['src/index.ts'],
  bundle: true,
  external: ['@tensorflow/*'],
  target: 'es2020',
  sourcemap: true,
  logLevel: 'warning',
};
await esbuild.build({...common, format: 'cjs', platform: 'node', outfile: 'dist/index.cjs'});
// Bundlers (webpack 5, Vite, Parcel) emit the module file this URL names; Node reads it from disk.
const wasmUrl = "var __TFJS_INTERPOLATE_WASM_URL__ = new URL('./tfjs-interpolate.wasm', import.meta.url).href;";
await esbuild.build({...common, format: 'esm', platform: 'neutral', outfile: 'dist/index.mjs', banner: {js: wasmUrl}});
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
             {stdio: 'inherit'});
