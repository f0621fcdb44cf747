/**
 * `Interpolate` and `InterpolateGrad` for `@tensorflow/tfjs-node`'s `tensorflow` backend, duck-typed
 * (the package is not a dependency). TensorFlow has no op with PyTorch's semantics, so the kernels
 * read the tensor's data and run the shared CPU implementation (native addon when loaded), then hand
 * back a tensor on the same backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {Interpolate, InterpolateGrad} from '../../kernel_names';
import {ForwardKernelPlan, getInterpolatePlan} from '../../plan/plan';
import type {InterpolateAttrs} from '../../plan/types';
import {interpolateBackward} from '../cpu/backward_impl';
import {interpolateForward} from '../cpu/forward_impl';
import {asNumericArray} from '../cpu/interpolate_cpu';
import {nativeBackward, nativeForward} from '../cpu/native';

/** The part of tfjs-node's `NodeJSKernelBackend` the kernels use. */
export interface ReadSyncBackend {
  readSync(dataId: object): unknown;
}

type KernelArgs = Parameters<KernelFunc>[0];

/** Runs a {@link ForwardKernelPlan} on `x` read from `backend`; the result is a tensor on that backend. */
export function runForwardReadSync(backend: ReadSyncBackend, x: TensorInfo, plan: ForwardKernelPlan): tf.Tensor {
  const values = asNumericArray(backend.readSync(x.dataId), x.dtype);
  const out = nativeForward(plan, values) ?? interpolateForward(plan, values);
  return tf.tensor(out, plan.outShape.slice(), x.dtype === 'int32' ? 'int32' : 'float32');
}

function forward({inputs, backend, attrs}: KernelArgs): tf.Tensor {
  const x = inputs.x as TensorInfo;
  return runForwardReadSync(backend as ReadSyncBackend, x, getInterpolatePlan(x.shape, attrs as unknown as InterpolateAttrs));
}

function backward({inputs, backend, attrs}: KernelArgs): tf.Tensor {
  const {dy, x} = inputs as {dy: TensorInfo, x: TensorInfo};
  const plan = getInterpolatePlan(x.shape, attrs as unknown as InterpolateAttrs);
  const dyValues = asNumericArray((backend as ReadSyncBackend).readSync(dy.dataId), 'float32') as Float32Array;
  const dx = nativeBackward(plan, dyValues) ?? interpolateBackward(plan, dyValues);
  return tf.tensor(dx, plan.inShape.slice(), 'float32');
}

/** Forward kernel config for the `tensorflow` backend. */
export const interpolateTensorflowConfig: KernelConfig = {
  kernelName: Interpolate,
  backendName: 'tensorflow',
  kernelFunc: forward as unknown as KernelFunc,
};

/** Gradient kernel config for the `tensorflow` backend. */
export const interpolateGradTensorflowConfig: KernelConfig = {
  kernelName: InterpolateGrad,
  backendName: 'tensorflow',
  kernelFunc: backward as unknown as KernelFunc,
};
