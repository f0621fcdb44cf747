/**
 * Signed zeros against PyTorch (test/golden/signed_zero.json, from generate_signed_zero.py): the
 * double-accumulating linear kernels (one channel; 1x1 spatial inputs in channels-last memory) and
 * their float neighbours must give -0 exactly where PyTorch does, on the native addon and on the
 * JavaScript kernels.
 */
import * as fs from 'fs';
import * as path from 'path';

import * as tf from '@tensorflow/tfjs';

import {interpolate, nativeAddonLoaded} from '../src';
import {setNativeEnabled} from '../src/kernels/cpu/native';
import {toChannelsLast, toLastShape} from './util/golden';

interface SignedZeroCase {
  shape: number[];
  size: number[];
  mode: 'linear'|'bilinear'|'bicubic'|'trilinear';
  alignCorners: boolean;
  channelsLastMemory: boolean;
  inputNegative: number[];
  outputNegative: number[];
}

const {cases} = JSON.parse(fs.readFileSync(path.join(__dirname, 'golden/signed_zero.json'), 'utf8')) as
    {cases: SignedZeroCase[]};

function run(c: SignedZeroCase): {actual: Float32Array, expected: number[]} {
  const x = Float32Array.from(c.inputNegative, (s) => (s === 1 ? -0 : 0));
  const outShape = [c.shape[0], c.shape[1], ...c.size];
  const expectedNchw = Float32Array.from(c.outputNegative, (s) => (s === 1 ? -1 : 1));
  const last = c.channelsLastMemory;
  const input = last ? tf.tensor(toChannelsLast(x, c.shape), toLastShape(c.shape)) : tf.tensor(x, c.shape);
  const y = interpolate(input, {
    size: c.size, mode: c.mode, alignCorners: c.alignCorners, dataFormat: last ? 'channelsLast' : 'channelsFirst',
  });
  const actual = y.dataSync() as Float32Array;
  tf.dispose([input, y]);
  const expected = Array.from(last ? toChannelsLast(expectedNchw, outShape) : expectedNchw, (v) => (v < 0 ? 1 : 0));
  return {actual, expected};
}

for (const native of [true, false]) {
  describe(`signed zeros vs PyTorch (${native ? 'native addon' : 'JavaScript kernels'})`, () => {
    beforeAll(() => setNativeEnabled(native));
    afterAll(() => setNativeEnabled(true));

    it(native ? 'runs on the addon' : 'runs on the JavaScript kernels', () => {
      expect(nativeAddonLoaded()).toBe(native);
    });

    for (const c of cases) {
      const label = `[${c.shape}] -> [${c.size}] ${c.mode}${c.alignCorners ? ' alignCorners' : ''}` +
          `${c.channelsLastMemory ? ' channelsLast' : ''}`;
      it(label, () => {
        const {actual, expected} = run(c);
        expect(actual.length).toBe(expected.length);
        const signs = Array.from(actual, (v) => (Object.is(v, -0) ? 1 : 0));
        expect(Array.from(actual).every((v) => v === 0)).toBe(true);
        expect(signs).toEqual(expected);
      });
    }
  });
}
