/**
 * PyTorch 1.13.1's argument rules for `interpolate`, in PyTorch's order (so the same error wins),
 * turning user options into the plain-data kernel attributes. Pure: no tf.js import.
 */
import {kernelScales, spatialOutputSize} from '../plan/output_size';
import {DataFormat, InterpolateAttrs, InterpolateMode, MODES} from '../plan/types';
import {InterpolateOptions, OPTION_KEYS} from './options';

const LINEAR_MODES: readonly string[] = ['linear', 'bilinear', 'bicubic', 'trilinear'];
// Modes PyTorch names in a "needs ND input" error; bicubic at the wrong rank gets the generic one.
const MODE_RANK: Readonly<Record<string, number>> = {linear: 3, bilinear: 4, trilinear: 5};
const AXIS_NAMES = ['D', 'H', 'W'];
/**
 * The most elements an output may have: every backend indexes with 32-bit integers, and the JS
 * kernels keep offsets in Int32Arrays. Larger requests are refused before anything is allocated.
 */
export const MAX_ELEMENTS = 2 ** 31 - 1;
const BYTES_PER_ELEMENT = 4;

function fail(message: string): never {
  throw new Error(`interpolate: ${message}`);
}

function snakeToCamel(key: string): string {
  return key.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase());
}

/** Edit distance (insertions, deletions, substitutions, adjacent swaps) between `a` and `b`. */
function editDistance(a: string, b: string): number {
  const d = Array.from({length: a.length + 1}, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

/**
 * ` (did you mean 'x'?)` for the candidate `name` most likely stands for (same letters ignoring
 * case, `_` and `-`; PyTorch's snake_case spelling; a name it is part of; a typo of at most two
 * edits), or `''`.
 */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const squash = (t: string) => t.toLowerCase().replace(/[_-]/g, '');
  const key = squash(name);
  const guess = candidates.find((c) => squash(c) === key || c === snakeToCamel(name)) ??
      (key.length >= 3 ? candidates.find((c) => squash(c).includes(key)) : undefined) ??
      candidates.map((c) => ({c, d: editDistance(key, squash(c))}))
          .filter(({d}) => d <= Math.min(2, Math.floor(key.length / 3)))
          .sort((x, y) => x.d - y.d)[0]?.c;
  return guess != null ? ` (did you mean '${guess}'?)` : '';
}

/** The message for an option name that is not one of `valid`. */
export function unknownOptionMessage(key: string, valid: readonly string[]): string {
  return `unknown option '${key}'${didYouMean(key, valid)}. Valid options are: ${valid.join(', ')}.`;
}

function checkKeys(options: object): void {
  for (const key of Object.keys(options)) {
    if (!(OPTION_KEYS as readonly string[]).includes(key)) fail(unknownOptionMessage(key, OPTION_KEYS));
  }
}

/**
 * A short description of a user value for messages: JSON for plain data, and for a tensor its
 * dtype and shape rather than its internals.
 */
export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(describeValue).join(', ')}]`;
  if (value != null && typeof value === 'object') {
    const t = value as {shape?: unknown, dtype?: unknown, dataId?: unknown};
    if (Array.isArray(t.shape) && typeof t.dtype === 'string' && t.dataId != null) {
      return `a tensor (${t.dtype}, shape [${t.shape.join(', ')}])`;
    }
    return `an object (${value.constructor?.name ?? 'no prototype'})`;
  }
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** `value` as a boolean option: `undefined`/`null` is `false`, any non-boolean is an error. */
export function checkBoolean(name: string, value: unknown): boolean {
  if (value == null) return false;
  if (typeof value !== 'boolean') fail(`${name} must be a boolean, got ${describeValue(value)}`);
  return value;
}

/**
 * The mode, checked before anything that depends on it: a name that is not a mode (PyTorch would
 * report the input rank) gets a suggestion and the list; `null` is rejected as PyTorch rejects
 * `mode=None` (leave it out for the default, `'nearest'`).
 */
function checkMode(options: InterpolateOptions): InterpolateMode {
  if (options.mode === undefined) return 'nearest';
  const mode: unknown = options.mode;
  if (typeof mode === 'string' && (MODES as readonly string[]).includes(mode)) return mode as InterpolateMode;
  const hint = typeof mode === 'string' ? didYouMean(mode, MODES) : '';
  const what = mode === null ? 'mode null (PyTorch rejects mode=None; leave mode out for the default, nearest)' :
      typeof mode === 'string' ? `mode '${mode}'` : `mode ${describeValue(mode)}`;
  return fail(`unknown ${what}${hint}. Valid modes are: ${MODES.join(', ')}.`);
}

function formatCount(n: number): string {
  return Number.isSafeInteger(n) ? String(n) : n.toExponential(3);
}

/**
 * Refuses outputs beyond {@link MAX_ELEMENTS} before any allocation, naming the option, the shape
 * asked for and its bytes (instead of an out-of-memory error from deep inside a backend).
 */
function checkOutputElements(
    option: string, request: unknown, shape: readonly number[], inSpatial: readonly number[],
    outSize: readonly number[], last: boolean): void {
  const outShape = last ? [shape[0], ...outSize, shape[shape.length - 1]] :
                          [shape[0], shape[1], ...outSize];
  const elements = outShape.reduce((a, b) => a * b, 1);
  if (elements <= MAX_ELEMENTS && outSize.every((s) => s <= MAX_ELEMENTS)) return;
  fail(`${option} ${formatValue(request)} on spatial size [${inSpatial.join(', ')}] asks for an ` +
       `output of shape [${outShape.map(formatCount).join(', ')}]: ${formatCount(elements)} elements, ` +
       `${formatCount(elements * BYTES_PER_ELEMENT)} bytes; the limit is ${MAX_ELEMENTS} elements ` +
       `(${MAX_ELEMENTS * BYTES_PER_ELEMENT} bytes) per tensor`);
}

function formatValue(value: unknown): string {
  return Array.isArray(value) ? `[${value.join(', ')}]` : String(value);
}

function spatialFormat(dataFormat: DataFormat): string {
  return dataFormat === 'channelsLast' ? '(N, d1, d2, ...,dK, C)' : '(N, C, d1, d2, ...,dK)';
}

function perAxis(
    name: 'size'|'scaleFactor', value: unknown, inSpatial: readonly number[],
    dataFormat: DataFormat): number[] {
  const dims = inSpatial.length;
  const values = Array.isArray(value) ? value : [value];
  if (values.some((v) => typeof v !== 'number')) {
    fail(`${name} must be a number or an array of numbers, got ${describeValue(value)}`);
  }
  if (Array.isArray(value) && value.length !== dims) {
    const what = name === 'size' ? 'output' : 'scaleFactor';
    const detail = name === 'size' ? `output size of ${formatValue(value)}` :
                                     `scaleFactor of shape ${formatValue(value)}`;
    const letter = name === 'size' ? 'o' : 's';
    fail(`Input and ${what} must have the same number of spatial dimensions, but got input with ` +
         `spatial dimensions of [${inSpatial.join(', ')}] and ${detail}. Please provide input ` +
         `tensor in ${spatialFormat(dataFormat)} format and ${name === 'size' ? 'output size' : name} in ` +
         `(${letter}1, ${letter}2, ...,${letter}K) format.`);
  }
  return Array.isArray(value) ? (value as number[]).slice() : new Array<number>(dims).fill(value as number);
}

function describeSizes(names: string[], sizes: readonly number[]): string {
  return sizes.map((s, i) => `${names[i]}: ${s}`).join(', ');
}

/** The C++ kernels' size checks (`upsample_*_common_check`, adaptive pooling). */
function checkSizes(
    mode: InterpolateMode, shape: readonly number[], inSpatial: readonly number[],
    outSize: readonly number[], channels: number, channelsLast: boolean): void {
  const dims = inSpatial.length;
  const names = AXIS_NAMES.slice(3 - dims);
  if (mode === 'area') {
    const pool = dims === 3 ? 'adaptive_avg_pool3d' : 'adaptive_avg_pool2d';
    if (outSize.some((s) => s < 0)) {
      const shown = dims === 1 ? [1, ...outSize] : outSize;
      fail(`${pool}: elements of output_size must be greater than or equal to 0 but received ` +
           `{${shown.join(', ')}} (size ${formatValue(outSize)})`);
    }
    const empty = inSpatial.findIndex((s) => s === 0);
    if (empty >= 0) {
      const dim = empty + (channelsLast ? 1 : 2);
      fail(`${pool}(): Expected input to have non-zero size for non-batch dimensions, but input ` +
           `has sizes [${shape.join(', ')}] with dimension ${dim} being empty`);
    }
    return;
  }
  if (inSpatial.some((s) => s <= 0) || outSize.some((s) => s <= 0)) {
    const sep = dims === 1 ? ' and output' : ' output';
    fail(`Input and output sizes should be greater than 0, but got input ` +
         `(${describeSizes(names, inSpatial)})${sep} (${describeSizes(names, outSize)})`);
  }
  if (channels === 0) {
    fail(`Non-empty ${dims + 2}D data tensor expected but got a tensor with sizes [${shape.join(', ')}]`);
  }
}

/**
 * Validates `options` for an input of `shape` and `dtype` and returns the kernel attributes.
 * Throws an `Error` whose message names the offending argument.
 */
export function validateOptions(
    shape: readonly number[], dtype: string, options: InterpolateOptions): InterpolateAttrs {
  if (options == null || typeof options !== 'object') {
    fail(`options must be an object such as {size: 6} or {scaleFactor: 2, mode: 'bilinear'}`);
  }
  checkKeys(options);
  const mode = checkMode(options);
  const dataFormat = options.dataFormat ?? 'channelsFirst';
  if (dataFormat !== 'channelsFirst' && dataFormat !== 'channelsLast') {
    fail(`dataFormat must be 'channelsFirst' or 'channelsLast', got ${describeValue(dataFormat)}`);
  }
  if ((mode === 'nearest' || mode === 'area' || mode === 'nearest-exact') &&
      options.alignCorners != null) {
    fail(`alignCorners option can only be set with the interpolating modes: linear | bilinear | ` +
         `bicubic | trilinear (got mode '${mode}')`);
  }
  const alignCorners = checkBoolean('alignCorners', options.alignCorners);
  const recompute = checkBoolean('recomputeScaleFactor', options.recomputeScaleFactor);
  const antialias = checkBoolean('antialias', options.antialias);
  const rank = shape.length;
  const last = dataFormat === 'channelsLast';
  const inSpatial = rank >= 2 ? (last ? shape.slice(1, -1) : shape.slice(2)) : [];
  const {size, scaleFactor} = options;
  if (size != null && scaleFactor != null) fail('only one of size or scaleFactor should be defined');
  const sizes = size != null ? perAxis('size', size, inSpatial, dataFormat) : undefined;
  const scales = scaleFactor != null ? perAxis('scaleFactor', scaleFactor, inSpatial, dataFormat) : undefined;
  if (sizes == null && scales == null) fail('either size or scaleFactor should be defined');
  if (recompute && sizes != null) fail('recomputeScaleFactor is not meaningful with an explicit size.');
  if (antialias && !((mode === 'bilinear' || mode === 'bicubic') && rank === 4)) {
    fail(`Anti-alias option is only supported for bilinear and bicubic modes on 4D input ` +
         `(got mode '${mode}' and ${rank}D input)`);
  }
  if (rank < 3 || rank > 5 || (mode === 'bicubic' && rank !== 4)) {
    fail(`Input Error: Only 3D, 4D and 5D input Tensors supported (got ${rank}D) for the modes: ` +
         `${MODES.join(' | ')} (got ${mode})`);
  }
  const needed = MODE_RANK[mode];
  if (needed != null && needed !== rank) {
    fail(`Got ${rank}D input, but ${mode} mode needs ${needed}D input`);
  }
  if (sizes != null && sizes.some((s) => !Number.isInteger(s))) {
    fail(`size must contain integers, got ${formatValue(size)}`);
  }
  if (scales != null && scales.some((s) => !Number.isFinite(s))) {
    fail(`scaleFactor must be finite, got ${formatValue(scaleFactor)} (PyTorch: IntArrayRef ` +
         `contains an int that cannot be represented as a SymInt)`);
  }
  const typedMode = mode;
  const outSize = spatialOutputSize(inSpatial, {size: sizes, scaleFactor: scales});
  const channels = last ? shape[rank - 1] : shape[1];
  checkSizes(typedMode, shape, inSpatial, outSize, channels, last);
  checkOutputElements(size != null ? 'size' : 'scaleFactor', size ?? scaleFactor, shape, inSpatial, outSize, last);
  const nearestFamily = typedMode === 'nearest' || typedMode === 'nearest-exact';
  if (dtype !== 'float32' && !(dtype === 'int32' && nearestFamily)) {
    fail(`mode '${typedMode}' needs float32 input${nearestFamily ? ' or int32' : ''}, got ${dtype}` +
         (dtype === 'int32' ? ` (only nearest and nearest-exact accept int32; cast with tf.cast(x, 'float32'))` : ''));
  }
  return {
    mode: typedMode,
    alignCorners: LINEAR_MODES.includes(typedMode) ? alignCorners : false,
    antialias,
    outSize: outSize.map((s) => (Object.is(s, -0) ? 0 : s)),
    scales: kernelScales(inSpatial.length, typedMode, scales, recompute),
    dataFormat,
  };
}
