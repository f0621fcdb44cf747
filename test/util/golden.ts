/**
 * Loads the PyTorch fixtures written by test/golden/generate.py and converts them between layouts.
 * Runner-neutral: the raw JSON comes from ./golden_source (Node's fs under jest; the browser
 * bundle swaps in test/browser/golden_source.ts, which imports the JSON files), and decoding uses
 * `atob`, which Node 16+ and browsers both have.
 */
import type {InterpolateOptions} from '../../src/ops/options';
import {readGoldenJson} from './golden_source';

/** One forward/gradient fixture (channels-first, as PyTorch computed it). */
export interface GoldenCase {
  name: string;
  shape: number[];
  options: InterpolateOptions;
  input: Float32Array;
  outShape: number[];
  output: Float32Array;
  /** d(sum(y * gradSeed(outShape)))/dx, from autograd. */
  grad?: Float32Array;
  /** Gradient of `<dx, directionSeed(shape)>` with respect to the output gradient. */
  gradGrad?: Float32Array;
}

/** A uint8 nearest-mode fixture (compared against our int32 path). */
export interface IntCase {
  name: string;
  shape: number[];
  options: InterpolateOptions;
  input: number[];
  outShape: number[];
  output: number[];
}

/** An argument combination PyTorch rejects. */
export interface ErrorCase {
  shape: number[];
  options: Record<string, unknown>;
  nonFinite: Record<string, string>;
  error: string;
  message: string;
}

/** Decodes base64 little-endian float32 data. */
export function decodeFloat32(b64: string|undefined): Float32Array|undefined {
  if (b64 == null) return undefined;
  const bin = atob(b64);
  const out = new Float32Array(bin.length / 4);
  const bytes = new Uint8Array(out.buffer);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return out;
}

const decode = decodeFloat32;

function readJson(name: 'forward.json'|'errors.json'): unknown {
  return readGoldenJson(name);
}

interface RawForward {
  meta: {torch: string};
  cases: Array<Record<string, unknown>>;
  intCases: IntCase[];
}

let forwardCache: {torch: string, cases: GoldenCase[], intCases: IntCase[]}|undefined;

/** The forward/gradient fixtures. */
export function loadForwardGoldens(): {torch: string, cases: GoldenCase[], intCases: IntCase[]} {
  if (forwardCache == null) {
    const raw = readJson('forward.json') as RawForward;
    forwardCache = {
      torch: raw.meta.torch,
      intCases: raw.intCases,
      cases: raw.cases.map((c) => ({
        name: c.name as string,
        shape: c.shape as number[],
        options: c.options as InterpolateOptions,
        input: decode(c.input as string) as Float32Array,
        outShape: c.outShape as number[],
        output: decode(c.output as string) as Float32Array,
        grad: decode(c.grad as string|undefined),
        gradGrad: decode(c.gradGrad as string|undefined),
      })),
    };
  }
  return forwardCache;
}

/** The rejected combinations, with non-finite numbers restored. */
export function loadErrorGoldens(): ErrorCase[] {
  const raw = readJson('errors.json') as {cases: ErrorCase[]};
  return raw.cases.map((c) => {
    const options = {...c.options};
    for (const [k, v] of Object.entries(c.nonFinite)) options[k] = v === 'nan' ? NaN : Number(v.replace('inf', 'Infinity'));
    return {...c, options};
  });
}

/** `((i*a + b) % m - m/2) / (m/4)`: the generator's deterministic, float32-exact seeds. */
export function pattern(n: number, a: number, b: number, m: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = ((i * a + b) % m - m / 2) / (m / 4);
  return out;
}

/** The output gradient the fixtures' `grad` was computed with. */
export function gradSeed(n: number): Float32Array {
  return pattern(n, 37, 11, 64);
}

/** The direction the fixtures' `gradGrad` was computed with. */
export function directionSeed(n: number): Float32Array {
  return pattern(n, 29, 5, 32);
}

/** Shape of `shape` (N, C, ...spatial) in channels-last order. */
export function toLastShape(shape: readonly number[]): number[] {
  return [shape[0], ...shape.slice(2), shape[1]];
}

/** Reorders channels-first data to channels-last. */
export function toChannelsLast<T extends Float32Array|Int32Array>(data: T, shape: readonly number[]): T {
  const [n, c] = shape;
  const spatial = shape.slice(2).reduce((a, b) => a * b, 1);
  const out = new (data.constructor as new (n: number) => T)(data.length);
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      for (let s = 0; s < spatial; s++) out[(b * spatial + s) * c + ch] = data[(b * c + ch) * spatial + s];
    }
  }
  return out;
}

/** The name of the fixture's mode, `'nearest'` when unset. */
export function modeOf(c: {options: InterpolateOptions}): string {
  return c.options.mode ?? 'nearest';
}
