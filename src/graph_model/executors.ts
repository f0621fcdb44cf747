/**
 * tfjs-converter executors for TensorFlow's `ResizeBicubic`, `ResizeArea` and `ScaleAndTranslate`
 * graph nodes. Attributes arrive under TensorFlow's names; ones the graph does not store take
 * TensorFlow's defaults. Structural types only: tfjs-converter is not imported here.
 */
import type {Tensor} from '@tensorflow/tfjs-core';

import type {SamplingKernelType, TensorFlowResizeOp} from '../plan/tensorflow/types';
import {resizeArea, resizeBicubic, scaleAndTranslate} from './ops';

/** What tfjs-converter passes a registered op (its `GraphNode`). */
export interface GraphNodeLike {
  inputs: Tensor[];
  attrs: {[key: string]: unknown};
}

/** An executor as tfjs-converter's `registerOp` takes it. */
export type GraphOpExecutor = (node: GraphNodeLike) => Tensor;

function inputs(op: TensorFlowResizeOp, node: GraphNodeLike, names: string[]): Tensor[] {
  if (node.inputs.length < names.length) {
    throw new Error(`${op}: expected ${names.length} inputs (${names.join(', ')}), got ${node.inputs.length}`);
  }
  return node.inputs.slice(0, names.length);
}

function attr<T extends boolean|string>(op: TensorFlowResizeOp, node: GraphNodeLike, name: string, def: T): T {
  const v = node.attrs[name];
  if (v == null) return def;
  if (typeof v !== typeof def) throw new Error(`${op}: attribute ${name} must be a ${typeof def}, got ${String(v)}`);
  return v as T;
}

/** Executors by TensorFlow op name. */
export const GRAPH_MODEL_EXECUTORS: Readonly<Record<TensorFlowResizeOp, GraphOpExecutor>> = Object.freeze({
  ResizeBicubic: (node: GraphNodeLike) => {
    const [images, size] = inputs('ResizeBicubic', node, ['images', 'size']);
    return resizeBicubic(images, size, {
      alignCorners: attr('ResizeBicubic', node, 'align_corners', false),
      halfPixelCenters: attr('ResizeBicubic', node, 'half_pixel_centers', false),
    });
  },
  ResizeArea: (node: GraphNodeLike) => {
    const [images, size] = inputs('ResizeArea', node, ['images', 'size']);
    return resizeArea(images, size, {alignCorners: attr('ResizeArea', node, 'align_corners', false)});
  },
  ScaleAndTranslate: (node: GraphNodeLike) => {
    const [images, size, scale, translation] =
        inputs('ScaleAndTranslate', node, ['images', 'size', 'scale', 'translation']);
    return scaleAndTranslate(images, size, scale, translation, {
      kernelType: attr('ScaleAndTranslate', node, 'kernel_type', 'lanczos3') as SamplingKernelType,
      antialias: attr('ScaleAndTranslate', node, 'antialias', true),
    });
  },
});
