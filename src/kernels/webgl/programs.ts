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

/** Shader variant of a fused H+W pass (everything else is a uniform). */
export interface FusedVariant {
  kind: PassKind;
  /** Indices stored as two halves (half-float textures). */
  split: boolean;
  /** Tap count of the H table (every output uses all of them, 1..4). */
  tapsH: number;
  /** Tap count of the W table (every output uses all of them, 1..4). */
  tapsW: number;
  /**
   * Output layout: `flat` (unpacked, one element per fragment), or packed (2x2 elements per
   * fragment) viewed as `[pre, outH, outW]` (`first`: channels-first, `post = 1`) or
   * `[pre * outH, outW, post]` (`last`: channels-last). A packed texture of that 3-D view has the
   * texel order of the tensor's own packed texture, so the result is the tensor's packed form.
   */
  layout: 'flat'|'first'|'last';
}

/**
 * The W pass and then the H pass of a forward in one program, for uniform tables (every output
 * uses all taps: linear, bicubic, nearest): the tensor viewed flat as `[pre, inH, inW, post]` ->
 * `[pre, outH, outW, post]`. Each output computes, for each of its H taps, the value the W pass
 * would have stored for that row (`acc = 0; acc += x_k * w_k` in tap order), then combines those
 * with the H weights in the same order as the H pass, so the arithmetic is the two-pass
 * arithmetic without the intermediate texture. `copy` reads the single tap (exact for int32).
 * Packed layouts compute a 2x2 block per fragment, sharing the table reads of its rows/columns.
 * Inputs: `X` (the data, flat, unpacked), `TW` and `TH` (the encoded W and H tables, flat).
 */
export class InterpolateFusedHWProgram implements WebGLProgramLike {
  variableNames = ['X', 'TW', 'TH'];
  outputShape: number[];
  userCode: string;
  enableShapeUniforms = true;
  packedInputs = false;
  packedOutput: boolean;
  customUniforms = [
    {name: 'uInH', type: 'int' as const},
    {name: 'uInW', type: 'int' as const},
    {name: 'uOutH', type: 'int' as const},
    {name: 'uOutW', type: 'int' as const},
    {name: 'uPost', type: 'int' as const},
    {name: 'uStrideH', type: 'int' as const},
    {name: 'uStrideW', type: 'int' as const},
  ];

  /**
   * @param pre Leading size (`outer * D`).
   * @param outH Output H length. @param outW Output W length. @param post Trailing size (`inner`).
   */
  constructor(pre: number, outH: number, outW: number, post: number, v: FusedVariant) {
    this.packedOutput = v.layout !== 'flat';
    this.outputShape = v.layout === 'flat' ? [pre * outH * outW * post] :
        v.layout === 'first' ? [pre, outH, outW] : [pre * outH, outW, post];
    const per = v.split ? 3 : 2;
    const index = (t: string, e: string) => v.split ?
        `int(get${t}(${e} + 1) + 0.5) * ${INDEX_SPLIT} + int(get${t}(${e} + 2) + 0.5)` :
        `int(get${t}(${e} + 1) + 0.5)`;
    const weight = (t: string, e: string) => `get${t}(${e} + ${per})`;
    let head: string;
    // Names of the H rows, W columns and channel offsets the fragment computes.
    let rows: string[];
    let cols: string[];
    let qs: string[];
    let order: Array<[number, number, number]>;
    if (v.layout === 'flat') {
      head = `
      int f = getOutputCoords();
      int t = f / uPost;
      int q = f - t * uPost;
      int u = t / uOutW;
      int j0 = t - u * uOutW;
      int p = u / uOutH;
      int i0 = u - p * uOutH;`;
      rows = ['i0'];
      cols = ['j0'];
      qs = ['q'];
      order = [[0, 0, 0]];
    } else if (v.layout === 'first') {
      head = `
      ivec3 c = getOutputCoords();
      int p = c.x;
      int i0 = c.y;
      int i1 = min(i0 + 1, uOutH - 1);
      int j0 = c.z;
      int j1 = min(j0 + 1, uOutW - 1);
      int q = 0;`;
      rows = ['i0', 'i1'];
      cols = ['j0', 'j1'];
      qs = ['q'];
      order = [[0, 0, 0], [0, 1, 0], [1, 0, 0], [1, 1, 0]];
    } else {
      head = `
      ivec3 c = getOutputCoords();
      int p = c.x / uOutH;
      int i0 = c.x - p * uOutH;
      int j0 = c.y;
      int j1 = min(j0 + 1, uOutW - 1);
      int q0 = c.z;
      int q1 = min(q0 + 1, uPost - 1);`;
      rows = ['i0'];
      cols = ['j0', 'j1'];
      qs = ['q0', 'q1'];
      order = [[0, 0, 0], [0, 0, 1], [0, 1, 0], [0, 1, 1]];
    }
    const lines: string[] = [
      '      int rowLen = uInW * uPost;',
      '      int base = p * uInH * rowLen;',
    ];
    // Per W column: offsets (times post) and weights of its taps.
    cols.forEach((col, c) => {
      lines.push(`      int rw${c} = ${col} * uStrideW;`);
      for (let k = 0; k < v.tapsW; k++) {
        lines.push(`      int ow${c}_${k} = (${index('TW', `(rw${c} + ${per * k})`)}) * uPost;`);
        if (v.kind === 'sum') lines.push(`      float ww${c}_${k} = ${weight('TW', `(rw${c} + ${per * k})`)};`);
      }
    });
    // Per H row: offsets (times the input row length) and weights of its taps.
    rows.forEach((row, r) => {
      lines.push(`      int rh${r} = ${row} * uStrideH;`);
      for (let k = 0; k < v.tapsH; k++) {
        lines.push(`      int oh${r}_${k} = base + (${index('TH', `(rh${r} + ${per * k})`)}) * rowLen;`);
        if (v.kind === 'sum') lines.push(`      float wh${r}_${k} = ${weight('TH', `(rh${r} + ${per * k})`)};`);
      }
    });
    const values: string[] = [];
    for (const [r, c, qi] of order) {
      const name = `v${r}${c}${qi}`;
      const q = qs[qi];
      values.push(name);
      if (v.kind === 'copy') {
        lines.push(`      float ${name} = getX(oh${r}_0 + ow${c}_0 + ${q});`);
        continue;
      }
      for (let h = 0; h < v.tapsH; h++) {
        lines.push(`      float ${name}m${h} = 0.0;`);
        for (let k = 0; k < v.tapsW; k++) {
          lines.push(`      ${name}m${h} += getX(oh${r}_${h} + ow${c}_${k} + ${q}) * ww${c}_${k};`);
        }
      }
      lines.push(`      float ${name} = 0.0;`);
      for (let h = 0; h < v.tapsH; h++) lines.push(`      ${name} += ${name}m${h} * wh${r}_${h};`);
    }
    lines.push(v.layout === 'flat' ? `      setOutput(${values[0]});` : `      setOutput(vec4(${values.join(', ')}));`);
    this.userCode = `
    // ${PROGRAM_MARKER} (fused H+W)
    void main() {${head}
${lines.join('\n')}
    }`;
  }
}
