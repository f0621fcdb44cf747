import * as fs from 'node:fs';
import * as path from 'node:path';

import * as tf from '@tensorflow/tfjs';

import {interpolate} from '../src';
import type {DataFormat, InterpolateMode, InterpolateOptions} from '../src';
import {InterpolateLayer, interpolateLayer} from '../src/layers';
import type {InterpolateLayerArgs} from '../src/layers';
import {seededRandom} from './util/random';

tf.env().set('IS_TEST', true);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function randomTensor(shape: number[], seed: number): tf.Tensor {
  const rnd = seededRandom(seed);
  return tf.tensor(Float32Array.from({length: shape.reduce((a, b) => a * b, 1)}, () => rnd() * 2 - 1), shape);
}

/** Bit-level equality of two float32 tensors (shape and every bit of every value). */
function expectBitIdentical(actual: tf.Tensor, expected: tf.Tensor): void {
  expect(actual.shape).toEqual(expected.shape);
  expect(actual.dtype).toBe(expected.dtype);
  const a = new Uint32Array(Float32Array.from(actual.dataSync()).buffer);
  const b = new Uint32Array(Float32Array.from(expected.dataSync()).buffer);
  expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
}

/** The message the op throws for an input of `shape` (channels-last unless the options say). */
function opMessage(shape: number[], options: InterpolateOptions): string {
  try {
    tf.tidy(() => interpolate(tf.zeros(shape), {dataFormat: 'channelsLast', ...options}));
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`the op accepted ${JSON.stringify(options)} for [${shape}]`);
}

function layerOptions(args: InterpolateLayerArgs): InterpolateOptions {
  const options: InterpolateOptions = {dataFormat: args.dataFormat ?? 'channelsLast'};
  for (const key of ['size', 'scaleFactor', 'mode', 'alignCorners', 'recomputeScaleFactor', 'antialias'] as const) {
    if (args[key] !== undefined) (options as Record<string, unknown>)[key] = args[key];
  }
  return options;
}

/** Channels-first shapes per rank; channels-last cases move the channel axis to the end. */
const SHAPES: Record<number, number[]> = {3: [2, 3, 7], 4: [2, 3, 5, 6], 5: [1, 2, 3, 4, 5]};

interface ModeCase {
  rank: number;
  args: InterpolateLayerArgs;
}

const MODE_CASES: ModeCase[] = [
  {rank: 3, args: {mode: 'nearest', scaleFactor: 2.5}},
  {rank: 4, args: {mode: 'nearest', size: [4, 9]}},
  {rank: 5, args: {mode: 'nearest', scaleFactor: [0.5, 1.5, 2]}},
  {rank: 3, args: {mode: 'nearest-exact', size: 11}},
  {rank: 4, args: {mode: 'nearest-exact', scaleFactor: 1.7}},
  {rank: 5, args: {mode: 'nearest-exact', size: [2, 5, 3]}},
  {rank: 3, args: {mode: 'linear', scaleFactor: 1.6}},
  {rank: 3, args: {mode: 'linear', size: 4, alignCorners: true}},
  {rank: 4, args: {mode: 'bilinear', scaleFactor: 2}},
  {rank: 4, args: {mode: 'bilinear', size: [3, 11], alignCorners: true}},
  {rank: 4, args: {mode: 'bilinear', scaleFactor: 0.6, antialias: true, recomputeScaleFactor: true}},
  {rank: 4, args: {mode: 'bicubic', scaleFactor: [1.5, 0.7]}},
  {rank: 4, args: {mode: 'bicubic', size: [9, 4], alignCorners: true}},
  {rank: 4, args: {mode: 'bicubic', size: [3, 2], antialias: true}},
  {rank: 5, args: {mode: 'trilinear', scaleFactor: [2, 1.5, 0.8]}},
  {rank: 5, args: {mode: 'trilinear', size: 4, alignCorners: true}},
  {rank: 3, args: {mode: 'area', size: 3}},
  {rank: 4, args: {mode: 'area', size: [2, 4]}},
  {rank: 4, args: {mode: 'area', scaleFactor: 1.5}},
  {rank: 5, args: {mode: 'area', size: [2, 2, 3]}},
];

const ALL_MODES: InterpolateMode[] =
    ['nearest', 'nearest-exact', 'linear', 'bilinear', 'bicubic', 'trilinear', 'area'];

function caseName(c: ModeCase, dataFormat: DataFormat): string {
  return `rank ${c.rank}, ${dataFormat}, ${JSON.stringify(c.args)}`;
}

function caseShape(c: ModeCase, dataFormat: DataFormat): number[] {
  const first = SHAPES[c.rank];
  return dataFormat === 'channelsFirst' ? first : [first[0], ...first.slice(2), first[1]];
}

describe('Interpolate layer', () => {
  it('covers every mode in the equality and save/load cases', () => {
    expect([...new Set(MODE_CASES.map((c) => c.args.mode))].sort()).toEqual([...ALL_MODES].sort());
  });

  describe('output equals the op, bit for bit', () => {
    for (const c of MODE_CASES) {
      for (const dataFormat of ['channelsLast', 'channelsFirst'] as DataFormat[]) {
        it(caseName(c, dataFormat), () => {
          const shape = caseShape(c, dataFormat);
          const x = randomTensor(shape, shape.length * 31 + 7);
          const layer = interpolateLayer({...c.args, dataFormat});
          const y = layer.apply(x) as tf.Tensor;
          const expected = interpolate(x, {...layerOptions(c.args), dataFormat});
          expectBitIdentical(y, expected);
          expect(layer.computeOutputShape(shape)).toEqual(expected.shape);
          tf.dispose([x, y, expected]);
        });
      }
    }

    it('defaults to channelsLast and nearest', () => {
      const x = randomTensor([2, 4, 5, 3], 1);
      const layer = interpolateLayer({scaleFactor: 2});
      expect(layer.dataFormat).toBe('channelsLast');
      expect(layer.mode).toBe('nearest');
      const y = layer.apply(x) as tf.Tensor;
      const viaChannelsFirst = tf.transpose(
          interpolate(tf.transpose(x, [0, 3, 1, 2]), {scaleFactor: 2}), [0, 2, 3, 1]);
      expectBitIdentical(y, viaChannelsFirst);
      tf.dispose([x, y, viaChannelsFirst]);
    });

    it('leaves no tensors behind', () => {
      const x = randomTensor([1, 4, 4, 2], 3);
      const layer = interpolateLayer({scaleFactor: 2, mode: 'bicubic'});
      const before = tf.memory().numTensors;
      const y = layer.apply(x) as tf.Tensor;
      expect(tf.memory().numTensors).toBe(before + 1);
      tf.dispose([x, y]);
    });
  });

  describe('computeOutputShape', () => {
    const cases: [InterpolateLayerArgs, (number|null)[], (number|null)[]][] = [
      [{scaleFactor: 2}, [null, null, 5, 3], [null, null, 10, 3]],
      [{size: [7, 9], mode: 'bilinear'}, [null, null, null, null], [null, 7, 9, null]],
      [{scaleFactor: [1.5, 0.5], dataFormat: 'channelsFirst'}, [2, null, 4, 5], [2, null, 6, 2]],
      [{scaleFactor: 0.5, mode: 'area'}, [null, 9, null, 5, 2], [null, 4, null, 2, 2]],
      [{size: 6, mode: 'linear', dataFormat: 'channelsFirst'}, [null, 3, null], [null, 3, 6]],
      [{scaleFactor: [0.29], mode: 'linear'}, [null, 100, 1], [null, 28, 1]],  // 100 * 0.29 < 29
      [{size: [2, 3, 4], mode: 'trilinear'}, [4, null, null, null, 8], [4, 2, 3, 4, 8]],
    ];
    for (const [args, input, output] of cases) {
      it(`${JSON.stringify(args)}: [${input}] -> [${output}]`, () => {
        const layer = interpolateLayer(args);
        expect(layer.computeOutputShape(input)).toEqual(output);
        expect(layer.computeOutputShape([input])).toEqual(output);
      });
    }

    it('symbolic tensors get the computed shape', () => {
      const input = tf.input({shape: [null, 5, 3]});
      const output = interpolateLayer({scaleFactor: [2, 1.5], mode: 'bilinear'}).apply(input) as tf.SymbolicTensor;
      expect(output.shape).toEqual([null, null, 7, 3]);
    });

    it('rejects shapes the op rejects, with its messages', () => {
      expect(() => interpolateLayer({scaleFactor: 2}).computeOutputShape([null, 5]))
          .toThrow(opMessage([1, 5], {scaleFactor: 2}));
      expect(() => interpolateLayer({size: [4, 4]}).computeOutputShape([null, 5, 2]))
          .toThrow(opMessage([1, 5, 2], {size: [4, 4]}));
    });
  });

  describe('invalid arguments throw at construction with the op\'s messages', () => {
    // [layer args, an input shape for which the op says the same]
    const cases: [InterpolateLayerArgs, number[]][] = [
      [{size: 2, scaleFactor: 2}, [1, 4, 4, 1]],
      [{mode: 'nearest', size: 2, alignCorners: true}, [1, 4, 4, 1]],
      [{mode: 'area', size: 2, alignCorners: false}, [1, 4, 4, 1]],
      [{mode: 'nearest-exact', scaleFactor: 2, alignCorners: false}, [1, 4, 1]],
      [{mode: 'bilinear'}, [1, 4, 4, 1]],
      [{size: [4, 4], recomputeScaleFactor: true}, [1, 4, 4, 1]],
      [{scaleFactor: 2, antialias: true}, [1, 4, 4, 1]],
      [{mode: 'trilinear', scaleFactor: 0.5, antialias: true}, [1, 4, 4, 4, 1]],
      [{mode: 'bilinear', size: [2, 2, 2]}, [1, 4, 4, 4, 1]],
      [{mode: 'trilinear', scaleFactor: [2, 2]}, [1, 4, 4, 1]],
      [{mode: 'linear', size: [3, 3]}, [1, 4, 4, 1]],
      [{mode: 'bicubic', size: [3]}, [1, 4, 1]],
      [{mode: 'lanczos' as InterpolateMode, size: 2}, [1, 4, 4, 1]],
      [{mode: 'linear', scaleFactor: 2, inputShape: [4, 4, 3]}, [1, 4, 4, 3]],
      [{size: [0, 4], inputShape: [3, 5, 2]}, [1, 3, 5, 2]],
      [{mode: 'area', size: -1}, [1, 4, 4, 1]],
      [{size: 2.5}, [1, 4, 4, 1]],
      [{scaleFactor: Infinity}, [1, 4, 4, 1]],
      [{mode: 'bilinear', size: 2, alignCorners: 'yes' as unknown as boolean}, [1, 4, 4, 1]],
      [{size: 2, dataFormat: 'NHWC' as DataFormat}, [1, 4, 4, 1]],
      // Strings where booleans belong (a hand-written or edited config) are rejected, not truthy.
      [{mode: 'bilinear', size: 2, antialias: 'false' as unknown as boolean}, [1, 4, 4, 1]],
      [{scaleFactor: 2, recomputeScaleFactor: 'false' as unknown as boolean}, [1, 4, 4, 1]],
      [{mode: 'bilinear', size: 2, alignCorners: 'false' as unknown as boolean}, [1, 4, 4, 1]],
      [{mode: null as unknown as InterpolateMode, size: 2}, [1, 4, 4, 1]],
      [{mode: 'cubic' as InterpolateMode, size: 2}, [1, 4, 4, 1]],
      [{size: [65536, 65536], inputShape: [2, 2, 1]}, [1, 2, 2, 1]],
      [{scaleFactor: 1e200, mode: 'bicubic', inputShape: [2, 2, 3]}, [1, 2, 2, 3]],
    ];
    for (const [args, shape] of cases) {
      it(JSON.stringify(args), () => {
        const message = opMessage(shape, layerOptions(args));
        expect(message).toMatch(/^interpolate: /);
        expect(() => interpolateLayer(args)).toThrow(message);
        expect(() => new InterpolateLayer(args)).toThrow(message);
      });
    }

    it('rejects argument names that are neither options nor tf.layers\' own, with a suggestion', () => {
      const valid = 'Valid options are: size, scaleFactor, mode, alignCorners, recomputeScaleFactor, antialias, ' +
          'dataFormat, name, trainable, inputShape, batchInputShape, batchSize, dtype, weights, inputDType.';
      const cases: Array<[Record<string, unknown>, string]> = [
        [{size: 2, mode: 'bilinear', align_corners: true}, "unknown option 'align_corners' (did you mean 'alignCorners'?)"],
        [{size: 2, data_format: 'channelsFirst'}, "unknown option 'data_format' (did you mean 'dataFormat'?)"],
        [{size: 2, mode: 'bilinear', antialais: true}, "unknown option 'antialais' (did you mean 'antialias'?)"],
        [{size: 2, input_shape: [4, 4, 1]}, "unknown option 'input_shape' (did you mean 'inputShape'?)"],
        [{size: 2, bogus: 1}, "unknown option 'bogus'."],
      ];
      for (const [args, want] of cases) {
        expect(() => interpolateLayer(args as InterpolateLayerArgs)).toThrow(`Interpolate layer: ${want}`);
        expect(() => interpolateLayer(args as InterpolateLayerArgs)).toThrow(valid);
      }
    });

    it('accepts every tf.layers base argument', () => {
      const layer = interpolateLayer({
        size: [4, 4], name: 'up_all_args', trainable: false, batchInputShape: [2, 2, 2, 1], dtype: 'float32',
        inputDType: 'float32', weights: [],
      });
      expect(layer.name).toBe('up_all_args');
      expect(() => interpolateLayer({size: 4, inputShape: [2, 2, 1], batchSize: 3})).not.toThrow();
      expect(() => new InterpolateLayer(layer.getConfig() as InterpolateLayerArgs)).not.toThrow();
    });

    it('shows input sizes it cannot know yet as ?', () => {
      const unknown = 'interpolate: Input and output sizes should be greater than 0, but got input (H: ?, W: ?) output';
      expect(() => interpolateLayer({scaleFactor: 0})).toThrow(`${unknown} (H: 0, W: 0)`);
      expect(() => interpolateLayer({size: [0, 4], mode: 'bicubic'})).toThrow(`${unknown} (H: 0, W: 4)`);
      expect(() => interpolateLayer({scaleFactor: [-1, 2, 2], mode: 'trilinear'}))
          .toThrow('interpolate: Input and output sizes should be greater than 0, but got input (D: ?, H: ?, W: ?) ' +
                   'output (D: -?, H: ?, W: ?)');
    });

    it('accepts scale factors that only some input sizes can use', () => {
      expect(() => interpolateLayer({scaleFactor: 0.01, mode: 'bilinear'})).not.toThrow();
      expect(() => interpolateLayer({scaleFactor: [0.3, 1e-4, 2], mode: 'area'})).not.toThrow();
    });

    it('checks the real input when the layer is built, with the op\'s messages', () => {
      const tooSmall = interpolateLayer({scaleFactor: 0.1});
      expect(() => tooSmall.apply(tf.zeros([1, 4, 4, 1]))).toThrow(opMessage([1, 4, 4, 1], {scaleFactor: 0.1}));
      const rank2 = interpolateLayer({scaleFactor: 2});
      expect(() => rank2.apply(tf.input({shape: [5]}))).toThrow(opMessage([1, 5], {scaleFactor: 2}));
      expect(() => interpolateLayer({size: [0, 3], inputShape: [null, 5, 1]})).toThrow(
          'interpolate: Input and output sizes should be greater than 0, but got input (H: ?, W: 5) output (H: 0, W: 3)');
      const partial = interpolateLayer({scaleFactor: [1, 0.5]});
      expect(() => partial.apply(tf.input({shape: [null, 1, 1]}))).toThrow(
          'interpolate: Input and output sizes should be greater than 0, but got input (H: ?, W: 1) output (H: ?, W: 0)');
      const mismatch = interpolateLayer({size: [4, 4], mode: 'area'});
      expect(() => mismatch.apply(tf.input({shape: [5, 2]})))
          .toThrow(opMessage([1, 5, 2], {size: [4, 4], mode: 'area'}));
    });
  });

  describe('config', () => {
    it('getConfig round-trips through the constructor', () => {
      const args: InterpolateLayerArgs = {
        name: 'resize', scaleFactor: [0.6, 0.7], mode: 'bicubic', alignCorners: true, antialias: true,
        recomputeScaleFactor: true, dataFormat: 'channelsFirst',
      };
      const layer = interpolateLayer(args);
      const config = layer.getConfig();
      expect(config).toEqual({
        name: 'resize', trainable: true, size: null, scaleFactor: [0.6, 0.7], mode: 'bicubic',
        alignCorners: true, antialias: true, recomputeScaleFactor: true, dataFormat: 'channelsFirst',
      });
      const rebuilt = new InterpolateLayer(config as InterpolateLayerArgs);
      expect(rebuilt.getConfig()).toEqual(config);
      expect(tf.serialization.SerializationMap.getMap().classNameMap.Interpolate[0]).toBe(InterpolateLayer);
      expect(InterpolateLayer.className).toBe('Interpolate');
    });

    it('unset options are saved as null and read back as unset', () => {
      const layer = interpolateLayer({size: 3, mode: 'nearest-exact'});
      const config = JSON.parse(JSON.stringify(layer.getConfig())) as InterpolateLayerArgs;
      expect(config.alignCorners).toBeNull();
      expect(config.scaleFactor).toBeNull();
      expect(new InterpolateLayer(config).getConfig()).toEqual(layer.getConfig());
    });

    it('copies array arguments', () => {
      const size = [3, 4];
      const layer = interpolateLayer({size});
      size[0] = 100;
      expect(layer.size).toEqual([3, 4]);
      (layer.getConfig().size as number[])[0] = 7;
      expect(layer.size).toEqual([3, 4]);
    });
  });

  describe('in models', () => {
    it('works in tf.sequential: predict, evaluate, summary', () => {
      const model = tf.sequential({layers: [
        tf.layers.conv2d({inputShape: [6, 6, 2], filters: 3, kernelSize: 3, padding: 'same',
                          kernelInitializer: tf.initializers.glorotUniform({seed: 1})}),
        interpolateLayer({scaleFactor: 2, mode: 'bilinear', name: 'up'}),
        interpolateLayer({size: [5, 5], mode: 'area', name: 'down'}),
      ]});
      expect(model.outputs[0].shape).toEqual([null, 5, 5, 3]);
      const lines: string[] = [];
      model.summary(100, undefined, (line: string) => lines.push(line));
      expect(lines.find((l) => l.startsWith('up (Interpolate)'))).toContain('[null,12,12,3]');
      expect(lines.find((l) => l.startsWith('down (Interpolate)'))).toContain('[null,5,5,3]');
      expect(lines.some((l) => l.includes('Total params: 57'))).toBe(true);

      const x = randomTensor([2, 6, 6, 2], 5);
      const y = model.predict(x) as tf.Tensor;
      const conv = model.layers[0].apply(x) as tf.Tensor;
      const manual = interpolate(interpolate(conv, {scaleFactor: 2, mode: 'bilinear', dataFormat: 'channelsLast'}),
                                 {size: [5, 5], mode: 'area', dataFormat: 'channelsLast'});
      expectBitIdentical(y, manual);

      model.compile({optimizer: 'sgd', loss: 'meanSquaredError'});
      const target = tf.zerosLike(y);
      const loss = model.evaluate(x, target) as tf.Scalar;
      expect(loss.dataSync()[0]).toBeCloseTo(tf.mean(tf.square(manual)).dataSync()[0], 6);
      tf.dispose([x, y, conv, manual, target, loss]);
      model.dispose();
    });

    it('works in a functional tf.model with SymbolicTensors (a small U-Net)', () => {
      const input = tf.input({shape: [8, 8, 1]});
      const enc = tf.layers.conv2d({filters: 2, kernelSize: 3, padding: 'same', name: 'enc',
                                    kernelInitializer: tf.initializers.glorotUniform({seed: 2})})
          .apply(input) as tf.SymbolicTensor;
      const down = interpolateLayer({size: 4, mode: 'area'}).apply(enc) as tf.SymbolicTensor;
      const up = interpolateLayer({scaleFactor: 2, mode: 'bicubic', alignCorners: true}).apply(down) as tf.SymbolicTensor;
      const merged = tf.layers.concatenate().apply([enc, up]) as tf.SymbolicTensor;
      const output = interpolateLayer({size: [3, 5], mode: 'nearest-exact'}).apply(merged) as tf.SymbolicTensor;
      expect([down.shape, up.shape, merged.shape, output.shape])
          .toEqual([[null, 4, 4, 2], [null, 8, 8, 2], [null, 8, 8, 4], [null, 3, 5, 4]]);
      const model = tf.model({inputs: input, outputs: output});
      const x = randomTensor([3, 8, 8, 1], 9);
      const y = model.predict(x) as tf.Tensor;
      expect(y.shape).toEqual([3, 3, 5, 4]);
      const e = model.getLayer('enc').apply(x) as tf.Tensor;
      const u = interpolate(interpolate(e, {size: 4, mode: 'area', dataFormat: 'channelsLast'}),
                            {scaleFactor: 2, mode: 'bicubic', alignCorners: true, dataFormat: 'channelsLast'});
      const expected = interpolate(tf.concat([e, u], 3), {size: [3, 5], mode: 'nearest-exact', dataFormat: 'channelsLast'});
      expectBitIdentical(y, expected);
      tf.dispose([x, y, e, u, expected]);
      model.dispose();
    });
  });

  describe('save and load', () => {
    async function saveAndLoad(model: tf.LayersModel): Promise<tf.LayersModel> {
      let saved: tf.io.ModelArtifacts|undefined;
      await model.save(tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return {modelArtifactsInfo: {dateSaved: new Date(), modelTopologyType: 'JSON'}};
      }));
      if (saved == null) throw new Error('nothing saved');
      // Through JSON text, as model.json on disk would be.
      const topology = JSON.parse(JSON.stringify(saved.modelTopology)) as tf.io.ModelArtifacts['modelTopology'];
      return tf.loadLayersModel(tf.io.fromMemory({
        modelTopology: topology, weightSpecs: saved.weightSpecs, weightData: saved.weightData,
      }));
    }

    for (const c of MODE_CASES) {
      for (const dataFormat of ['channelsLast', 'channelsFirst'] as DataFormat[]) {
        it(`predictions are bit-identical after reload: ${caseName(c, dataFormat)}`, async () => {
          const shape = caseShape(c, dataFormat);
          const model = tf.sequential({layers: [
            interpolateLayer({...c.args, dataFormat, inputShape: shape.slice(1), name: 'resize'}),
            tf.layers.dense({units: 2, kernelInitializer: tf.initializers.glorotUniform({seed: 3})}),
          ]});
          const loaded = await saveAndLoad(model);
          const layer = loaded.getLayer('resize') as InterpolateLayer;
          expect(layer).toBeInstanceOf(InterpolateLayer);
          expect(layer.mode).toBe(c.args.mode);
          expect(layer.getConfig()).toEqual(model.getLayer('resize').getConfig());
          const x = randomTensor(shape, 77);
          const a = model.predict(x) as tf.Tensor;
          const b = loaded.predict(x) as tf.Tensor;
          expectBitIdentical(b, a);
          tf.dispose([x, a, b]);
          model.dispose();
          loaded.dispose();
        });
      }
    }

    it('every mode string and data format survives tf.js\'s snake_case/camelCase rewriting', async () => {
      for (const mode of ALL_MODES) {
        const rank = mode === 'linear' ? 3 : mode === 'trilinear' ? 5 : 4;
        for (const dataFormat of ['channelsLast', 'channelsFirst'] as DataFormat[]) {
          const model = tf.sequential({layers: [
            interpolateLayer({mode, dataFormat, scaleFactor: 2, inputShape: new Array<number>(rank - 1).fill(3)}),
          ]});
          let json = '';
          await model.save(tf.io.withSaveHandler(async (artifacts) => {
            json = JSON.stringify(artifacts.modelTopology);
            return {modelArtifactsInfo: {dateSaved: new Date(), modelTopologyType: 'JSON'}};
          }));
          expect(json).toContain(`"class_name":"Interpolate"`);
          expect(json).toContain(`"mode":"${mode}"`);
          const loaded = await saveAndLoad(model);
          const layer = loaded.layers[0] as InterpolateLayer;
          expect([layer.mode, layer.dataFormat]).toEqual([mode, dataFormat]);
          model.dispose();
          loaded.dispose();
        }
      }
    });

    it('loads the committed model fixture and reproduces its stored predictions', async () => {
      const dir = path.join(__dirname, 'fixtures', 'interpolate_model');
      const modelJson = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
      const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')) as
          {input: {shape: number[], values: number[]}, output: {shape: number[], values: number[]}};
      const bin = fs.readFileSync(path.join(dir, 'weights.bin'));
      const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
      const artifacts = tf.io.getModelArtifactsForJSONSync(
          modelJson, tf.io.getWeightSpecs(modelJson.weightsManifest), weightData);
      const model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
      const modes = model.layers.filter((l) => l instanceof InterpolateLayer).map((l) => (l as InterpolateLayer).mode);
      expect(modes).toEqual(['nearest-exact', 'bicubic', 'area', 'bilinear', 'nearest']);
      const aa = model.getLayer('down_bilinear_antialias') as InterpolateLayer;
      expect([aa.antialias, aa.recomputeScaleFactor, aa.dataFormat]).toEqual([true, true, 'channelsFirst']);
      const x = tf.tensor(expected.input.values, expected.input.shape);
      const y = model.predict(x) as tf.Tensor;
      expect(y.shape).toEqual(expected.output.shape);
      // The stored values are the float32 results of the same kernels (JSON keeps every bit).
      const values = y.dataSync();
      const worst = expected.output.values.reduce((m, v, i) => Math.max(m, Math.abs(v - values[i])), 0);
      expect(worst).toBe(0);
      tf.dispose([x, y]);
      model.dispose();
    });
  });
});

describe('training encoder-decoders with Interpolate layers', () => {
  // Small on purpose: tf.js's CPU conv2d filter gradient is slow (several times slower under jest).
  /** Smooth random 8x8 images (2x2 noise, bicubic-upsampled); the task: invert them. */
  function task(n: number, seed: number): {x: tf.Tensor, y: tf.Tensor} {
    return tf.tidy(() => {
      const noise = randomTensor([n, 2, 2, 1], seed).add(1).div(2);
      const x = interpolate(noise, {size: 8, mode: 'bicubic', alignCorners: true, dataFormat: 'channelsLast'});
      return {x, y: tf.sub(1, x)};
    });
  }

  /** conv 3x3 -> down -> conv 1x1 -> up -> conv 1x1, seeded. */
  function encoderDecoder(down: tf.layers.Layer, up: tf.layers.Layer, seed: number): tf.Sequential {
    const conv = (filters: number, kernelSize: number, i: number, activation: 'elu'|'linear') =>
      tf.layers.conv2d({
        filters, kernelSize, padding: 'same', activation,
        kernelInitializer: tf.initializers.glorotUniform({seed: seed + i}),
        ...(i === 1 ? {inputShape: [8, 8, 1]} : {}),
      });
    return tf.sequential({layers: [conv(2, 3, 1, 'elu'), down, conv(2, 1, 2, 'elu'), up, conv(1, 1, 3, 'linear')]});
  }

  const cases: [string, () => tf.layers.Layer, () => tf.layers.Layer][] = [
    ['averagePooling2d down, bilinear x2 up',
     () => tf.layers.averagePooling2d({poolSize: 2}), () => interpolateLayer({scaleFactor: 2, mode: 'bilinear'})],
    ['area down, bicubic x2 up',
     () => interpolateLayer({size: 4, mode: 'area'}), () => interpolateLayer({scaleFactor: 2, mode: 'bicubic'})],
    ['antialiased bilinear down, area up',
     () => interpolateLayer({scaleFactor: 0.5, mode: 'bilinear', antialias: true}),
     () => interpolateLayer({size: 8, mode: 'area'})],
  ];

  for (const [name, down, up] of cases) {
    it(`${name}: model.fit lowers the loss >= 10x, without leaks`, async () => {
      const baseline = tf.memory().numTensors;
      const {x, y} = task(8, 1);
      const variance = tf.tidy(() => tf.moments(y).variance.dataSync()[0]);
      const model = encoderDecoder(down(), up(), 42);
      const optimizer = tf.train.adam(0.05);
      model.compile({optimizer, loss: 'meanSquaredError'});
      const evaluate = () => tf.tidy(() => (model.evaluate(x, y) as tf.Scalar).dataSync()[0]);
      const before = evaluate();
      const history = await model.fit(x, y, {epochs: 60, batchSize: 8, shuffle: false, verbose: 0});
      const after = evaluate();
      const losses = history.history.loss as number[];
      process.stdout.write(`${name}: loss ${before.toFixed(4)} -> ${after.toFixed(5)} (${(before / after).toFixed(1)}x)\n`);
      expect(before / after).toBeGreaterThanOrEqual(10);
      // Far better than the best constant prediction: the images' structure was learned.
      expect(after).toBeLessThan(variance / 3);
      expect(losses[losses.length - 1]).toBeLessThan(losses[0] / 10);
      const prediction = model.predict(x) as tf.Tensor;
      expect(prediction.shape).toEqual([8, 8, 8, 1]);
      prediction.dispose();
      model.dispose();
      optimizer.dispose();
      tf.dispose([x, y]);
      expect(tf.memory().numTensors).toBe(baseline);
    }, 60_000);
  }

  it('is deterministic: the same seeds give bit-identical weights', async () => {
    const train = async () => {
      const {x, y} = task(8, 1);
      const model = encoderDecoder(interpolateLayer({size: 4, mode: 'area'}),
                                   interpolateLayer({scaleFactor: 2, mode: 'bicubic'}), 5);
      model.compile({optimizer: 'adam', loss: 'meanSquaredError'});
      await model.fit(x, y, {epochs: 3, batchSize: 4, shuffle: false, verbose: 0});
      const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
      model.dispose();
      tf.dispose([x, y]);
      return weights;
    };
    expect(await train()).toEqual(await train());
  }, 60_000);
});
