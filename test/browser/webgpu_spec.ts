/**
 * WebGPU-only checks (jasmine in karma): worst error per mode against the PyTorch goldens, the
 * pipeline cache (sizes compile nothing new), the storage-buffer binding limit, and a
 * 200-iteration leak/compile check.
 */
import {PROGRAM_MARKER} from '../../src/kernels/webgpu/programs';
import type {InterpolateOptions} from '../../src/ops/options';
import {assertClose} from '../util/compare';
import {checkIterations, checkWorstErrors, Interp, programsCompiledOnSizeChange, ramp, TF, Upload} from './gpu_checks';
import {TOLERANCES} from '../specs/golden_spec';

interface WebGPUBackendView {
  pipelineCache: Record<string, unknown>;
  uploadToGPU(dataId: object): void;
  device: {limits: Record<string, number>};
}

function gpuBackend(tf: TF): WebGPUBackendView {
  return tf.backend() as unknown as WebGPUBackendView;
}

function upload(tf: TF): Upload {
  return (t) => gpuBackend(tf).uploadToGPU(t.dataId);
}

/** Number of pipelines in tf.js's cache (all of them, or only this package's). */
function pipelineCount(tf: TF, oursOnly: boolean): number {
  return Object.keys(gpuBackend(tf).pipelineCache).filter((k) => !oursOnly || k.startsWith(PROGRAM_MARKER)).length;
}

/** Registers the WebGPU-only suites. */
export function describeWebGPUSuite(tf: TF, interpolate: Interp): void {
  describe('webgpu kernels', () => {
    beforeAll(async () => {
      await tf.setBackend('webgpu');
      await tf.ready();
    });

    it('worst relative error per mode vs PyTorch (forward 2e-6, gradient 1e-5, nearest exact)', async () => {
      const {forwardTol, gradTol} = TOLERANCES.webgpu;
      await checkWorstErrors(tf, interpolate, 'WebGPU', forwardTol, gradTol);
    });

    it('changing only sizes creates no pipeline (every rank, layout and mode)', async () => {
      const {warm, added} = await programsCompiledOnSizeChange(
          tf, interpolate, () => pipelineCount(tf, false), upload(tf));
      console.log(`webgpu: ${pipelineCount(tf, true)} pipelines of tfjs-interpolate cached (${warm} created ` +
                  `in the first phase); ${added} created on a size change`);
      expect(added).toBe(0);
    });

    it('channel blocks (1, 3, 4 and 8 channels, both layouts, int32 storage too) match the cpu backend', async () => {
      const modes: InterpolateOptions[] = [
        {mode: 'bilinear', size: [9, 14]}, {mode: 'bicubic', size: [5, 11], alignCorners: true},
        {mode: 'nearest', size: [7, 13]}, {mode: 'nearest-exact', size: [3, 4]},
      ];
      for (const c of [1, 3, 4, 8]) {
        for (const dataFormat of ['channelsFirst', 'channelsLast'] as const) {
          const shape = dataFormat === 'channelsLast' ? [2, 6, 5, c] : [2, c, 6, 5];
          for (const opts of modes) {
            // 'cast': float32 cast from int32, which tf.js's webgpu backend keeps in the int32 buffer.
            for (const dtype of ['float32', 'int32', 'cast'] as const) {
              if (dtype === 'int32' && !opts.mode?.startsWith('nearest')) continue;
              const data = ramp(shape.reduce((a, b) => a * b, 1)).map((v) => dtype === 'float32' ? v : Math.round(v * 1e6));
              const input = () => dtype === 'cast' ? tf.cast(tf.tensor(data, shape, 'int32'), 'float32') :
                                                     tf.tensor(data, shape, dtype);
              const run = () => interpolate(input(), {...opts, dataFormat});
              await tf.setBackend('cpu');
              const want = await tf.tidy(run).data();
              await tf.setBackend('webgpu');
              const y = tf.tidy(run);
              const label = `${opts.mode} ${dataFormat} C=${c} ${dtype}`;
              assertClose(await y.data(), want, opts.mode?.startsWith('nearest') ? 0 : 2e-6, label);
              y.dispose();
            }
          }
        }
      }
    });

    it('throws naming maxStorageBufferBindingSize past the limit, and leaks nothing', async () => {
      const backend = gpuBackend(tf);
      const device = backend.device;
      const opts: InterpolateOptions = {mode: 'bilinear', size: [64, 64]};
      const x = tf.tensor(ramp(4 * 32 * 32), [1, 4, 32, 32]);
      const first = interpolate(x, opts);
      const want = await first.data();
      first.dispose();
      const before = tf.memory().numTensors;
      let message = '';
      // 64 KiB bindings: the 16 KiB input fits, the 64 KiB output does not.
      backend.device = {limits: {...limitsOf(device), maxStorageBufferBindingSize: 65535}};
      try {
        interpolate(x, opts);
      } catch (e) {
        message = (e as Error).message;
      } finally {
        backend.device = device;
      }
      if (!message.includes('maxStorageBufferBindingSize = 65535')) throw new Error(`unexpected: "${message}"`);
      if (tf.memory().numTensors !== before) throw new Error('leak on the error path');
      const y = interpolate(x, opts);
      assertClose(await y.data(), want, 0, 'after the error');
      tf.dispose([x, y]);
    });

    it('200 forward+backward iterations: flat tensors and GPU bytes, no pipeline after the first', async () => {
      await checkIterations(
          tf, interpolate, () => pipelineCount(tf, false), upload(tf), [[2, 3, 17, 23], [1, 5, 19, 11]]);
    });
  });
}

/** A plain copy of a `GPUSupportedLimits` (its fields are getters on the prototype). */
function limitsOf(device: {limits: Record<string, number>}): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of ['maxStorageBufferBindingSize', 'maxComputeWorkgroupsPerDimension']) out[k] = device.limits[k];
  return out;
}
