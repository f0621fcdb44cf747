/**
 * WebGL-only checks (jasmine in karma): worst error per mode against the PyTorch goldens,
 * packed/unpacked inputs, the texture-size limit and half-float textures. The shader-cache and
 * leak/compile checks are shared (test/specs/property_spec.ts), fed by {@link programCount}.
 */
import type * as tfc from '@tensorflow/tfjs-core';

import {PROGRAM_MARKER} from '../../src/kernels/webgl/programs';
import type {InterpolateOptions} from '../../src/ops/options';
import {assertClose} from '../util/compare';
import {GoldenCase, gradSeed, loadForwardGoldens, modeOf} from '../util/golden';
import {TOLERANCES} from '../specs/golden_spec';
import {checkIterations, checkWorstErrors, forwardError, gradError, Interp, isNearest, programsCompiledOnSizeChange, ramp, TF, Upload, variantOf} from './gpu_checks';

interface WebGLBackendView {
  binaryCache: Record<string, unknown>;
  texData: {get(dataId: object): {isPacked?: boolean}};
  uploadToGPU(dataId: object): void;
}

function glBackend(tf: TF): WebGLBackendView {
  return tf.backend() as unknown as WebGLBackendView;
}

function upload(tf: TF): Upload {
  return (t) => glBackend(tf).uploadToGPU(t.dataId);
}

/** Number of compiled programs (all of tf.js's, or only this package's). */
export function programCount(tf: TF, oursOnly: boolean): number {
  return Object.keys(glBackend(tf).binaryCache).filter((k) => !oursOnly || k.includes(PROGRAM_MARKER)).length;
}

/** Runs `f` on the cpu backend and returns its values (the reference for non-golden shapes). */
async function onCpu(tf: TF, f: () => tfc.Tensor): Promise<Float32Array|Int32Array> {
  await tf.setBackend('cpu');
  try {
    const t = f();
    const d = await t.data() as Float32Array|Int32Array;
    t.dispose();
    return d;
  } finally {
    await tf.setBackend('webgl');
  }
}

type Factory = () => tfc.KernelBackend;

/**
 * Every fixture twice (both layouts, forward and gradient) in one spec: over jasmine's 120 s on a
 * loaded machine, and a timed-out spec keeps running into the next ones (which it then fails).
 */
const WHOLE_SET_TIMEOUT_MS = 600_000;

/** Replaces the webgl backend by a fresh one created under `flags` (tf.js reads them at creation). */
async function recreateWebGL(tf: TF, flags: Record<string, boolean|number>): Promise<void> {
  const ctor = (tf as unknown as {MathBackendWebGL: new () => tfc.KernelBackend}).MathBackendWebGL;
  for (const [k, v] of Object.entries(flags)) tf.env().set(k, v);
  tf.removeBackend('webgl');
  tf.registerBackend('webgl', (() => new ctor()) as Factory, 2);
  await tf.setBackend('webgl');
}

/** Registers the WebGL-only suites. */
export function describeWebGLSuite(tf: TF, interpolate: Interp): void {
  const {cases} = loadForwardGoldens();

  describe('webgl kernels', () => {
    beforeAll(async () => {
      await tf.setBackend('webgl');
      await tf.ready();
    });

    it('worst relative error per mode vs PyTorch (nearest exact)', async () => {
      const {forwardTol, gradTol} = TOLERANCES.webgl;
      await checkWorstErrors(tf, interpolate, 'WebGL', forwardTol, gradTol);
    }, WHOLE_SET_TIMEOUT_MS);

    it('changing only sizes compiles no program (every rank, layout and mode; tf.js programs too)', async () => {
      const {warm, added} = await programsCompiledOnSizeChange(
          tf, interpolate, () => programCount(tf, false), upload(tf));
      console.log(`webgl: ${programCount(tf, true)} programs of tfjs-interpolate cached (${warm} compiled ` +
                  `in the first phase); ${added} compiled on a size change`);
      expect(added).toBe(0);
    });

    it('packed and unpacked inputs give the same results', async () => {
      const c = cases.find((k) => modeOf(k) === 'bilinear' && !k.options.alignCorners && k.grad != null) as GoldenCase;
      const flags = ['WEBGL_PACK', 'WEBGL_PACK_BINARY_OPERATIONS', 'WEBGL_LAZILY_UNPACK', 'WEBGL_CPU_FORWARD'];
      const saved = flags.map((f) => tf.env().getBool(f));
      try {
        for (const pack of [true, false]) {
          for (const f of flags) tf.env().set(f, pack);
          // No CPU forwarding: the multiplications below must run (packed or not) on the GPU.
          tf.env().set('WEBGL_CPU_FORWARD', false);
          const raw = tf.tensor(c.input, c.shape);
          const x = tf.mul(raw, tf.scalar(1));
          const packed = glBackend(tf).texData.get(x.dataId).isPacked === true;
          if (packed !== pack) throw new Error(`input packed=${packed}, wanted ${pack}`);
          const y = interpolate(x, c.options);
          assertClose(await y.data(), c.output, 1e-5, `${c.name} packed=${pack}`);
          const dy = tf.mul(tf.tensor(gradSeed(c.output.length), c.outShape), tf.scalar(1));
          const g = tf.grad((t: tfc.Tensor) => interpolate(t, c.options))(x, dy);
          assertClose(await g.data(), c.grad as Float32Array, 1e-4, `${c.name} grad packed=${pack}`);
          tf.dispose([raw, x, y, dy, g]);
        }
      } finally {
        flags.forEach((f, i) => tf.env().set(f, saved[i]));
      }
    });

    it('uses 2-D textures past one row, and throws naming WEBGL_MAX_TEXTURE_SIZE past the limit', async () => {
      const opts: InterpolateOptions = {mode: 'bilinear', size: [100, 90]};
      const shape = [1, 1, 40, 50];
      const want = await onCpu(tf, () => interpolate(tf.tensor(ramp(2000), shape), opts));
      const saved = tf.env().getNumber('WEBGL_MAX_TEXTURE_SIZE');
      tf.env().set('WEBGL_MAX_TEXTURE_SIZE', 128);
      try {
        const x = tf.tensor(ramp(2000), shape);
        const y = interpolate(x, opts);
        assertClose(await y.data(), want, 1e-5, 'output of 9000 elements with 128-texel rows');
        const big = tf.tensor(ramp(4000), [1, 2, 40, 50]);
        const before = tf.memory().numTensors;
        let message = '';
        try {
          interpolate(big, opts);
        } catch (e) {
          message = (e as Error).message;
        }
        if (!message.includes('WEBGL_MAX_TEXTURE_SIZE = 128')) throw new Error(`unexpected: "${message}"`);
        if (tf.memory().numTensors !== before) throw new Error('leak on the error path');
        tf.dispose([x, y, big]);
      } finally {
        tf.env().set('WEBGL_MAX_TEXTURE_SIZE', saved);
      }
    });

    describe('with WEBGL_FORCE_F16_TEXTURES', () => {
      const keys = ['WEBGL_FORCE_F16_TEXTURES', 'WEBGL_RENDER_FLOAT32_ENABLED', 'WEBGL_SIZE_UPLOAD_UNIFORM'];
      let saved: Record<string, boolean|number> = {};
      beforeAll(async () => {
        saved = Object.fromEntries(keys.map((k) => [k, tf.env().get(k) as boolean|number]));
        await recreateWebGL(tf, {WEBGL_FORCE_F16_TEXTURES: true, WEBGL_RENDER_FLOAT32_ENABLED: false, WEBGL_SIZE_UPLOAD_UNIFORM: 0});
      });
      afterAll(async () => {
        await recreateWebGL(tf, saved);
      });

      it('runs on half-float textures (values come back rounded to float16)', async () => {
        const x = tf.tensor([1 / 3, 2049], [1, 1, 2]);
        const y = interpolate(x, {mode: 'nearest', size: 2});
        const got = Array.from(await y.data());
        tf.dispose([x, y]);
        if (got[0] !== 0.333251953125 || got[1] !== 2048) throw new Error(`float32 storage? got ${got}`);
      });

      it('every mode within 1e-2 relative (forward and gradient)', async () => {
        let worst = 0;
        const seen = new Set<string>();
        for (const c of cases) {
          if (seen.has(variantOf(c) + c.shape.length)) continue;
          seen.add(variantOf(c) + c.shape.length);
          const fwd = isNearest(c) ? 0 : await forwardError(tf, interpolate, c, false);
          if (!(fwd <= 1e-2)) throw new Error(`${c.name}: f16 forward error ${fwd}`);
          worst = Math.max(worst, fwd);
          if (c.grad != null) {
            const g = await gradError(tf, interpolate, c, true);
            if (!(g <= 1e-2)) throw new Error(`${c.name}: f16 gradient error ${g}`);
            worst = Math.max(worst, g);
          }
        }
        console.log(`WEBGL_FORCE_F16_TEXTURES: worst relative error ${worst.toExponential(2)} over ${seen.size} cases`);
      });

      it('nearest picks exact pixels beyond index 2048 (index tables stay exact)', async () => {
        const n = 3001;
        const x = new Float32Array(n);
        for (let i = 0; i < n; i++) x[i] = i % 7;
        for (const mode of ['nearest', 'nearest-exact'] as const) {
          const opts: InterpolateOptions = {mode, size: 4567};
          const want = await onCpu(tf, () => interpolate(tf.tensor(x, [1, 1, n]), opts));
          const xt = tf.tensor(x, [1, 1, n]);
          const y = interpolate(xt, opts);
          assertClose(await y.data(), want, 0, `f16 ${mode}`);
          tf.dispose([xt, y]);
        }
      });
    });

    it('200 forward+backward iterations: flat tensors and GPU bytes, no compile after the first', async () => {
      await checkIterations(
          tf, interpolate, () => programCount(tf, false), upload(tf), [[2, 3, 17, 23], [1, 5, 19, 11]]);
    });
  });
}
