/**
 * The `Interpolate` / `InterpolateGrad` kernel pair of a backend that runs the plan's pass schedule
 * (webgl, webgpu): plan lookup, dtype rules and the gradient's copy shortcut live here once; the
 * backend supplies how a schedule runs.
 */
import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {Interpolate, InterpolateGrad} from '../kernel_names';
import {getInterpolatePlan} from '../plan/plan';
import {backwardSchedule, forwardSchedule, Schedule} from '../plan/schedule';
import type {InterpolateAttrs} from '../plan/types';

/** Dtypes the kernels produce: float32, or int32 for the nearest modes. */
export type DType = 'float32'|'int32';

/**
 * Runs `schedule` on `x` and returns a tensor of `outShape` and `dtype`. `fixed`: the tables' tap
 * counts are fixed by the mode (nearest, linear, bicubic: 1, 2 or 4, all used).
 */
export type ScheduleRunner<B> =
    (backend: B, x: TensorInfo, schedule: Schedule, outShape: number[], dtype: DType, fixed: boolean) => TensorInfo;

type KernelArgs = Parameters<KernelFunc>[0];

/**
 * Forward and gradient kernel configs for `backendName`.
 * @example
 * const [forward, grad] = scheduleKernels('webgpu', runSchedule);
 */
export function scheduleKernels<B extends {incRef(dataId: object): void}>(
    backendName: string, run: ScheduleRunner<B>): [KernelConfig, KernelConfig] {
  const forward = ({inputs, backend, attrs}: KernelArgs): TensorInfo => {
    const x = inputs.x as TensorInfo;
    const plan = getInterpolatePlan(x.shape, attrs as unknown as InterpolateAttrs);
    const nearest = plan.forward.method === 'gather';
    if (!nearest && x.dtype !== 'float32') {
      throw new Error(`interpolate: mode '${plan.attrs.mode}' needs float32 data`);
    }
    const fixed = plan.attrs.mode !== 'area' && !plan.attrs.antialias;
    return run(backend as unknown as B, x, forwardSchedule(plan), plan.outShape.slice(),
               nearest ? x.dtype as DType : 'float32', fixed);
  };
  const backward = ({inputs, backend, attrs}: KernelArgs): TensorInfo => {
    const {dy, x} = inputs as {dy: TensorInfo, x: TensorInfo};
    const plan = getInterpolatePlan(x.shape, attrs as unknown as InterpolateAttrs);
    if (plan.backward.method === 'copy') {
      // Same sizes (bicubic): dx = dy, shared like tf.js's Identity kernel.
      (backend as unknown as B).incRef(dy.dataId);
      return {dataId: dy.dataId, shape: plan.inShape.slice(), dtype: 'float32'};
    }
    return run(backend as unknown as B, dy, backwardSchedule(plan), plan.inShape.slice(), 'float32', false);
  };
  return [
    {kernelName: Interpolate, backendName, kernelFunc: forward as unknown as KernelFunc},
    {kernelName: InterpolateGrad, backendName, kernelFunc: backward as unknown as KernelFunc},
  ];
}
