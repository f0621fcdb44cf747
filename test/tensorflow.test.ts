/**
 * The `tensorflow` backend kernels (@tensorflow/tfjs-node). The real backend cannot be installed
 * where its install step cannot download libtensorflow, so its suite runs only where it loads; the
 * same kernel functions always run on a stand-in backend that, like tfjs-node's, is reached only
 * through `readSync` and returns tensors.
 */
import * as tf from '@tensorflow/tfjs';

import {interpolate} from '../src';
import {Interpolate, InterpolateGrad} from '../src/kernel_names';
import {interpolateGradTensorflowConfig, interpolateTensorflowConfig} from '../src/kernels/tensorflow/interpolate_tensorflow';
import {describeGoldenSuite} from './specs/golden_spec';

tf.env().set('IS_TEST', true);

function loadTfjsNode(): {tf: typeof tf|null, reason: string} {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return {tf: require('@tensorflow/tfjs-node') as typeof tf, reason: ''};
  } catch (e) {
    return {tf: null, reason: (e as Error).message.split('\n')[0]};
  }
}

const node = loadTfjsNode();
if (node.tf != null) {
  describeGoldenSuite({tf: node.tf, interpolate, backend: 'tensorflow', forwardTol: 0, gradTol: 0});
} else {
  // Reported as skipped, with the reason, rather than passing silently.
  // eslint-disable-next-line no-restricted-syntax
  describe.skip(`@tensorflow/tfjs-node backend: not installed here (${node.reason})`, () => {
    it('runs the golden suite on the tensorflow backend', () => undefined);
  });
}

// Stand-in: a cpu backend instance under another name, with every cpu kernel except ours, which
// are the tensorflow-backend kernel functions.
const SIM = 'tensorflow-standin';
tf.registerBackend(SIM, () => new (tf.findBackend('cpu')!.constructor as new () => tf.KernelBackend)(), 0);
tf.copyRegisteredKernels('cpu', SIM);
tf.unregisterKernel(Interpolate, SIM);
tf.unregisterKernel(InterpolateGrad, SIM);
tf.registerKernel({...interpolateTensorflowConfig, backendName: SIM});
tf.registerKernel({...interpolateGradTensorflowConfig, backendName: SIM});

describeGoldenSuite({tf, interpolate, backend: SIM, forwardTol: 0, gradTol: 0});
