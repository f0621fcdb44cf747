/**
 * Robustness of the native core: allocation failures on pool threads become JS errors (the
 * process lives on), memory stays bounded in synchronous loops over many plans, cached gradient
 * tables stay within their byte budget, and per-thread scratch follows the threads that run (the
 * addon's argument handling is tested in native_fuzz.test.ts). Memory figures come from child
 * processes (test/util/native_probe.cjs) on the built package: `npm run build` first (npm test
 * does). Fails when the addon is not built: CI builds it.
 */
import {spawnSync} from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import {nativeAddonLoaded} from '../src/kernels/cpu/native';

const ROOT = path.resolve(__dirname, '..');
const PROBE = path.join(__dirname, 'util/native_probe.cjs');

/** Runs one probe scenario in a fresh Node process; returns its JSON result. */
function probe(scenario: string, env: Record<string, string> = {}): Record<string, unknown> {
  if (!fs.existsSync(path.join(ROOT, 'dist/index.cjs'))) throw new Error('dist/ is missing: run `npm run build`');
  const r = spawnSync(process.execPath, ['--expose-gc', PROBE, scenario], {
    cwd: ROOT, env: {...process.env, ...env}, encoding: 'utf8', timeout: 240_000,
  });
  if (r.status !== 0) throw new Error(`probe ${scenario} exited with ${r.status} ${r.signal ?? ''}: ${r.stderr}`);
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
}

const TIMEOUT = 300_000;

/** The addon binary node-gyp-build loads for the package. */
function addonFile(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('node-gyp-build') as {path(dir: string): string}).path(ROOT);
}

describe('native core robustness', () => {
  it('the addon is built and loaded', () => {
    expect(nativeAddonLoaded()).toBe(true);
  });

  // Two versions of the package in one dependency tree load two copies of the addon into one
  // process: they must not bind each other's pool and scratch, as exported (for GCC: unique)
  // symbols of function-local statics would make the dynamic linker do.
  const itLinux = process.platform === 'linux' && spawnSync('nm', ['--version']).status === 0 ? it : it.skip;
  itLinux('the addon exports no symbols of its own but the Node-API entry points', () => {
    const r = spawnSync('nm', ['-D', '--defined-only', addonFile()], {encoding: 'utf8'});
    expect(r.status).toBe(0);
    const ours = r.stdout.split('\n').filter((l) => /tfjs_interpolate/.test(l));
    expect(ours).toEqual([]);
    expect(r.stdout).toMatch(/napi_register_module_v1/);
  });

  it('a second copy of the addon in the process runs beside the first', () => {
    const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tfi-')), 'copy.node');
    fs.copyFileSync(addonFile(), copy);
    const r = spawnSync(process.execPath, [PROBE, 'two-copies', copy], {cwd: ROOT, encoding: 'utf8', timeout: 60_000});
    fs.rmSync(path.dirname(copy), {recursive: true, force: true});
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').pop() as string) as {same: boolean, calls: number};
    expect(out.same).toBe(true);
    expect(out.calls).toBe(40);
  });

  it('allocation failures on pool threads throw JS errors; the process lives on', () => {
    const r = probe('alloc-failure', {TFJS_INTERPOLATE_THREADS: '4'});
    expect(r.native).toBe(true);
    expect(r.threads).toBe(4);
    expect(r.threw).toBeGreaterThan(0);
    for (const m of r.messages as string[]) expect(m).toMatch(/tfjs-interpolate native: out of memory/);
    expect(r.exact).toBe(true);  // later calls still compute the same bits
  }, TIMEOUT);

  it('8,000 synchronous calls over changing shapes stay within 2x the JS kernels\' memory', () => {
    const native = probe('sync-loop');
    const js = probe('sync-loop', {TFJS_INTERPOLATE_NATIVE: '0', PROBE_CALLS: '500'});
    expect(native.native).toBe(true);
    expect(js.native).toBe(false);
    expect(native.rssMiB as number).toBeLessThan(2 * (js.rssMiB as number));
  }, TIMEOUT);

  it('six cached antialias-gradient plans of a 1024x1024 image keep at most 400 MiB', () => {
    const r = probe('aa-grad-cache');
    expect(r.native).toBe(true);
    expect(r.tableMiB as number).toBeLessThanOrEqual(256);
    expect(r.keptMiB as number).toBeLessThan(400);
  }, TIMEOUT);

  it('a 16-thread pool needs at most 2x the 2-thread peak for area 4096x4096 -> 2x2', () => {
    const two = probe('area-peak', {TFJS_INTERPOLATE_THREADS: '2'});
    const sixteen = probe('area-peak', {TFJS_INTERPOLATE_THREADS: '16'});
    expect(sixteen.peakMiB as number).toBeLessThan(2 * (two.peakMiB as number));
  }, TIMEOUT);
});
