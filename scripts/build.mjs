// Builds dist/: CommonJS and ES module bundles (tf.js kept external) and .d.ts files, for the
// package (src/index.ts) and for the `./graph-model` entry (src/graph_model/index.ts).
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
await esbuild.build({...common, format: 'esm', platform: 'neutral', outfile: 'dist/index.mjs'});
const graphModel = {...common, entryPoints: ['src/graph_model/index.ts']};
await esbuild.build({...graphModel, format: 'cjs', platform: 'node', outfile: 'dist/graph_model.cjs'});
await esbuild.build({...graphModel, format: 'esm', platform: 'neutral', outfile: 'dist/graph_model.mjs'});
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
             {stdio: 'inherit'});
