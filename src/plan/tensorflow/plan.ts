/**
 * Plans for TensorFlow's resizes: from an NHWC input shape and validated attributes to the output
 * shape and the H and W axis tables, as a {@link ForwardKernelPlan} every forward kernel runs
 * unchanged (separable passes, in TensorFlow's order). Pure TypeScript, memoised.
 */
import {identityTable} from '../axis_table';
import {lruMemo} from '../memo';
import type {ForwardKernelPlan} from '../plan';
import {areaAxis, areaOutputScale} from './area_axis';
import {bicubicAxis} from './bicubic_axis';
import {samplingKernel} from './sampling_kernels';
import {spanAxis} from './span_axis';
import type {TensorFlowResizeAttrs} from './types';

/** A TensorFlow resize as separable passes, plus the factor applied to their result. */
export interface TensorFlowResizePlan extends ForwardKernelPlan {
  readonly attrs: Readonly<TensorFlowResizeAttrs>;
  /**
   * `ResizeArea` only: the sums are multiplied by this float32 factor (TensorFlow's last step);
   * 1 for the other ops.
   */
  readonly outputScale: number;
}

/** Rows (H) before columns (W): `ResizeBicubic` and `ScaleAndTranslate`. */
const ROWS_FIRST = [1, 2] as const;
/** Columns before rows: `ResizeArea` sums each row's cells first. */
const COLUMNS_FIRST = [2, 1] as const;

function planKey(inShape: readonly number[], a: TensorFlowResizeAttrs): string {
  return `${inShape.join(',')}|${a.op}|${a.size.join(',')}|${+a.alignCorners}|${+a.halfPixelCenters}|` +
      `${a.kernelType}|${+a.antialias}|${a.scale.join(',')}|${a.translation.join(',')}`;
}

/**
 * Builds the plan of `attrs.op` for an NHWC input of shape `inShape` (validated by the op).
 * @example
 * const plan = makeTensorFlowResizePlan([1, 4, 4, 3], {op: 'ResizeBicubic', size: [8, 8],
 *     alignCorners: false, halfPixelCenters: true, kernelType: 'lanczos3', antialias: true,
 *     scale: [1, 1], translation: [0, 0]});
 * plan.outShape; // [1, 8, 8, 3]
 */
export function makeTensorFlowResizePlan(
    inShape: readonly number[], attrs: TensorFlowResizeAttrs): TensorFlowResizePlan {
  const [n, inH, inW, c] = inShape;
  const [outH, outW] = attrs.size;
  let h, w, order: readonly number[];
  let outputScale = 1;
  if (attrs.op === 'ResizeBicubic') {
    h = bicubicAxis(inH, outH, attrs.alignCorners, attrs.halfPixelCenters);
    w = bicubicAxis(inW, outW, attrs.alignCorners, attrs.halfPixelCenters);
    order = ROWS_FIRST;
  } else if (attrs.op === 'ResizeArea') {
    h = areaAxis(inH, outH, attrs.alignCorners, true);
    w = areaAxis(inW, outW, attrs.alignCorners, false);
    order = COLUMNS_FIRST;
    outputScale = areaOutputScale(inShape, attrs.size, attrs.alignCorners);
  } else {
    const kernel = samplingKernel(attrs.kernelType);
    h = spanAxis(inH, outH, kernel, attrs.scale[0], attrs.translation[0], attrs.antialias);
    w = spanAxis(inW, outW, kernel, attrs.scale[1], attrs.translation[1], attrs.antialias);
    order = ROWS_FIRST;
  }
  return {
    key: planKey(inShape, attrs),
    attrs: {...attrs, size: attrs.size.slice(), scale: attrs.scale.slice(), translation: attrs.translation.slice()},
    inShape: inShape.slice(),
    outShape: [n, outH, outW, c],
    outer: n,
    inner: c,
    channels: c,
    inSpatial: [1, inH, inW],
    outSpatial: [1, outH, outW],
    forward: {method: 'separable', axes: [identityTable(), h, w], floatChannels: 0, order},
    outputScale,
  };
}

const memo = lruMemo<TensorFlowResizePlan>(32);

/** Memoised {@link makeTensorFlowResizePlan} (least recently used plans dropped past 32). */
export function getTensorFlowResizePlan(
    inShape: readonly number[], attrs: TensorFlowResizeAttrs): TensorFlowResizePlan {
  return memo(planKey(inShape, attrs), () => makeTensorFlowResizePlan(inShape, attrs));
}
