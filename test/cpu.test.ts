import * as tf from '@tensorflow/tfjs';

import {interpolate} from '../src';
import {describeGoldenSuite} from './specs/golden_spec';

tf.env().set('IS_TEST', true);

describeGoldenSuite({tf, interpolate, backend: 'cpu', forwardTol: 0, gradTol: 0});
