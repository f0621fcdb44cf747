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
import type {PassKind} from '../../plan/schedule';

export type {PassKind};

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
 * Encodes an axis table as the float32 array the programs read: one row of
 * {@link tableStride} values per output position. Indices are exact: float32 textures hold
 * integers to 2^24; with `split`, both halves stay below 2048.
 */
export function encodeTable(t: AxisTable, split: boolean): Float32Array {
  const stride = tableStride(t.taps, split);
  const limit = split ? MAX_AXIS_LENGTH : 1 << 24;
  if (t.inSize > limit) {
    throw new Error(`interpolate (webgl): axis length ${t.inSize} exceeds the supported ${limit}`);
  }
  const out = new Float32Array(t.outSize * stride);
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

/** A comment in every shader of this package, to find its programs in tf.js's binary cache. */
export const PROGRAM_MARKER = 'tfjs-interpolate pass';

/**
 * Start of every flat program: the flat output index `f` of a fragment of the 2-D output grid
 * (rows and columns are uniforms); fragments past the `uSize` outputs write 0.
 */
const FLAT_HEAD = `
      ivec2 rc = getOutputCoords();
      int f = rc.x * outShape[1] + rc.y;
      if (f >= uSize) {
        setOutput(0.0);
        return;
      }`;

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
    {name: 'uSize', type: 'int' as const},
    {name: 'uInLen', type: 'int' as const},
    {name: 'uOutLen', type: 'int' as const},
    {name: 'uPost', type: 'int' as const},
    {name: 'uTaps', type: 'int' as const},
    {name: 'uStride', type: 'int' as const},
  ];

  /**
   * @param grid Rows and columns of the output texture (at least 2 x 2, holding the
   * `pre * outLen * post` outputs): a grid of any size gives the same shader key.
   */
  constructor(grid: [number, number], v: PassVariant) {
    this.outputShape = grid.slice();
    const per = v.split ? 3 : 2;
    const index = (e: string) => v.split ?
        `int(getT(${e} + 1) + 0.5) * ${INDEX_SPLIT} + int(getT(${e} + 2) + 0.5)` :
        `int(getT(${e} + 1) + 0.5)`;
    const weight = (e: string) => `getT(${e} + ${per})`;
    const head = `${FLAT_HEAD}
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

/**
 * Copies a tensor into a texture of the given grid (rows and columns at least 2): inputs whose
 * texture has one row or one column would otherwise give the passes other shader keys.
 */
export class InterpolateCopyProgram implements WebGLProgramLike {
  variableNames = ['X'];
  outputShape: number[];
  userCode: string;
  enableShapeUniforms = true;
  packedInputs = false;
  packedOutput = false;
  customUniforms = [{name: 'uSize', type: 'int' as const}];

  constructor(grid: [number, number]) {
    this.outputShape = grid.slice();
    this.userCode = `
    // ${PROGRAM_MARKER} (copy)
    void main() {${FLAT_HEAD}
      setOutput(getX(f));
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
}

/**
 * The W pass and then the H pass of a forward in one program, for uniform tables (every output
 * uses all taps: linear, bicubic, nearest): the tensor viewed flat as `[pre, inH, inW, post]` ->
 * `[pre, outH, outW, post]`. Each output computes, for each of its H taps, the value the W pass
 * would have stored for that row (`acc = 0; acc += x_k * w_k` in tap order), then combines those
 * with the H weights in the same order as the H pass, so the arithmetic is the two-pass
 * arithmetic without the intermediate texture. `copy` reads the single tap (exact for int32).
 * The output is unpacked: a packed texture's shader key depends on whether its sizes are even.
 * Inputs: `X` (the data, flat, unpacked), `TW` and `TH` (the encoded W and H tables, flat).
 */
export class InterpolateFusedHWProgram implements WebGLProgramLike {
  variableNames = ['X', 'TW', 'TH'];
  outputShape: number[];
  userCode: string;
  enableShapeUniforms = true;
  packedInputs = false;
  packedOutput = false;
  customUniforms = [
    {name: 'uSize', type: 'int' as const},
    {name: 'uInH', type: 'int' as const},
    {name: 'uInW', type: 'int' as const},
    {name: 'uOutH', type: 'int' as const},
    {name: 'uOutW', type: 'int' as const},
    {name: 'uPost', type: 'int' as const},
    {name: 'uStrideH', type: 'int' as const},
    {name: 'uStrideW', type: 'int' as const},
  ];

  /** @param grid Rows and columns of the output texture (see InterpolatePassProgram). */
  constructor(grid: [number, number], v: FusedVariant) {
    this.outputShape = grid.slice();
    const per = v.split ? 3 : 2;
    const index = (t: string, e: string) => v.split ?
        `int(get${t}(${e} + 1) + 0.5) * ${INDEX_SPLIT} + int(get${t}(${e} + 2) + 0.5)` :
        `int(get${t}(${e} + 1) + 0.5)`;
    const weight = (t: string, e: string) => `get${t}(${e} + ${per})`;
    const lines: string[] = [
      '      int t = f / uPost;',
      '      int q = f - t * uPost;',
      '      int u = t / uOutW;',
      '      int j = t - u * uOutW;',
      '      int p = u / uOutH;',
      '      int i = u - p * uOutH;',
      '      int rowLen = uInW * uPost;',
      '      int base = p * uInH * rowLen;',
      '      int rw = j * uStrideW;',
      '      int rh = i * uStrideH;',
    ];
    // Offsets (times post) and weights of the W taps, then of the H taps (times the row length).
    for (let k = 0; k < v.tapsW; k++) {
      lines.push(`      int ow${k} = (${index('TW', `(rw + ${per * k})`)}) * uPost;`);
      if (v.kind === 'sum') lines.push(`      float ww${k} = ${weight('TW', `(rw + ${per * k})`)};`);
    }
    for (let k = 0; k < v.tapsH; k++) {
      lines.push(`      int oh${k} = base + (${index('TH', `(rh + ${per * k})`)}) * rowLen;`);
      if (v.kind === 'sum') lines.push(`      float wh${k} = ${weight('TH', `(rh + ${per * k})`)};`);
    }
    if (v.kind === 'copy') {
      lines.push('      setOutput(getX(oh0 + ow0 + q));');
    } else {
      for (let h = 0; h < v.tapsH; h++) {
        lines.push(`      float m${h} = 0.0;`);
        for (let k = 0; k < v.tapsW; k++) lines.push(`      m${h} += getX(oh${h} + ow${k} + q) * ww${k};`);
      }
      lines.push('      float acc = 0.0;');
      for (let h = 0; h < v.tapsH; h++) lines.push(`      acc += m${h} * wh${h};`);
      lines.push('      setOutput(acc);');
    }
    this.userCode = `
    // ${PROGRAM_MARKER} (fused H+W)
    void main() {${FLAT_HEAD}
${lines.join('\n')}
    }`;
  }
}
