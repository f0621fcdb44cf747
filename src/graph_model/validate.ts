/**
 * TensorFlow's argument rules for the three resizes (`ImageResizerState`,
 * `ScaleAndTranslateOp::Compute`), checked in TensorFlow's order; every message names the op.
 */
import {SAMPLING_KERNEL_TYPES, SamplingKernelType, TensorFlowResizeAttrs, TensorFlowResizeOp} from '../plan/tensorflow/types';

/** A 1-D argument (`size`, `scale`, `translation`) as the op received it. */
export interface VectorArg {
  shape: readonly number[];
  dtype: string;
  values: readonly number[];
}

const INT32_MAX = 2 ** 31 - 1;

function fail(op: TensorFlowResizeOp, message: string): never {
  throw new Error(`${op}: ${message}`);
}

function checkImages(op: TensorFlowResizeOp, shape: readonly number[], dtype: string): void {
  if (shape.length !== 4) {
    fail(op, `input must be 4-dimensional (NHWC), got shape [${shape}]`);
  }
  if (dtype !== 'float32' && dtype !== 'int32') {
    fail(op, `images must be a real-number tensor (float32 or int32), got ${dtype}`);
  }
}

function checkSize(op: TensorFlowResizeOp, name: string, size: VectorArg): void {
  if (size.shape.length !== 1) fail(op, `${name} must be 1-dimensional, got shape [${size.shape}]`);
  if (size.values.length !== 2) fail(op, `${name} must have two elements, got shape [${size.shape}]`);
  if (size.dtype !== 'int32' || !size.values.every(Number.isInteger)) {
    fail(op, `${name} must hold int32 values, got ${size.dtype} [${size.values}]`);
  }
}

function checkInputSizes(op: TensorFlowResizeOp, shape: readonly number[]): void {
  if (shape[1] > INT32_MAX || shape[2] > INT32_MAX) fail(op, 'input sizes must be between 0 and max int32');
}

function checkPositive(op: TensorFlowResizeOp, size: VectorArg): void {
  if (!(size.values[0] > 0 && size.values[1] > 0)) {
    fail(op, `output dimensions must be positive, got [${size.values}]`);
  }
}

function checkFloatPair(op: TensorFlowResizeOp, name: string, v: VectorArg): void {
  if (v.shape.length !== 1) fail(op, `${name} must be 1-dimensional, got shape [${v.shape}]`);
  if (v.values.length !== 2) fail(op, `${name} must have two elements, got shape [${v.shape}]`);
  if (v.dtype !== 'float32') fail(op, `${name} must be float32, got ${v.dtype}`);
}

const BASE = {
  alignCorners: false,
  halfPixelCenters: false,
  kernelType: 'lanczos3' as SamplingKernelType,
  antialias: true,
  scale: [1, 1],
  translation: [0, 0],
};

/**
 * `ResizeBicubic` / `ResizeArea` (`ImageResizerState::ValidateAndCalculateOutputSize`).
 * `halfPixelCenters` is always false for `ResizeArea`, which has no such attribute.
 */
export function validateResize(
    op: 'ResizeBicubic'|'ResizeArea', shape: readonly number[], dtype: string, size: VectorArg,
    alignCorners: boolean, halfPixelCenters: boolean): TensorFlowResizeAttrs {
  if (halfPixelCenters && alignCorners) fail(op, 'If half_pixel_centers is True, align_corners must be False.');
  checkImages(op, shape, dtype);
  if (!(shape[3] > 0)) fail(op, 'image must have at least one channel');
  if (!(shape[1] > 0 && shape[2] > 0)) fail(op, `input image must be of non-zero size, got shape [${shape}]`);
  checkInputSizes(op, shape);
  checkSize(op, 'size', size);
  checkPositive(op, size);
  return {...BASE, op, size: size.values.slice(), alignCorners, halfPixelCenters};
}

/** `ScaleAndTranslate` (kernel type first, as the op's constructor checks it). */
export function validateScaleAndTranslate(
    shape: readonly number[], dtype: string, size: VectorArg, scale: VectorArg,
    translation: VectorArg, kernelType: string, antialias: boolean): TensorFlowResizeAttrs {
  const op = 'ScaleAndTranslate';
  if (!(SAMPLING_KERNEL_TYPES as readonly string[]).includes(kernelType)) {
    fail(op, `Unrecognized kernel type: ${kernelType} (expected one of ${SAMPLING_KERNEL_TYPES.join(', ')})`);
  }
  checkImages(op, shape, dtype);
  checkSize(op, 'size', size);
  checkInputSizes(op, shape);
  checkPositive(op, size);
  if (!(shape[3] > 0)) fail(op, 'image must have at least one channel');
  if (!(shape[1] > 0 && shape[2] > 0)) fail(op, `input image must be of non-zero size, got shape [${shape}]`);
  checkFloatPair(op, 'scale', scale);
  if (!(scale.values[0] > 0 && scale.values[1] > 0)) fail(op, `Scale must be greater than zero, got [${scale.values}]`);
  checkFloatPair(op, 'translation', translation);
  return {
    ...BASE,
    op,
    size: size.values.slice(),
    kernelType: kernelType as SamplingKernelType,
    antialias,
    scale: scale.values.map(Math.fround),
    translation: translation.values.map(Math.fround),
  };
}
