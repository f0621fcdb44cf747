/**
 * The WebGPU (WGSL) programs: one separable pass along one axis of a tensor viewed as
 * `[pre, inLen, post]` -> `[pre, outLen, post]`, or two passes (H and W) fused into one program.
 * Tables come in as storage buffers (`int32` rows `[count, index x taps]`, `float32` weights), every
 * size is a uniform, and the shader key names only the variant, so tf.js's pipeline cache gets one
 * entry per variant and resizing to other sizes compiles nothing.
 *
 * Structural types only: `@tensorflow/tfjs-backend-webgpu` is neither imported nor required.
 */
import type {PassKind} from '../../plan/schedule';

/** The parts of tf.js's `WebGPUProgram` these programs fill in. */
export interface WebGPUProgramLike {
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: {x: number[]};
  dispatch: [number, number, number];
  variableNames: string[];
  uniforms: string;
  workgroupSize: [number, number, number];
  size: boolean;
  /** Components per element of each input (`vec4` data), and of the output. */
  variableComponents?: number[];
  outputComponent?: number;
  getUserCode(): string;
}

/** A comment in, and a prefix of the key of, every program of this package. */
export const PROGRAM_MARKER = 'tfjsInterpolate';

const WORKGROUP = 64;

/**
 * A weighted read of `x` as float: tf.js's webgpu backend keeps an int32 tensor cast to float32 in
 * its int32 buffer (the cast is an identity there) and declares the binding by that storage type.
 */
function asFloat(read: string, vec4 = false): string {
  return vec4 ? `vec4<f32>(${read})` : `f32(${read})`;
}

/**
 * Workgroups for `n` outputs, always laid out over two dimensions: tf.js keys pipelines by whether
 * a dispatch is one-dimensional, so a flat dispatch for small sizes and a folded one past
 * `maxComputeWorkgroupsPerDimension` would be two pipelines. Outputs past `n` return early.
 */
export function dispatchFor(n: number, maxPerDimension: number): [number, number, number] {
  const groups = Math.max(1, Math.ceil(n / WORKGROUP));
  const rows = Math.max(2, Math.ceil(groups / maxPerDimension));
  const cols = Math.ceil(groups / rows);
  if (cols > maxPerDimension) {
    throw new Error(
        `interpolate (webgpu): ${n} outputs need more than ${maxPerDimension}^2 workgroups of ` +
        `${WORKGROUP} (maxComputeWorkgroupsPerDimension = ${maxPerDimension})`);
  }
  return [cols, rows, 1];
}

/**
 * Fields every program shares. The output is declared `[n, 1]` and every input one-dimensional:
 * tf.js's key then sees the same ranks, no broadcast and no equal shapes whatever the sizes (the
 * kernels re-label the result).
 */
abstract class BaseProgram implements WebGPUProgramLike {
  outputShape: number[];
  abstract shaderKey: string;
  dispatchLayout = {x: [0, 1]};
  dispatch: [number, number, number];
  abstract variableNames: string[];
  abstract uniforms: string;
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  size = true;

  constructor(n: number, maxPerDimension: number) {
    this.outputShape = [n, 1];
    this.dispatch = dispatchFor(n, maxPerDimension);
  }

  abstract getUserCode(): string;
}

/** Shader variant of a pass: weighted sum or copy, and a tap count fixed in the source or not. */
export interface PassVariant {
  kind: PassKind;
  /** The tap count (every output uses all of them), fixed in the shader; null = per-output count. */
  fixedTaps: number|null;
}

/** Loop over the taps of row `row` (per-output count unless fixed). */
function tapLoop(v: PassVariant, k: string, idx: string, row: string, taps: string, body: string): string {
  const bound = v.fixedTaps != null ? `${v.fixedTaps}` : `${idx}[${row} * (${taps} + 1)]`;
  return `for (var ${k} = 0; ${k} < ${bound}; ${k}++) {
${body}
        }`;
}

/**
 * One pass along an axis. Inputs: `x` (the data), `idxT` (int32 rows `[count, index x taps]`) and,
 * for sums, `wgtT` (float32 weights, `taps` per row). Output `(p, j, q)` is
 * `acc = 0; acc += x[p, index_k, q] * w_k` over the taps in order (copy: `x[p, index_0, q]`).
 */
export class InterpolatePassProgram extends BaseProgram {
  shaderKey: string;
  variableNames: string[];
  uniforms = 'inLen : i32, outLen : i32, post : i32, taps : i32,';
  private readonly v: PassVariant;

  constructor(n: number, v: PassVariant, maxPerDimension: number) {
    super(n, maxPerDimension);
    this.v = v;
    this.variableNames = v.kind === 'copy' ? ['x', 'idxT'] : ['x', 'idxT', 'wgtT'];
    this.shaderKey = `${PROGRAM_MARKER}Pass_${v.kind}_${v.fixedTaps ?? 'n'}`;
  }

  getUserCode(): string {
    const {v} = this;
    const read = (k: string) => `x[base + idxT[row + 1 + ${k}] * uniforms.post]`;
    const body = v.kind === 'copy' ? `result[index] = ${read('0')};` : `var acc = 0.0;
        ${tapLoop(v, 'k', 'idxT', 'j', 'uniforms.taps', `          acc = acc + ${asFloat(read('k'))} * wgtT[j * uniforms.taps + k];`)}
        result[index] = acc;`;
    return `
      // ${PROGRAM_MARKER} pass
      fn main(index : i32) {
        if (index >= uniforms.size) { return; }
        let q = index % uniforms.post;
        let t = index / uniforms.post;
        let j = t % uniforms.outLen;
        let p = t / uniforms.outLen;
        let base = p * uniforms.inLen * uniforms.post + q;
        let row = j * (uniforms.taps + 1);
        ${body}
      }`;
  }
}

/** Shader variant of a fused H+W program. */
export interface FusedVariant {
  kind: PassKind;
  /** `w`: the W pass runs first (forward, inner loop over W taps); `h`: H first (gradient). */
  first: 'w'|'h';
  /** Fixed tap counts of the H and W tables (all used), or null for per-output counts. */
  fixedTapsH: number|null;
  fixedTapsW: number|null;
}

/**
 * Two passes in one program: `[pre, inH, inW, post]` -> `[pre, outH, outW, post]`. For each tap of
 * the second axis it forms the value the first pass would have stored (`m = 0; m += x * w` over the
 * first axis's taps), then combines those in the second pass's order, so the arithmetic is the
 * two-pass arithmetic without the intermediate buffer. Inputs: `x`, then per table (H, then W) its
 * `idx` rows and, for sums, its weights.
 */
export class InterpolateFusedProgram extends BaseProgram {
  shaderKey: string;
  variableNames: string[];
  uniforms = 'inH : i32, inW : i32, outH : i32, outW : i32, post : i32, tapsH : i32, tapsW : i32,';
  private readonly v: FusedVariant;

  constructor(n: number, v: FusedVariant, maxPerDimension: number) {
    super(n, maxPerDimension);
    this.v = v;
    this.variableNames = v.kind === 'copy' ? ['x', 'idxH', 'idxW'] : ['x', 'idxH', 'wgtH', 'idxW', 'wgtW'];
    this.shaderKey =
        `${PROGRAM_MARKER}Fused_${v.kind}_${v.first}_${v.fixedTapsH ?? 'n'}_${v.fixedTapsW ?? 'n'}`;
  }

  getUserCode(): string {
    const {v} = this;
    const head = `
      // ${PROGRAM_MARKER} fused H+W
      fn main(index : i32) {
        if (index >= uniforms.size) { return; }
        let q = index % uniforms.post;
        var t = index / uniforms.post;
        let j = t % uniforms.outW;
        t = t / uniforms.outW;
        let i = t % uniforms.outH;
        let p = t / uniforms.outH;
        let base = p * uniforms.inH * uniforms.inW * uniforms.post + q;
        let rowH = i * (uniforms.tapsH + 1);
        let rowW = j * (uniforms.tapsW + 1);`;
    const at = (h: string, w: string) => `x[base + (${h} * uniforms.inW + ${w}) * uniforms.post]`;
    if (v.kind === 'copy') {
      return `${head}
        result[index] = ${at('idxH[rowH + 1]', 'idxW[rowW + 1]')};
      }`;
    }
    const hv = {kind: v.kind, fixedTaps: v.fixedTapsH};
    const wv = {kind: v.kind, fixedTaps: v.fixedTapsW};
    const ih = 'idxH[rowH + 1 + a]';
    const iw = 'idxW[rowW + 1 + b]';
    const wh = 'wgtH[i * uniforms.tapsH + a]';
    const ww = 'wgtW[j * uniforms.tapsW + b]';
    const [outerV, outerK, outerIdx, outerRow, outerTaps, outerW] = v.first === 'w' ?
        [hv, 'a', 'idxH', 'i', 'uniforms.tapsH', wh] : [wv, 'b', 'idxW', 'j', 'uniforms.tapsW', ww];
    const [innerV, innerK, innerIdx, innerRow, innerTaps, innerW] = v.first === 'w' ?
        [wv, 'b', 'idxW', 'j', 'uniforms.tapsW', ww] : [hv, 'a', 'idxH', 'i', 'uniforms.tapsH', wh];
    const inner = tapLoop(innerV, innerK, innerIdx, innerRow, innerTaps,
        `            m = m + ${asFloat(at(ih, iw))} * ${innerW};`);
    const outer = tapLoop(outerV, outerK, outerIdx, outerRow, outerTaps, `          var m = 0.0;
          ${inner}
          acc = acc + m * ${outerW};`);
    return `${head}
        var acc = 0.0;
        ${outer}
        result[index] = acc;
      }`;
  }
}

/** Shader variant of the fixed-tap forward program. */
export interface FixedVariant {
  kind: PassKind;
  /** Tap counts of the H and W tables (1, 2 or 4, every output uses all of them). */
  tapsH: number;
  tapsW: number;
  /**
   * What one invocation computes: up to four consecutive channels of a position (`chan`), four
   * channels as `vec4` data (`vec4`, `post` a multiple of 4), or up to four consecutive W
   * positions of a row (`row`, `post == 1`: channels-first).
   */
  block: 'chan'|'vec4'|'row';
}

/** `vec4`s per row of a compact table: `[i0, i1, w0, w1]`, or `[i0..i3]` then `[w0..w3]`. */
export function compactRowLength(taps: number): number {
  return taps <= 2 ? 1 : 2;
}

/**
 * The forward's W pass and then its H pass in one program, for tables whose every output uses all
 * of its 1, 2 or 4 taps (nearest, linear, bicubic): `[pre, inH, inW, post]` ->
 * `[pre, outH, outW, post]`. Each invocation computes up to four consecutive channels `q` of one
 * output position, so the table rows (compact `vec4` rows, see {@link compactRowLength}; indices
 * stored as exact floats) are read once for all of them. The arithmetic is the two-pass arithmetic:
 * per H tap `m = 0; m += x * ww` over the W taps, then `acc = 0; acc += m * wh`.
 * Inputs: `x`, `tabH`, `tabW`. Uniforms: sizes and `blocks = ceil(post / 4)`, `threads`.
 */
export class InterpolateFixedProgram extends BaseProgram {
  shaderKey: string;
  variableNames = ['x', 'tabH', 'tabW'];
  variableComponents: number[];
  outputComponent: number;
  uniforms = 'inH : i32, inW : i32, outH : i32, outW : i32, post : i32, blocks : i32, threads : i32,';
  private readonly v: FixedVariant;

  /** @param n Output elements. @param threads Invocations (`pre * outH * outW * blocks`). */
  constructor(n: number, threads: number, v: FixedVariant, maxPerDimension: number) {
    super(n, maxPerDimension);
    this.size = false;
    this.dispatch = dispatchFor(threads, maxPerDimension);
    this.v = v;
    const vec4 = v.block === 'vec4';
    this.variableComponents = [vec4 ? 4 : 1, 4, 4];
    this.outputComponent = vec4 ? 4 : 1;
    this.shaderKey = `${PROGRAM_MARKER}Fixed_${v.kind}_${v.tapsH}_${v.tapsW}_${v.block}`;
  }

  getUserCode(): string {
    const {v} = this;
    const taps = (name: string, tab: string, row: string, n: number) => {
      const lines: string[] = [];
      const r = compactRowLength(n);
      lines.push(`let ${name}0 = ${tab}[${row} * ${r}];`);
      if (r === 2) lines.push(`let ${name}1 = ${tab}[${row} * ${r} + 1];`);
      const comp = ['x', 'y', 'z', 'w'];
      const idx = (k: number) => `${name}0.${comp[k]}`;
      const wgt = (k: number) => r === 1 ? `${name}0.${comp[k + 2]}` : `${name}1.${comp[k]}`;
      return {lines, idx, wgt};
    };
    const vec4 = v.block === 'vec4';
    const h = taps('th', 'tabH', 'i', v.tapsH);
    const w = taps('tw', 'tabW', 'j', v.tapsW);
    const hLines = [...h.lines];
    for (let a = 0; a < v.tapsH; a++) {
      hLines.push(`let r${a} = base + i32(${h.idx(a)}) * uniforms.inW * uniforms.post;`);
    }
    const wLines = [...w.lines];
    for (let b = 0; b < v.tapsW; b++) wLines.push(`let c${b} = i32(${w.idx(b)}) * uniforms.post;`);
    // Reads of element offset `e` (in elements; vec4 data is addressed in units of 4).
    const at = (e: string) => vec4 ? `x[(${e}) / 4]` : `x[${e}]`;
    const zero = vec4 ? 'vec4<f32>(0.0)' : '0.0';
    const value = (q: string) => {
      if (v.kind === 'copy') return {code: [] as string[], result: at(`r0 + c0 + ${q}`)};
      const code = [`var acc = ${zero};`];
      for (let a = 0; a < v.tapsH; a++) {
        code.push(`var m${a} = ${zero};`);
        for (let b = 0; b < v.tapsW; b++) code.push(`m${a} = m${a} + ${asFloat(at(`r${a} + c${b} + ${q}`), vec4)} * ${w.wgt(b)};`);
        code.push(`acc = acc + m${a} * ${h.wgt(a)};`);
      }
      return {code, result: 'acc'};
    };
    const nl = '\n        ';
    let body: string;
    if (v.block === 'row') {
      const val = value('0');
      body = `let j0 = (index - u * uniforms.blocks) * 4;
        let p = u / uniforms.outH;
        let i = u - p * uniforms.outH;
        let base = p * uniforms.inH * uniforms.inW;
        let out = (p * uniforms.outH + i) * uniforms.outW;
        ${hLines.join(nl)}
        let jn = min(4, uniforms.outW - j0);
        for (var cj = 0; cj < jn; cj++) {
          let j = j0 + cj;
          ${wLines.join(nl + '  ')}
          ${val.code.join(nl + '  ')}
          result[out + j] = ${val.result};
        }`;
    } else {
      const val = value(vec4 ? 'q0' : 'q');
      const store = vec4 ? `${val.code.join(nl)}
        result[(out + q0) / 4] = ${val.result};` : `let qn = min(4, uniforms.post - q0);
        for (var c = 0; c < qn; c++) {
          let q = q0 + c;
          ${val.code.join(nl + '  ')}
          result[out + q] = ${val.result};
        }`;
      body = `let q0 = (index - u * uniforms.blocks) * 4;
        let t = u;
        let uw = t / uniforms.outW;
        let j = t - uw * uniforms.outW;
        let p = uw / uniforms.outH;
        let i = uw - p * uniforms.outH;
        let base = p * uniforms.inH * uniforms.inW * uniforms.post;
        let out = ((p * uniforms.outH + i) * uniforms.outW + j) * uniforms.post;
        ${hLines.join(nl)}
        ${wLines.join(nl)}
        ${store}`;
    }
    return `
      // ${PROGRAM_MARKER} fixed H+W
      fn main(index : i32) {
        if (index >= uniforms.threads) { return; }
        let u = index / uniforms.blocks;
        ${body}
      }`;
  }
}
