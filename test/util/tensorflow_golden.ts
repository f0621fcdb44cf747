/**
 * Loads the TensorFlow-compatible fixtures (test/golden/tensorflow.json from
 * test/golden/tensorflow/generate.py; test/golden/graph_models.json from make_graph_models.cjs).
 * Runner-neutral, like ./golden.ts.
 */
import type {SamplingKernelType, TensorFlowResizeOp} from '../../src/plan/tensorflow/types';
import {decodeFloat32} from './golden';
import {readGoldenJson} from './golden_source';

/** One oracle golden (NHWC). */
export interface TensorFlowCase {
  name: string;
  op: TensorFlowResizeOp;
  attrs: {alignCorners: boolean, halfPixelCenters: boolean, kernelType: SamplingKernelType, antialias: boolean};
  shape: number[];
  dtype: 'float32'|'int32';
  size: number[];
  scale?: number[];
  translation?: number[];
  input: Float32Array;
  outShape: number[];
  output: Float32Array;
}

/** Expected values stated by TensorFlow's own tests. */
export interface UnitTestCase {
  name: string;
  via: TensorFlowResizeOp;
  kernelType?: SamplingKernelType;
  antialias?: boolean;
  alignCorners?: boolean;
  halfPixelCenters?: boolean;
  shape: number[];
  input: number[];
  size: number[];
  atol: number;
  expected: number[];
}

/** A case whose expected values come from another implementation with the same semantics. */
export interface CrossCheck {
  name: string;
  reference: string;
  tol: number;
  case: TensorFlowCase;
  expected: Float32Array;
}

/** A graph model as `tf.io.fromMemory` takes it. */
export interface GraphModelFixture {
  modelTopology: object;
  weightSpecs: Array<{name: string, shape: number[], dtype: 'float32'|'int32'}>;
  weightData: ArrayBuffer;
}

type RawCase = Omit<TensorFlowCase, 'input'|'output'> & {input: string, output: string};

function decodeCase(c: RawCase): TensorFlowCase {
  return {...c, input: decodeFloat32(c.input) as Float32Array, output: decodeFloat32(c.output) as Float32Array};
}

let cache: {cases: TensorFlowCase[], unitTests: UnitTestCase[], crossChecks: CrossCheck[]}|undefined;

/** The oracle goldens, TensorFlow's test expectations and the cross-checks. */
export function loadTensorFlowGoldens() {
  if (cache == null) {
    const raw = readGoldenJson('tensorflow.json') as {
      cases: RawCase[], unitTests: UnitTestCase[],
      crossChecks: Array<Omit<CrossCheck, 'case'|'expected'> & {case: RawCase, expected: string}>,
    };
    cache = {
      cases: raw.cases.map(decodeCase),
      unitTests: raw.unitTests,
      crossChecks: raw.crossChecks.map((c) => ({...c, case: decodeCase(c.case), expected: decodeFloat32(c.expected) as Float32Array})),
    };
  }
  return cache;
}

/** The graph models by name (`bicubic`, `area`, `scaleAndTranslate`, `chain`). */
export function loadGraphModelFixtures(): Record<string, GraphModelFixture> {
  const raw = readGoldenJson('graph_models.json') as Record<string, Omit<GraphModelFixture, 'weightData'> & {weightData: string}>;
  const out: Record<string, GraphModelFixture> = {};
  for (const [name, m] of Object.entries(raw)) {
    const bin = atob(m.weightData);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    out[name] = {...m, weightData: bytes.buffer};
  }
  return out;
}
