/**
 * Plans and data for the bit-for-bit comparisons of the compiled kernels (native addon, wasm
 * module) with the JavaScript reference: random valid plans over every mode, rank, layout,
 * antialias, align corners and user scales, plus fixed shapes that reach the vector and
 * multi-threaded paths.
 */
import {InterpolatePlan, makeInterpolatePlan} from '../../src/plan/plan';
import type {InterpolateAttrs, InterpolateMode} from '../../src/plan/types';

const MODES_BY_RANK: Record<number, InterpolateMode[]> = {
  1: ['nearest', 'nearest-exact', 'linear', 'area'],
  2: ['nearest', 'nearest-exact', 'bilinear', 'bicubic', 'area'],
  3: ['nearest', 'nearest-exact', 'trilinear', 'area'],
};

/** A random plan and a label that names its shape and attributes. */
export interface FuzzCase {
  label: string;
  plan: InterpolatePlan;
}

/** Random valid plan number `i` drawn from `r` (shapes small enough for hundreds per test). */
export function randomCase(r: () => number, i: number): FuzzCase {
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const dims = int(1, 3);
  const modes = MODES_BY_RANK[dims];
  const mode = modes[int(0, modes.length - 1)];
  const maxSide = dims === 3 ? 7 : dims === 2 ? 20 : 40;
  const inS = Array.from({length: dims}, () => int(1, maxSide));
  const useScales = mode !== 'area' && r() < 0.4;
  const scales: number[] = [];
  const outSize = inS.map((n) => {
    if (r() < 0.15) {
      scales.push(0);
      return n;  // unchanged size (copy / identity special cases)
    }
    const s = 0.2 + r() * 3.3;
    const out = Math.max(1, Math.floor(n * s));
    scales.push(useScales ? s : 0);
    return out;
  });
  if (mode === 'area' && r() < 0.1) outSize.fill(1);  // the `mean` path
  const linear = mode === 'linear' || mode === 'bilinear' || mode === 'bicubic' || mode === 'trilinear';
  const n = int(1, 2);
  // Channel counts around PyTorch's 8-lane split (floatChannels) and the single-channel kernels.
  const channels = [1, 1, 2, 3, 8, 9, 17][int(0, 6)];
  const attrs: InterpolateAttrs = {
    mode,
    alignCorners: linear && r() < 0.5,
    antialias: (mode === 'bilinear' || mode === 'bicubic') && r() < 0.35,
    outSize,
    scales,
    dataFormat: r() < 0.5 ? 'channelsFirst' : 'channelsLast',
  };
  const inShape = attrs.dataFormat === 'channelsLast' ? [n, ...inS, channels] : [n, channels, ...inS];
  return {label: `#${i} [${inShape}] ${JSON.stringify(attrs)}`, plan: makeInterpolatePlan(inShape, attrs)};
}

/** `n` values in [-1, 1), one in twenty scaled by 1e4. */
export function randomData(r: () => number, n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = (r() * 2 - 1) * (r() < 0.05 ? 1e4 : 1);
  return a;
}

/** The first element where `a` and `b` differ (`Object.is`), or null when they are identical. */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): string|null {
  if (a.length !== b.length) return `length ${a.length} vs ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) return `index ${i}: ${a[i]} vs js ${b[i]}`;
  }
  return null;
}

/** The kernel paths `plan` takes: `f:<forward method>`, `b:<method>/<combine>/<doubleAccumulate>`. */
export function pathsOf(plan: InterpolatePlan): string[] {
  const b = plan.backward;
  return [`f:${plan.forward.method}`, `b:${b.method}/${b.combine}/${b.doubleAccumulate}`];
}

/** Every kernel path; the random plans must reach them all. */
export const ALL_PATHS = [
  'f:gather', 'f:separable', 'f:linearDouble', 'f:area', 'f:mean', 'b:scatter/add/false',
  'b:scatter/weightsFirst/false', 'b:scatter/weightsFirst/true', 'b:scatter/gradFirst/false',
  'b:scatter/divide/false', 'b:mean/divide/false', 'b:copy/gradFirst/false',
];

/** An input shape and the attributes that differ from bilinear, channels-first, no align corners. */
export type ShapeCase = [number[], Partial<InterpolateAttrs>];

/** Full attributes of a {@link ShapeCase}. */
export function caseAttrs(a: Partial<InterpolateAttrs>): InterpolateAttrs {
  return {
    mode: 'bilinear', alignCorners: false, antialias: false, outSize: [], scales: a.outSize?.map(() => 0) ?? [],
    dataFormat: 'channelsFirst', ...a,
  };
}

/** Sizes large enough for the addon's thread pool. */
export const BIG_CASES: readonly ShapeCase[] = [
  [[2, 8, 64, 64], {mode: 'bilinear', outSize: [128, 128]}],
  [[1, 64, 64, 32], {mode: 'bilinear', outSize: [128, 64], dataFormat: 'channelsLast', alignCorners: true}],
  [[1, 3, 96, 80], {mode: 'bicubic', outSize: [191, 160]}],
  [[1, 90, 70, 3], {mode: 'bicubic', outSize: [45, 35], antialias: true, dataFormat: 'channelsLast'}],
  // Channels-last planes share W-passed rows between output rows (and batches follow each other).
  [[3, 37, 41, 5], {mode: 'bicubic', outSize: [83, 70], dataFormat: 'channelsLast'}],
  [[2, 61, 45, 7], {mode: 'bilinear', outSize: [19, 100], antialias: true, dataFormat: 'channelsLast'}],
  [[2, 4, 150, 120], {mode: 'bilinear', outSize: [37, 50], antialias: true}],
  [[1, 16, 128, 128], {mode: 'area', outSize: [37, 37]}],
  [[1, 128, 96, 48], {mode: 'area', outSize: [40, 33], dataFormat: 'channelsLast'}],
  [[1, 32, 80, 80], {mode: 'area', outSize: [1, 1]}],
  [[2, 8, 64, 64], {mode: 'nearest', outSize: [100, 90]}],
  [[1, 64, 64, 48], {mode: 'nearest-exact', outSize: [33, 100], dataFormat: 'channelsLast'}],
  [[1, 1, 200, 180], {mode: 'bilinear', outSize: [301, 257]}],
  [[1, 4, 16, 16, 16], {mode: 'trilinear', outSize: [32, 32, 32]}],
  [[1, 12, 10, 14, 40], {mode: 'trilinear', outSize: [7, 28, 20], dataFormat: 'channelsLast', alignCorners: true}],
  [[4, 16, 4000], {mode: 'linear', outSize: [9001]}],
];

/**
 * The vector paths: blocks of 8 planes in the channels-first gradients, 8-row W passes, streamed
 * outputs, windowed W passes (windows of 8 and 16, tables that just miss them, short rows, clamped
 * last windows, missing taps), the double-accumulating single-channel kernel, channels-last rows of
 * a few channels and area rows.
 */
export const VECTOR_CASES: readonly ShapeCase[] = [
  [[1, 16, 64, 64], {mode: 'bilinear', outSize: [128, 128], alignCorners: true}],
  [[1, 17, 33, 29], {mode: 'bilinear', outSize: [70, 61]}],
  [[1, 17, 33, 29], {mode: 'bilinear', outSize: [70, 61], alignCorners: true}],
  [[2, 9, 20, 23], {mode: 'bicubic', outSize: [41, 47]}],
  [[2, 9, 20, 23], {mode: 'bicubic', outSize: [41, 47], alignCorners: true}],
  [[1, 8, 40, 30], {mode: 'bilinear', outSize: [13, 11], alignCorners: true}],
  [[1, 8, 5, 3], {mode: 'bilinear', outSize: [40, 37]}],
  [[1, 24, 7, 9], {mode: 'bicubic', outSize: [3, 2]}],
  [[1, 12, 50, 50], {mode: 'bilinear', outSize: [23, 19], antialias: true}],
  [[1, 16, 8, 8, 8], {mode: 'trilinear', outSize: [16, 16, 16]}],
  [[1, 9, 6, 7, 5], {mode: 'trilinear', outSize: [11, 3, 13], alignCorners: true}],
  [[2, 8, 100], {mode: 'linear', outSize: [333]}],
  [[9, 20, 20, 1], {mode: 'bilinear', outSize: [41, 39], dataFormat: 'channelsLast'}],
  [[16, 20, 20, 1], {mode: 'bicubic', outSize: [30, 45], dataFormat: 'channelsLast', alignCorners: true}],
  [[1, 2, 800, 700], {mode: 'bilinear', outSize: [1201, 1000]}],
  [[1, 3, 600, 500], {mode: 'bicubic', outSize: [900, 1111]}],
  // Windowed W pass: windows of 8 (upsampling) and 16 (halving), tables that just miss it
  // (bicubic halving spans 18 inputs), rows shorter than a window, outputs not a multiple of 8,
  // the last window clamped to the row's end, and tables with missing taps (antialias).
  [[1, 3, 64, 512], {mode: 'bilinear', outSize: [32, 256]}],
  [[1, 3, 64, 512], {mode: 'bilinear', outSize: [32, 256], alignCorners: true}],
  [[1, 3, 64, 510], {mode: 'bicubic', outSize: [32, 255]}],
  [[1, 3, 64, 101], {mode: 'bicubic', outSize: [32, 157]}],
  [[1, 3, 64, 101], {mode: 'bicubic', outSize: [32, 157], alignCorners: true}],
  [[1, 2, 9, 12], {mode: 'bilinear', outSize: [19, 13]}],
  [[1, 2, 9, 7], {mode: 'bilinear', outSize: [19, 15]}],
  [[1, 2, 9, 17], {mode: 'bilinear', outSize: [19, 9]}],
  [[1, 2, 33, 40], {mode: 'bilinear', outSize: [40, 29]}],
  [[1, 4, 30, 200], {mode: 'bilinear', outSize: [30, 400]}],
  [[3, 5, 333], {mode: 'linear', outSize: [1000]}],
  [[3, 5, 333], {mode: 'linear', outSize: [166], alignCorners: true}],
  [[1, 2, 40, 96], {mode: 'bicubic', outSize: [20, 48], antialias: true}],
  // PyTorch's double-accumulating single-channel kernel on windowed W tables.
  [[2, 1, 64, 512], {mode: 'bilinear', outSize: [32, 256]}],
  [[2, 1, 30, 61], {mode: 'bilinear', outSize: [47, 123], alignCorners: true}],
  [[3, 30, 61, 1], {mode: 'bilinear', outSize: [47, 123], dataFormat: 'channelsLast'}],
  [[1, 1, 6, 9, 40], {mode: 'trilinear', outSize: [11, 5, 77]}],
  [[2, 1, 50], {mode: 'linear', outSize: [99]}],
  // Channels-last rows of a few channels: windows over interleaved channels, gathered windows.
  [[1, 40, 64, 3], {mode: 'bilinear', outSize: [80, 128], dataFormat: 'channelsLast'}],
  [[1, 40, 64, 3], {mode: 'bilinear', outSize: [20, 32], dataFormat: 'channelsLast'}],
  [[2, 21, 37, 4], {mode: 'bicubic', outSize: [43, 75], dataFormat: 'channelsLast', alignCorners: true}],
  [[1, 30, 90, 2], {mode: 'bicubic', outSize: [11, 29], dataFormat: 'channelsLast'}],
  [[1, 9, 11, 8], {mode: 'bilinear', outSize: [17, 5], dataFormat: 'channelsLast'}],
  [[1, 9, 11, 5], {mode: 'bilinear', outSize: [17, 7], dataFormat: 'channelsLast', antialias: true}],
  [[1, 4, 5, 6, 3], {mode: 'trilinear', outSize: [9, 11, 13], dataFormat: 'channelsLast'}],
  [[2, 77, 6], {mode: 'linear', outSize: [31], dataFormat: 'channelsLast'}],
  // Area rows: windows of 8 and 16, gathered windows, counts differing within a block, depth.
  [[1, 3, 40, 33], {mode: 'area', outSize: [70, 61]}],
  [[1, 3, 40, 96], {mode: 'area', outSize: [20, 48]}],
  [[1, 3, 40, 97], {mode: 'area', outSize: [13, 29]}],
  [[2, 2, 30, 128], {mode: 'area', outSize: [11, 37]}],
  [[1, 2, 5, 9, 50], {mode: 'area', outSize: [3, 4, 17]}],
  [[2, 3, 200], {mode: 'area', outSize: [61]}],
  [[1, 30, 64, 3], {mode: 'area', outSize: [11, 21], dataFormat: 'channelsLast'}],
  [[1, 30, 64, 20], {mode: 'area', outSize: [11, 21], dataFormat: 'channelsLast'}],
];
