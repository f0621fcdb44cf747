/**
 * The WebGL programs: one separable pass along one axis of a tensor viewed flat as
 * `[pre, inLen, post]` -> `[pre, outLen, post]`, driven by an encoded axis table (see
 * {@link encodeTable}). Every size is a custom uniform and `enableShapeUniforms` is on, so the
 * shader source, and with it tf.js's binary-cache key, depends only on the variant (weighted sum or
 * copy, WebGL version), never on the sizes: resizing a different shape compiles nothing new.
 *
 * Structural types only: `@tensorflow/tfjs-backend-webgl` is neither imported nor required.
 */
import type {AxisTable} from '../../plan/axis_table';

/** The parts of tf.js's `GPGPUProgram` these programs fill in. */
export interface WebGLProgramLike {
  variableNames: string[];
  outputShape: number[];
  userCode: string;
  enableShapeUniforms: boolean;
  packedInputs: boolean;
  packedOutput: boolean;
  customUniforms: Array<{name: string, type: 'int'|'float'}>;
}

/**
 * Table indices are stored as two float texels `hi = floor(i / 1024)`, `lo = i % 1024`, both below
 * 2048, so they stay exact in half-float textures (`WEBGL_FORCE_F16_TEXTURES`), where integers are
 * exact only up to 2048. Axis lengths up to 2^21 are representable.
 */
export const INDEX_SPLIT = 1024;
/** Longest axis the encoded tables can address. */
export const MAX_AXIS_LENGTH = INDEX_SPLIT * 2048;

/**
 * Encoded row of an output position: `[count, (index, weight) x taps]`, or with `split` (half-float
 * textures) `[count, (hi, lo, weight) x taps]`.
 */
export function tableStride(taps: number, split: boolean): number {
  return 1 + (split ? 3 : 2) * taps;
}

/**
 * Length of the uploaded table: the next power of two (at least 64). tf.js uploads CPU data through
 * an `EncodeMatrixProgram` whose shader is keyed by the tensor's shape (unless
 * `WEBGL_USE_SHAPES_UNIFORMS` is on), so bucketing bounds tf.js's upload shaders to a handful
 * instead of one per table size.
 */
export function tableLength(n: number): number {
  let len = 64;
  while (len < n) len *= 2;
  return len;
}

/**
 * Encodes an axis table as the float32 array the programs read: one row of
 * {@link tableStride} values per output position, zero-padded to {@link tableLength}. Indices are
 * exact: float32 textures hold integers to 2^24; with `split`, both halves stay below 2048.
 */
export function encodeTable(t: AxisTable, split: boolean): Float32Array {
  const stride = tableStride(t.taps, split);
  const limit = split ? MAX_AXIS_LENGTH : 1 << 24;
  if (t.inSize > limit) {
    throw new Error(`interpolate (webgl): axis length ${t.inSize} exceeds the supported ${limit}`);
  }
  const out = new Float32Array(tableLength(t.outSize * stride));
  for (let o = 0; o < t.outSize; o++) {
    const row = o * stride;
    const n = t.count[o];
    out[row] = n;
    for (let k = 0; k < n; k++) {
      const i = t.index[o * t.taps + k];
      const w = t.weight[o * t.taps + k];
      if (split) {
        out[row + 1 + 3 * k] = Math.floor(i / INDEX_SPLIT);
        out[row + 2 + 3 * k] = i % INDEX_SPLIT;
        out[row + 3 + 3 * k] = w;
      } else {
        out[row + 1 + 2 * k] = i;
        out[row + 2 + 2 * k] = w;
      }
    }
  }
  return out;
}

/** True when every output uses all `taps` taps (linear, bicubic, nearest): the loop is unrolled. */
export function isUniformTable(t: AxisTable): boolean {
  return t.taps <= 4 && t.count.every((n) => n === t.taps);
}

/** A comment in every shader of this package, to find its programs in tf.js's binary cache. */
export const PROGRAM_MARKER = 'tfjs-interpolate pass';

/** Variant of the pass: weighted sum of the taps, or a copy of the single tap (nearest, exact). */
export type PassKind = 'sum'|'copy';

/** Shader variant of a pass (everything else is a uniform). */
export interface PassVariant {
  kind: PassKind;
  /** Indices stored as two halves (half-float textures). */
  split: boolean;
  /** Unrolled tap count for uniform tables (1..4), or null for a counted loop. */
  fixedTaps: number|null;
  /** WebGL1 only (constant loop bounds): the tap count baked into a counted loop. */
  constTaps?: number;
}

/**
 * One pass along an axis. Inputs: `X` (the data, flat) and `T` (the encoded table, flat).
 * Uniforms: input and output axis lengths, the inner stride `post`, the tap count and row stride.
 */
export class InterpolatePassProgram implements WebGLProgramLike {
  variableNames = ['X', 'T'];
  outputShape: number[];
  userCode: string;
  enableShapeUniforms = true;
  packedInputs = false;
  packedOutput = false;
  customUniforms = [
    {name: 'uInLen', type: 'int' as const},
    {name: 'uOutLen', type: 'int' as const},
    {name: 'uPost', type: 'int' as const},
    {name: 'uTaps', type: 'int' as const},
    {name: 'uStride', type: 'int' as const},
  ];

  /** @param outSize Number of output elements (`pre * outLen * post`). */
  constructor(outSize: number, v: PassVariant) {
    this.outputShape = [outSize];
    const per = v.split ? 3 : 2;
    const index = (e: string) => v.split ?
        `int(getT(${e} + 1) + 0.5) * ${INDEX_SPLIT} + int(getT(${e} + 2) + 0.5)` :
        `int(getT(${e} + 1) + 0.5)`;
    const weight = (e: string) => `getT(${e} + ${per})`;
    const head = `
      int f = getOutputCoords();
      int t = f / uPost;
      int q = f - t * uPost;
      int p = t / uOutLen;
      int j = t - p * uOutLen;
      int row = j * uStride;
      int base = p * uInLen * uPost + q;`;
    let body: string;
    if (v.kind === 'copy') {
      body = `
      setOutput(getX(base + (${index('row')}) * uPost));`;
    } else if (v.fixedTaps != null) {
      const taps: string[] = [];
      for (let k = 0; k < v.fixedTaps; k++) {
        const e = `(row + ${per * k})`;
        taps.push(`      acc += getX(base + (${index(e)}) * uPost) * ${weight(e)};`);
      }
      body = `
      float acc = 0.0;
${taps.join('\n')}
      setOutput(acc);`;
    } else {
      body = `
      int n = int(getT(row) + 0.5);
      float acc = 0.0;
      for (int k = 0; k < ${v.constTaps != null ? `${v.constTaps}` : 'uTaps'}; k++) {
        if (k >= n) break;
        int e = row + ${per} * k;
        acc += getX(base + (${index('e')}) * uPost) * ${weight('e')};
      }
      setOutput(acc);`;
    }
    this.userCode = `
    // ${PROGRAM_MARKER}
    void main() {${head}${body}
    }`;
  }
}
