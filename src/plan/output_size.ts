/**
 * Output sizes and kernel scales from `size` / `scaleFactor`, as `torch.nn.functional.interpolate`
 * derives them. Shared by the op and the layer's `computeOutputShape`, so both always agree.
 */
import type {InterpolateMode} from './types';

/**
 * `floor(in * scale)` in double, PyTorch's `compute_output_size` (and the recompute path).
 * @example spatialOutputSize([100], {scaleFactor: [0.29]}) // [28]: 100 * 0.29 = 28.999999999999996
 */
export function spatialOutputSize(
    inSpatial: readonly number[], request: {size?: readonly number[], scaleFactor?: readonly number[]}):
    number[] {
  if (request.size != null) return request.size.slice();
  const scale = request.scaleFactor ?? [];
  return inSpatial.map((n, i) => Math.floor(n * scale[i]));
}

/**
 * The per-axis scale the kernel receives: the user's `scaleFactor` unless `recomputeScaleFactor`
 * is set, the size was given, or the mode is `area`; `0` means "derive it from the sizes".
 */
export function kernelScales(
    dims: number, mode: InterpolateMode, scaleFactor: readonly number[]|undefined,
    recomputeScaleFactor: boolean): number[] {
  if (scaleFactor == null || recomputeScaleFactor || mode === 'area') {
    return new Array<number>(dims).fill(0);
  }
  return scaleFactor.slice();
}
