import * as tf from '@tensorflow/tfjs';

import {interpolate, upsample, upsampleBilinear, upsampleNearest} from '../src';

tf.env().set('IS_TEST', true);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}

describe('option checking', () => {
  const x = tf.zeros([1, 2, 4, 4]);
  afterAll(() => x.dispose());

  it('rejects unknown option names, lists the valid ones and suggests the camelCase name', () => {
    const m = messageOf(() => interpolate(x, {scale_factor: 2} as never));
    expect(m).toContain("unknown option 'scale_factor' (did you mean 'scaleFactor'?)");
    expect(m).toContain('size, scaleFactor, mode, alignCorners, recomputeScaleFactor, antialias, dataFormat');
    expect(messageOf(() => interpolate(x, {size: 2, align_corners: true} as never)))
        .toContain("(did you mean 'alignCorners'?)");
    expect(messageOf(() => interpolate(x, {size: 2, bogus: 1} as never))).toContain("unknown option 'bogus'.");
  });

  it('suggests the option a typo or a PyTorch spelling stands for', () => {
    expect(messageOf(() => interpolate(x, {size: 2, mode: 'bilinear', antialais: true} as never)))
        .toContain("unknown option 'antialais' (did you mean 'antialias'?)");
    expect(messageOf(() => interpolate(x, {size: 2, data_format: 'channelsLast'} as never)))
        .toContain("unknown option 'data_format' (did you mean 'dataFormat'?)");
    expect(messageOf(() => interpolate(x, {size: 2, recompute_scale_factor: true} as never)))
        .toContain("(did you mean 'recomputeScaleFactor'?)");
  });

  it('names an unknown mode with a suggestion and the list, before any rank message', () => {
    const modes = 'Valid modes are: nearest, linear, bilinear, bicubic, trilinear, area, nearest-exact.';
    const cases: Array<[unknown, string]> = [
      ['cubic', "unknown mode 'cubic' (did you mean 'bicubic'?). "],
      ['BILINEAR', "unknown mode 'BILINEAR' (did you mean 'bilinear'?). "],
      ['nearest_exact', "unknown mode 'nearest_exact' (did you mean 'nearest-exact'?). "],
      ['lanczos', "unknown mode 'lanczos'. "],
      [3, 'unknown mode 3. '],
    ];
    for (const [mode, want] of cases) {
      expect(messageOf(() => interpolate(x, {size: 2, mode} as never))).toBe(`interpolate: ${want}${modes}`);
    }
    const flat = tf.zeros([2, 4]);
    expect(messageOf(() => interpolate(flat, {size: 2, mode: 'cubic'} as never))).toContain("unknown mode 'cubic'");
    expect(messageOf(() => interpolate(flat, {size: 2}))).toContain('Only 3D, 4D and 5D input Tensors supported (got 2D)');
    flat.dispose();
  });

  it('rejects mode null as PyTorch rejects mode=None; a missing mode is nearest', () => {
    expect(messageOf(() => interpolate(x, {size: 2, mode: null} as never)))
        .toContain('unknown mode null (PyTorch rejects mode=None; leave mode out for the default, nearest)');
    const y = interpolate(x, {size: 2, mode: undefined});
    expect(y.shape).toEqual([1, 2, 2, 2]);
    y.dispose();
  });

  it('describes a tensor passed as size or scaleFactor by dtype and shape, not by its fields', () => {
    const t = tf.tensor1d([8, 8], 'int32');
    const m = messageOf(() => interpolate(x, {size: t} as never));
    expect(m).toBe('interpolate: size must be a number or an array of numbers, got a tensor (int32, shape [2])');
    expect(messageOf(() => interpolate(x, {scaleFactor: [t, 2]} as never)))
        .toContain('got [a tensor (int32, shape [2]), 2]');
    expect(messageOf(() => interpolate(x, {size: 2, mode: 'bilinear', antialias: t} as never)))
        .toContain('antialias must be a boolean, got a tensor (int32, shape [2])');
    t.dispose();
  });

  it('refuses huge outputs before allocating, naming the option, the shape and the bytes', () => {
    const small = tf.zeros([1, 1, 2, 2]);
    const before = tf.memory();
    expect(messageOf(() => interpolate(small, {size: [65536, 65536]}))).toBe(
        'interpolate: size [65536, 65536] on spatial size [2, 2] asks for an output of shape ' +
        '[1, 1, 65536, 65536]: 4294967296 elements, 17179869184 bytes; the limit is 2147483647 ' +
        'elements (8589934588 bytes) per tensor');
    expect(messageOf(() => interpolate(small, {scaleFactor: 1e200, mode: 'bilinear'}))).toContain(
        'scaleFactor 1e+200 on spatial size [2, 2] asks for an output of shape [1, 1, 2.000e+200, 2.000e+200]: ' +
        'Infinity elements');
    const last = tf.zeros([1, 2, 2, 3]);
    expect(messageOf(() => interpolate(last, {scaleFactor: [30000, 20000], dataFormat: 'channelsLast'})))
        .toContain('asks for an output of shape [1, 60000, 40000, 3]: 7200000000 elements, 28800000000 bytes');
    expect(tf.memory().numBytes).toBe(before.numBytes + last.size * 4);
    // The limit is on elements and on each axis: an empty batch may have long axes, up to the limit.
    const empty = tf.zeros([0, 1, 2, 2]);
    const e = interpolate(empty, {size: [65536, 65536]});
    expect(e.shape).toEqual([0, 1, 65536, 65536]);
    expect(messageOf(() => interpolate(empty, {size: [2 ** 31, 1]})))
        .toContain('asks for an output of shape [0, 1, 2147483648, 1]: 0 elements, 0 bytes');
    tf.dispose([small, last, empty, e]);
  });

  it('rejects wrongly typed values with the argument name', () => {
    expect(messageOf(() => interpolate(x, {size: '2'} as never))).toContain('size must be a number');
    expect(messageOf(() => interpolate(x, {scaleFactor: [2, '2']} as never))).toContain('scaleFactor must be a number');
    expect(messageOf(() => interpolate(x, {size: 2, mode: 'bilinear', alignCorners: 1} as never)))
        .toContain('alignCorners must be a boolean');
    expect(messageOf(() => interpolate(x, {size: 2, dataFormat: 'NHWC'} as never))).toContain('dataFormat must be');
    expect(messageOf(() => interpolate(x, null as never))).toContain('options must be an object');
  });

  it('names the layout in the spatial-dimension message', () => {
    expect(messageOf(() => interpolate(x, {size: [2], dataFormat: 'channelsLast'})))
        .toContain('(N, d1, d2, ...,dK, C)');
  });

  it('rejects dtypes a mode does not support', () => {
    const i = tf.zeros([1, 1, 4], 'int32');
    const b = tf.zeros([1, 1, 4], 'bool');
    expect(messageOf(() => interpolate(i, {size: 8, mode: 'linear'})))
        .toContain("mode 'linear' needs float32 input, got int32");
    expect(messageOf(() => interpolate(b, {size: 8}))).toContain("mode 'nearest' needs float32 input or int32, got bool");
    tf.dispose([i, b]);
  });

  it('leaks no tensor when converting array input and then failing', () => {
    const before = tf.memory().numTensors;
    expect(messageOf(() => interpolate([[[1, 2, 3]]], {size: 0}))).toContain('greater than 0');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('accepts nested arrays and returns an empty tensor for batch 0', () => {
    const y = interpolate([[[1, 2, 3], [4, 5, 6]]], {size: 6});
    expect(Array.from(y.dataSync())).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]);
    const e = interpolate(tf.zeros([0, 3, 4, 4]), {scaleFactor: 2.5, mode: 'bicubic'});
    expect(e.shape).toEqual([0, 3, 10, 10]);
    tf.dispose([y, e]);
  });
});

describe('wrappers', () => {
  const x = tf.tensor4d([1, 2, 3, 4, 5, 6], [1, 1, 2, 3]);
  afterAll(() => x.dispose());

  it('upsample is interpolate', () => {
    const a = upsample(x, {scaleFactor: 2, mode: 'bicubic'});
    const b = interpolate(x, {scaleFactor: 2, mode: 'bicubic'});
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    tf.dispose([a, b]);
  });

  it('upsampleNearest is mode nearest, upsampleBilinear is bilinear with aligned corners', () => {
    const a = upsampleNearest(x, {size: [3, 5]});
    const b = interpolate(x, {size: [3, 5]});
    const c = upsampleBilinear(x, {scaleFactor: 2});
    const d = interpolate(x, {scaleFactor: 2, mode: 'bilinear', alignCorners: true});
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    expect(Array.from(c.dataSync())).toEqual(Array.from(d.dataSync()));
    expect(messageOf(() => upsampleNearest(x, {size: 3, mode: 'bilinear'} as never)))
        .toContain("option 'mode' is fixed by this wrapper");
    tf.dispose([a, b, c, d]);
  });
});

describe('registration', () => {
  it('names the backend and the supported ones when a backend has no kernel', async () => {
    tf.registerBackend('plain', () => new (tf.findBackend('cpu')!.constructor as new () => tf.KernelBackend)(), 0);
    await tf.setBackend('plain');
    const x = tf.zeros([1, 1, 3]);
    expect(messageOf(() => interpolate(x, {size: 6})))
        .toContain("the 'plain' backend has no 'Interpolate' kernel; tfjs-interpolate provides it for: cpu");
    x.dispose();
    await tf.setBackend('cpu');
    tf.removeBackend('plain');
  });

  it('loads a second copy of the package without warnings or errors', () => {
    const warn = jest.spyOn(console, 'warn');
    jest.isolateModules(() => {
      // The built bundle is a separate module instance from ../src: registration must be idempotent.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const copy = require('../dist/index.cjs') as typeof import('../src');
      const y = copy.interpolate(tf.tensor3d([1, 2], [1, 1, 2]), {size: 4});
      expect(Array.from(y.dataSync())).toEqual([1, 1, 2, 2]);
      y.dispose();
    });
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });
});
