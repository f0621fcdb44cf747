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

describe('native core robustness', () => {
  it('the addon is built and loaded', () => {
    expect(nativeAddonLoaded()).toBe(true);
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
