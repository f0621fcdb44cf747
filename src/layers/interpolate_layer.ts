/**
 * `Interpolate`: a tf.js Layers wrapper of {@link interpolate}, the counterpart of PyTorch's
 * `nn.Upsample` (with every `F.interpolate` option). It has no weights, works in `tf.sequential`
 * and functional `tf.model`s, and survives `model.save` / `tf.loadLayersModel`.
 */
import * as tfc from '@tensorflow/tfjs-core';
import {layers} from '@tensorflow/tfjs-layers';
import type {Shape} from '@tensorflow/tfjs-layers';

import {interpolate} from '../ops/interpolate';
import {OPTION_KEYS} from '../ops/options';
import type {InterpolateOptions} from '../ops/options';
import {checkBoolean, unknownOptionMessage, validateOptions} from '../ops/validate';
import {spatialOutputSize} from '../plan/output_size';
import type {DataFormat, InterpolateMode} from '../plan/types';

/** tf.js's own layer arguments (`LayerArgs`, which tfjs-layers exports only from its dist/). */
type BaseLayerArgs = NonNullable<ConstructorParameters<typeof layers.Layer>[0]>;

/**
 * Constructor arguments of the {@link Interpolate} layer: {@link InterpolateOptions} plus tf.js's
 * usual layer arguments (`name`, `inputShape`, `batchInputShape`, `trainable`, ...).
 *
 * Unlike the op, the layer's `dataFormat` defaults to `'channelsLast'` (`N, D?, H?, W, C`), the
 * tf.js Layers convention shared with `conv2d`, `upSampling2d` and friends.
 */
export interface InterpolateLayerArgs extends BaseLayerArgs {
  /**
   * Output spatial size: one number for every spatial axis, or one per axis (outermost first).
   * Exactly one of `size` and `scaleFactor` must be given.
   */
  size?: number|number[];
  /**
   * Multiplier for the spatial size (one for all axes, or one per axis); the output size is
   * `floor(inputSize * scaleFactor)`. Exactly one of `size` and `scaleFactor` must be given.
   */
  scaleFactor?: number|number[];
  /**
   * Algorithm; default `'nearest'`. Rank 3 input (`N, W, C`) accepts nearest, nearest-exact, linear,
   * area; rank 4 nearest, nearest-exact, bilinear, bicubic, area; rank 5 nearest, nearest-exact,
   * trilinear, area.
   */
  mode?: InterpolateMode;
  /**
   * Align the corner pixels' centres (linear, bilinear, bicubic, trilinear only). Leave it unset
   * for the other modes: as in PyTorch, even `false` is an error with them.
   */
  alignCorners?: boolean;
  /** Antialias when downsampling (bilinear and bicubic, rank 4); default `false`. */
  antialias?: boolean;
  /** Derive the kernel's scale from the sizes instead of `scaleFactor`; default `false`. */
  recomputeScaleFactor?: boolean;
  /**
   * Input and output layout; default `'channelsLast'` (`N, D?, H?, W, C`, the tf.js Layers
   * convention; note that the {@link interpolate} op defaults to `'channelsFirst'`).
   */
  dataFormat?: DataFormat;
}

/** tf.layers' own constructor arguments (`LayerArgs`), which every layer accepts. */
const BASE_ARGS: readonly (keyof BaseLayerArgs)[] =
    ['name', 'trainable', 'inputShape', 'batchInputShape', 'batchSize', 'dtype', 'weights', 'inputDType'];

/**
 * Rejects argument names that are neither the op's options nor tf.layers' own (a PyTorch spelling
 * such as `align_corners`, a typo), which would otherwise be ignored silently.
 */
function checkArgNames(args: InterpolateLayerArgs|undefined): InterpolateLayerArgs {
  const valid = [...OPTION_KEYS, ...BASE_ARGS] as string[];
  for (const key of Object.keys(args ?? {})) {
    // tf.loadLayersModel adds `customObjects` to every config it deserializes.
    if (!valid.includes(key) && key !== 'customObjects') {
      throw new Error(`Interpolate layer: ${unknownOptionMessage(key, valid)}`);
    }
  }
  return args ?? {};
}

const MODE_RANK: Readonly<Partial<Record<string, number>>> =
    {linear: 3, bilinear: 4, bicubic: 4, trilinear: 5};

function toShape(inputShape: Shape|Shape[]): Shape {
  if (Array.isArray(inputShape[0])) {
    const shapes = inputShape as Shape[];
    if (shapes.length !== 1) {
      throw new Error(`Interpolate layer expects exactly one input, got ${shapes.length}`);
    }
    return shapes[0];
  }
  return inputShape as Shape;
}

function copyNumbers(value: number|number[]|null|undefined): number|number[]|null {
  if (value == null) return null;
  return Array.isArray(value) ? value.slice() : value;
}

function perAxis(value: number|number[], dims: number): number[] {
  return Array.isArray(value) ? value : new Array<number>(dims).fill(value);
}

/**
 * A stand-in input size for an unknown dimension: one with a positive output size for `scale`
 * (so only errors that every real input would hit are reported), or 1.
 */
function placeholderSize(scale: number|undefined): number {
  if (scale == null || !Number.isFinite(scale) || scale <= 0) return 1;
  let n = Math.max(1, Math.ceil(1 / scale));
  while (Math.floor(n * scale) < 1) n *= 2;
  return n;
}

/**
 * Merges two validation messages that differ only in stand-in sizes: differing numbers become `?`.
 * Messages of different structure: the first one.
 */
function mergeMessages(a: string, b: string): string {
  if (a === b) return a;
  const pa = a.split(/(\d+)/);
  const pb = b.split(/(\d+)/);
  if (pa.length !== pb.length || pa.some((part, i) => i % 2 === 0 && part !== pb[i])) return a;
  return pa.map((part, i) => (i % 2 === 1 && part !== pb[i] ? '?' : part)).join('');
}

/**
 * Resizes the spatial axes of its input with {@link interpolate}: PyTorch's `nn.Upsample` /
 * `F.interpolate` as a tf.js layer. Output values equal the op's (and PyTorch 1.13.1's) exactly.
 *
 * Input: a rank 3, 4 or 5 tensor with a batch axis: `N, W, C` / `N, H, W, C` / `N, D, H, W, C`
 * (default `dataFormat: 'channelsLast'`) or `N, C, W` / ... (`'channelsFirst'`). Output: the same
 * batch and channels with the spatial size given by `size` or `floor(inSize * scaleFactor)`;
 * unknown (`null`) spatial dimensions stay `null` with `scaleFactor`.
 *
 * Defaults: `mode: 'nearest'`, `dataFormat: 'channelsLast'`, `alignCorners` unset, `antialias:
 * false`, `recomputeScaleFactor: false`. Arguments are checked at construction (and against the
 * input shape when the layer is built) with the op's PyTorch-style messages. The layer has no
 * weights; gradients flow through it, so it trains inside `model.fit`. Registered for
 * serialization under the class name `'Interpolate'`.
 *
 * @example
 * const model = tf.sequential({layers: [
 *   tf.layers.conv2d({inputShape: [8, 8, 1], filters: 4, kernelSize: 3, padding: 'same'}),
 *   interpolateLayer({scaleFactor: 2, mode: 'bilinear'}),   // [null, 16, 16, 4]
 * ]});
 */
export class Interpolate extends layers.Layer {
  /** The class name saved in `model.json` and looked up by `tf.loadLayersModel`. */
  static className = 'Interpolate';
  /** Requested output spatial size, or `null` when `scaleFactor` is used. */
  readonly size: number|number[]|null;
  /** Requested scale factor, or `null` when `size` is used. */
  readonly scaleFactor: number|number[]|null;
  /** Interpolation algorithm. */
  readonly mode: InterpolateMode;
  /** PyTorch `align_corners`, or `null` when unset. */
  readonly alignCorners: boolean|null;
  /** PyTorch `antialias`. */
  readonly antialias: boolean;
  /** PyTorch `recompute_scale_factor`. */
  readonly recomputeScaleFactor: boolean;
  /** Layout of input and output. */
  readonly dataFormat: DataFormat;

  /**
   * Creates the layer; prefer the {@link interpolateLayer} factory.
   * @throws Error with the {@link interpolate} op's message when the arguments are invalid, and
   *     for argument names that are neither options nor tf.layers' own (`name`, `trainable`,
   *     `inputShape`, `batchInputShape`, `batchSize`, `dtype`, `weights`, `inputDType`).
   */
  constructor(args: InterpolateLayerArgs) {
    super(checkArgNames(args));
    const a: Partial<InterpolateLayerArgs> = args ?? {};
    this.size = copyNumbers(a.size);
    this.scaleFactor = copyNumbers(a.scaleFactor);
    // `null` stays null so that the op rejects it, as PyTorch rejects mode=None.
    this.mode = a.mode === undefined ? 'nearest' : a.mode;
    // Booleans are checked as the op checks them: a string "false" from a hand-written config
    // must not switch an option on.
    this.alignCorners = a.alignCorners == null ? null : checkBoolean('alignCorners', a.alignCorners);
    this.antialias = checkBoolean('antialias', a.antialias);
    this.recomputeScaleFactor = checkBoolean('recomputeScaleFactor', a.recomputeScaleFactor);
    this.dataFormat = a.dataFormat ?? 'channelsLast';
    this.validate(this.declaredShape(a));
  }

  /** The op options this layer applies. */
  private options(): InterpolateOptions {
    const options: InterpolateOptions = {mode: this.mode, dataFormat: this.dataFormat};
    if (this.size != null) options.size = copyNumbers(this.size) as number|number[];
    if (this.scaleFactor != null) options.scaleFactor = copyNumbers(this.scaleFactor) as number|number[];
    if (this.alignCorners != null) options.alignCorners = this.alignCorners;
    if (this.antialias) options.antialias = true;
    if (this.recomputeScaleFactor) options.recomputeScaleFactor = true;
    return options;
  }

  /**
   * The input shape to check the arguments against at construction: the declared one, else a
   * rank the arguments imply (array length, else mode; rank 4 if neither) with unknown dimensions.
   */
  private declaredShape(a: Partial<InterpolateLayerArgs>): Shape {
    if (a.batchInputShape != null) return a.batchInputShape;
    if (a.inputShape != null) return [null, ...a.inputShape];
    const array = [this.size, this.scaleFactor].find((v) => Array.isArray(v)) as number[]|undefined;
    const rank = array != null ? array.length + 2 : MODE_RANK[this.mode] ?? 4;
    return new Array<null>(rank).fill(null);
  }

  /**
   * Validates the arguments for `shape`. Unknown dimensions get stand-in sizes, twice over (two
   * different sets): the arguments are rejected only if both fail, so only rules that every real
   * input would break throw; numbers that differ between the two messages (the stand-ins) are
   * shown as `?`.
   */
  private validate(shape: Shape): void {
    const first = this.check(shape, 0);
    if (first == null) return;
    const second = this.check(shape, 1);
    if (second == null) return;
    throw new Error(mergeMessages(first.message, second.message));
  }

  /** The op's validation error for `shape` with stand-in set `variant`, or `null` if it passes. */
  private check(shape: Shape, variant: number): Error|null {
    const rank = shape.length;
    const last = this.dataFormat === 'channelsLast';
    const dims = Math.max(0, rank - 2);
    const scales = this.scaleFactor != null && (!Array.isArray(this.scaleFactor) ||
                                                this.scaleFactor.length === dims) ?
        perAxis(this.scaleFactor, dims) : [];
    const concrete = shape.map((d, i) => {
      if (d != null) return d;
      const spatial = last ? i - 1 : i - 2;
      if (spatial < 0 || spatial >= dims) return 1;
      return placeholderSize(scales[spatial]) * (variant + 1) + variant;
    });
    try {
      validateOptions(concrete, 'float32', this.options());
      return null;
    } catch (e) {
      return e instanceof Error ? e : new Error(String(e));
    }
  }

  /** Checks the arguments against the input shape (the op's messages on mismatch). */
  override build(inputShape: Shape|Shape[]): void {
    this.validate(toShape(inputShape));
    super.build(inputShape);
  }

  /**
   * The output shape for `inputShape`; batch, channels and (with `scaleFactor`) unknown spatial
   * dimensions stay `null`.
   */
  override computeOutputShape(inputShape: Shape|Shape[]): Shape {
    const shape = toShape(inputShape);
    this.validate(shape);
    const rank = shape.length;
    const dims = rank - 2;
    const last = this.dataFormat === 'channelsLast';
    const inSpatial = last ? shape.slice(1, -1) : shape.slice(2);
    const known = inSpatial.map((d) => d ?? 1);
    const out: (number|null)[] = this.size != null ?
        spatialOutputSize(known, {size: perAxis(this.size, dims)}) :
        spatialOutputSize(known, {scaleFactor: perAxis(this.scaleFactor as number|number[], dims)})
            .map((s, i) => (inSpatial[i] == null ? null : s));
    const outSpatial = out.map((s) => (s != null && Object.is(s, -0) ? 0 : s));
    const batch = shape[0];
    const channels = last ? shape[rank - 1] : shape[1];
    return last ? [batch, ...outSpatial, channels] : [batch, channels, ...outSpatial];
  }

  /** Applies {@link interpolate} to the (single) input tensor. */
  override call(inputs: tfc.Tensor|tfc.Tensor[]): tfc.Tensor {
    return tfc.tidy(() => {
      if (Array.isArray(inputs) && inputs.length !== 1) {
        throw new Error(`Interpolate layer expects exactly one input, got ${inputs.length}`);
      }
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      return interpolate(x, this.options());
    });
  }

  /**
   * The layer's configuration: the base layer's plus `size`, `scaleFactor`, `mode`,
   * `alignCorners`, `antialias`, `recomputeScaleFactor` and `dataFormat` (unset ones as `null`).
   * `new Interpolate(layer.getConfig())` rebuilds an identical layer, and every value survives
   * tf.js's camelCase/snake_case rewriting on save and load (mode names contain no `_` and no
   * capitals).
   */
  override getConfig(): tfc.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      size: copyNumbers(this.size),
      scaleFactor: copyNumbers(this.scaleFactor),
      mode: this.mode,
      alignCorners: this.alignCorners,
      antialias: this.antialias,
      recomputeScaleFactor: this.recomputeScaleFactor,
      dataFormat: this.dataFormat,
    };
  }
}
tfc.serialization.registerClass(Interpolate);

/**
 * Creates an {@link Interpolate} layer: PyTorch's `nn.Upsample` / `F.interpolate` for tf.js Layers
 * models. `dataFormat` defaults to `'channelsLast'` (tf.js Layers convention), `mode` to
 * `'nearest'`; exactly one of `size` and `scaleFactor` is required.
 *
 * @param args See {@link InterpolateLayerArgs}.
 * @throws Error with the {@link interpolate} op's message when the arguments are invalid.
 * @example
 * const input = tf.input({shape: [16, 16, 3]});
 * const down = interpolateLayer({size: 8, mode: 'area'}).apply(input);
 * const up = interpolateLayer({scaleFactor: 2, mode: 'bicubic', alignCorners: true}).apply(down);
 * const model = tf.model({inputs: input, outputs: up as tf.SymbolicTensor});
 */
export function interpolateLayer(args: InterpolateLayerArgs): Interpolate {
  return new Interpolate(args);
}
