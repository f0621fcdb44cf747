/**
 * `ScaleAndTranslate`'s per-axis spans (`ComputeSpansCore` in `scale_and_translate_op.cc`): output
 * `o` samples the input at `s = (o + 0.5) / scale - translation / scale`; the kernel (stretched by
 * the inverse scale when antialiasing a downsample) weighs the cells whose centres lie within its
 * radius, and the weights are normalised to sum to 1. Samples outside `[0, in]` give 0.
 */
import {AxisTable, makeTable} from '../axis_table';
import {TINY_WEIGHT_SUM} from './resize_scale';
import type {SamplingKernel} from './sampling_kernels';

const f32 = Math.fround;

/**
 * One axis of `ScaleAndTranslate`. Every row has TensorFlow's `real_span_size` taps from its start
 * (the weights past the span proper are 0), so the sums run over exactly the taps TensorFlow's
 * `GatherRows`/`GatherColumns` read.
 * @example
 * spanAxis(4, 8, samplingKernel('triangle'), 2, 0, true).taps; // 3
 */
export function spanAxis(
    inSize: number, outSize: number, kernel: SamplingKernel, scale: number, translate: number,
    antialias: boolean): AxisTable {
  const invScale = f32(1.0 / scale);
  const invTranslate = f32(-invScale * translate);
  const kernelScale = antialias ? Math.max(invScale, 1) : 1;
  const reach = f32(kernel.radius * kernelScale);
  const spanSize = Math.min(2 * Math.ceil(reach) + 1, inSize);
  const invKernelScale = f32(1 / kernelScale);
  const t = makeTable(inSize, outSize, spanSize);
  const w = new Float32Array(spanSize);
  for (let o = 0; o < outSize; o++) {
    const sample = f32(f32(f32(o + 0.5) * invScale) + invTranslate);
    let start = 0;
    if (!(sample < 0 || sample > inSize)) {
      start = Math.min(Math.max(Math.ceil(f32(f32(sample - reach) - 0.5)), 0), inSize - 1);
      const end = Math.min(Math.max(Math.floor(f32(f32(sample + reach) - 0.5)), 0), inSize - 1) + 1;
      if (end - start > spanSize) {
        throw new Error(`ScaleAndTranslate: span is too large: ${end - start} vs ${spanSize}`);
      }
      let total = 0;
      for (let j = 0; j < end - start; j++) {
        const position = f32(f32(f32(start + j) + 0.5) - sample);
        w[j] = kernel.weight(Math.abs(f32(position * invKernelScale)));
        total = f32(total + w[j]);
      }
      if (Math.abs(total) >= TINY_WEIGHT_SUM) {
        const inv = f32(1 / total);
        for (let j = 0; j < end - start; j++) t.weight[o * spanSize + j] = f32(w[j] * inv);
      }
    }
    t.count[o] = Math.min(start + spanSize, inSize) - start;
    for (let j = 0; j < t.count[o]; j++) t.index[o * spanSize + j] = start + j;
  }
  return t;
}
