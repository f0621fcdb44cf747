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

function fail(message: string): never {
  throw new Error(`interpolate: ${message}`);
}

function snakeToCamel(key: string): string {
  return key.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase());
}

function checkKeys(options: object): void {
  for (const key of Object.keys(options)) {
    if (!(OPTION_KEYS as readonly string[]).includes(key)) {
      const camel = snakeToCamel(key);
      const hint = (OPTION_KEYS as readonly string[]).includes(camel) ? ` (did you mean '${camel}'?)` : '';
      fail(`unknown option '${key}'${hint}. Valid options are: ${OPTION_KEYS.join(', ')}.`);
    }
  }
}

function checkBoolean(name: string, value: unknown): boolean {
  if (value == null) return false;
  if (typeof value !== 'boolean') fail(`${name} must be a boolean, got ${JSON.stringify(value)}`);
  return value;
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
    fail(`${name} must be a number or an array of numbers, got ${JSON.stringify(value)}`);
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
  const mode = (options.mode ?? 'nearest') as string;
  if (typeof mode !== 'string') fail(`mode must be a string, got ${JSON.stringify(mode)}`);
  const dataFormat = options.dataFormat ?? 'channelsFirst';
  if (dataFormat !== 'channelsFirst' && dataFormat !== 'channelsLast') {
    fail(`dataFormat must be 'channelsFirst' or 'channelsLast', got ${JSON.stringify(dataFormat)}`);
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
  if (rank < 3 || rank > 5 || !(MODES as readonly string[]).includes(mode) ||
      (mode === 'bicubic' && rank !== 4)) {
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
  const typedMode = mode as InterpolateMode;
  const outSize = spatialOutputSize(inSpatial, {size: sizes, scaleFactor: scales});
  const channels = last ? shape[rank - 1] : shape[1];
  checkSizes(typedMode, shape, inSpatial, outSize, channels, last);
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
