"""An independent float32 model of TensorFlow's CPU kernels for ResizeBicubic, ResizeArea and
ScaleAndTranslate, written from TensorFlow's C++ sources:

  tensorflow/core/util/image_resizer_state.h        CalculateResizeScale, HalfPixelScaler, LegacyScaler
  tensorflow/core/kernels/image/resize_bicubic_op.cc InitCoeffsTable, GetWeightsAndIndices,
                                                     interpolate_with_caching
  tensorflow/core/kernels/image/resize_area_op.cc    CachedInterpolation, ComputePatchSum
  tensorflow/core/kernels/image/scale_and_translate_op.cc  ComputeSpansCore, GatherRows, GatherColumns
  tensorflow/core/kernels/image/sampling_kernels.h   the sampling kernels

It follows the kernels' loops (per output pixel, per tap) rather than the package's axis tables, so
it checks the tables as well as the passes. Every float operation is rounded to float32 where C++
rounds it (np.float32 scalars and arrays); C++ `double` sub-expressions are Python floats. Images
are NHWC numpy arrays of any real dtype (converted per element to float32, as the kernels'
`static_cast<float>` does); results are float32.

sin/exp: C++'s sinf (lanczos) is modelled as the double sine rounded to float32; gaussian's exp is
evaluated in double as in the source.
"""
import math

import numpy as np

F = np.float32
FLT_MIN = float(np.finfo(np.float32).tiny)
TINY_SUM = F(F(1000.0) * F(FLT_MIN))
TABLE_SIZE = 1024


def resize_scale(in_size, out_size, align_corners):
    if align_corners and out_size > 1:
        return F(F(in_size - 1) / F(out_size - 1))
    return F(F(in_size) / F(out_size))


def half_pixel(x, scale):
    return F(F(F(F(x) + F(0.5)) * scale) - F(0.5))


def legacy(x, scale):
    return F(F(x) * scale)


def bound(v, n):
    return min(n - 1, max(0, v))


# ---------------------------------------------------------------------------------------------
# ResizeBicubic

def coeffs_table(a):
    """InitCoeffsTable(double a)."""
    t = np.zeros((TABLE_SIZE + 1) * 2, np.float32)
    for i in range(TABLE_SIZE + 1):
        x = float(F(i * 1.0 / TABLE_SIZE))
        t[i * 2] = F(((a + 2) * x - (a + 3)) * x * x + 1)
        x = float(F(x + 1.0))
        t[i * 2 + 1] = F(((a * x - 5 * a) * x + 8 * a) * x - 4 * a)
    return t


KEYS_TABLE = coeffs_table(-0.5)
LEGACY_TABLE = coeffs_table(-0.75)


def weights_and_indices(scale, out_loc, limit, half_pixel_centers):
    """GetWeightsAndIndices: ([w0..w3], [i0..i3])."""
    in_loc_f = half_pixel(out_loc, scale) if half_pixel_centers else legacy(out_loc, scale)
    in_loc = int(math.floor(in_loc_f))
    delta = F(in_loc_f - F(in_loc))
    offset = int(np.rint(F(delta * F(TABLE_SIZE))))  # lrintf: ties to even
    t = KEYS_TABLE if half_pixel_centers else LEGACY_TABLE
    raw = [t[offset * 2 + 1], t[offset * 2], t[(TABLE_SIZE - offset) * 2], t[(TABLE_SIZE - offset) * 2 + 1]]
    idx = [bound(in_loc - 1 + k, limit) for k in range(4)]
    if not half_pixel_centers:
        return raw, idx
    w = [raw[k] if idx[k] == in_loc - 1 + k else F(0) for k in range(4)]
    s = F(F(F(w[0] + w[1]) + w[2]) + w[3])
    if abs(float(s)) >= float(TINY_SUM):
        inv = F(F(1.0) / s)
        w = [F(wk * inv) for wk in w]
    return w, idx


def interp1d(w, v):
    """Interpolate1D: v0*w0 + v1*w1 + v2*w2 + v3*w3, left to right in float32 (v: float32 arrays)."""
    acc = (v[0] * w[0]).astype(np.float32)
    for k in range(1, 4):
        acc = (acc + (v[k] * w[k]).astype(np.float32)).astype(np.float32)
    return acc


def resize_bicubic(images, size, align_corners=False, half_pixel_centers=False):
    x = images.astype(np.float32)
    n, ih, iw, c = x.shape
    oh, ow = size
    hs = resize_scale(ih, oh, align_corners)
    ws = resize_scale(iw, ow, align_corners)
    out = np.zeros((n, oh, ow, c), np.float32)
    xw = [weights_and_indices(ws, o, iw, half_pixel_centers) for o in range(ow)]
    for b in range(n):
        for y in range(oh):
            yw, yi = weights_and_indices(hs, y, ih, half_pixel_centers)
            rows = [x[b, yi[k]] for k in range(4)]
            for ox in range(ow):
                w, xi = xw[ox]
                # y interpolation at each of the 4 x taps (the cached values), then x.
                cached = [interp1d(yw, [rows[k][xi[j]] for k in range(4)]) for j in range(4)]
                out[b, y, ox] = interp1d(w, cached)
    return out


# ---------------------------------------------------------------------------------------------
# ResizeArea

def area_scale(v, lo, hi, scale):
    if F(v) < lo:
        return scale if F(v + 1) > hi else F(F(v + 1) - lo)
    return F(hi - F(v)) if F(v + 1) > hi else F(1.0)


def resize_area(images, size, align_corners=False):
    x = images.astype(np.float32)
    n, ih, iw, c = x.shape
    oh, ow = size
    hs = resize_scale(ih, oh, align_corners)
    ws = resize_scale(iw, ow, align_corners)
    x_interps = []
    for o in range(ow):
        in_x = F(F(o) * ws)
        in_x1 = F(F(o + 1) * ws)
        start = int(math.floor(in_x))
        end = int(math.ceil(in_x1))
        x_interps.append((start, end, area_scale(start, in_x, in_x1, ws), area_scale(end - 1, in_x, in_x1, ws)))
    scale = F(1.0 / float(F(hs * ws)))
    out = np.zeros((n, oh, ow, c), np.float32)
    for b in range(n):
        for y in range(oh):
            in_y = F(F(y) * hs)
            in_y1 = F(F(y + 1) * hs)
            y_start = int(math.floor(in_y))
            y_end = int(math.ceil(in_y1))
            ys = [(area_scale(i, in_y, in_y1, hs), x[b, bound(i, ih)]) for i in range(y_start, y_end)]
            for ox in range(ow):
                start, end, start_scale, end_scale = x_interps[ox]
                total = np.zeros(c, np.float32)
                for scale_y, row in ys:
                    sum_y = (row[bound(start, iw)] * start_scale).astype(np.float32)
                    if start + 1 != end:
                        for v in range(start + 1, end - 1):
                            sum_y = (sum_y + row[bound(v, iw)]).astype(np.float32)
                        sum_y = (sum_y + (row[bound(end - 1, iw)] * end_scale).astype(np.float32)).astype(np.float32)
                    total = (total + (sum_y * scale_y).astype(np.float32)).astype(np.float32)
                out[b, y, ox] = (total * scale).astype(np.float32)
    return out


# ---------------------------------------------------------------------------------------------
# ScaleAndTranslate

K_PI = F(3.14159265359)


def lanczos(radius):
    r = F(radius)

    def k(x):
        x = F(abs(x))
        if x > r:
            return F(0)
        if float(x) <= 1e-3:
            return F(1)
        px = F(K_PI * x)
        num = F(F(r * F(math.sin(float(px)))) * F(math.sin(float(F(px / r)))))
        return F(num / F(F(F(K_PI * K_PI) * x) * x))
    return r, k


def gaussian(x):
    x = F(abs(x))
    if x >= F(1.5):
        return F(0)
    sigma = F(F(1.5) / F(3.0))
    return F(math.exp(float(F(-x * x)) / (2.0 * float(sigma) * float(sigma))))


def box(x):
    x = F(abs(x))
    return F(1) if x < F(0.5) else (F(0.5) if x == F(0.5) else F(0))


def triangle(x):
    x = F(abs(x))
    return F(F(1) - x) if x < F(1) else F(0)


def keys_cubic(x):
    x = F(abs(x))
    if x >= F(2):
        return F(0)
    if x >= F(1):
        return F(F(F(F(F(F(-0.5) * x) + F(2.5)) * x - F(4.0)) * x) + F(2.0))
    return F(F(F(F(F(1.5) * x) - F(2.5)) * x) * x + F(1.0))


def mitchell_cubic(x):
    x = F(abs(x))
    if x >= F(2):
        return F(0)
    if x >= F(1):
        return F(F(F(F(F(F(F(-7.0) / F(18.0)) * x) + F(2.0)) * x - F(F(10.0) / F(3.0))) * x) + F(F(16.0) / F(9.0)))
    return F(F(F(F(F(F(7.0) / F(6.0)) * x) - F(2.0)) * x) * x + F(F(8.0) / F(9.0)))


KERNELS = {
    "lanczos1": lanczos(1.0), "lanczos3": lanczos(3.0), "lanczos5": lanczos(5.0),
    "gaussian": (F(1.5), gaussian), "box": (F(1.0), box), "triangle": (F(1.0), triangle),
    "keyscubic": (F(2.0), keys_cubic), "mitchellcubic": (F(2.0), mitchell_cubic),
}


def compute_spans(kernel_type, output_size, input_size, scale, translate, antialias):
    """ComputeSpansCore: (span_size, starts, weights[output_size, span_size])."""
    radius, kernel = KERNELS[kernel_type]
    inv_scale = F(1.0 / float(F(scale)))
    inv_translate = F(-inv_scale * F(translate))
    kernel_scale = max(inv_scale, F(1.0)) if antialias else F(1.0)
    reach = F(radius * kernel_scale)
    span_size = min(2 * int(math.ceil(reach)) + 1, input_size)
    starts = np.zeros(output_size, np.int64)
    weights = np.zeros((output_size, span_size), np.float32)
    one_over_kernel_scale = F(F(1.0) / kernel_scale)
    for x in range(output_size):
        col_f = F(F(x) + F(0.5))
        sample_f = F(F(col_f * inv_scale) + inv_translate)
        if sample_f < F(0) or sample_f > F(input_size):
            continue
        span_start = int(math.ceil(F(F(sample_f - reach) - F(0.5))))
        span_end = int(math.floor(F(F(sample_f + reach) - F(0.5))))
        span_start = min(max(span_start, 0), input_size - 1)
        span_end = min(max(span_end, 0), input_size - 1) + 1
        assert span_end - span_start <= span_size, "Span is too large"
        total = F(0)
        temp = []
        for source in range(span_start, span_end):
            pos = F(F(F(source) + F(0.5)) - sample_f)
            w = kernel(F(abs(F(pos * one_over_kernel_scale))))
            total = F(total + w)
            temp.append(w)
        if abs(float(total)) >= float(TINY_SUM):
            inv = F(F(1.0) / total)
            for j, w in enumerate(temp):
                weights[x, j] = F(w * inv)
        starts[x] = span_start
    return span_size, starts, weights


def scale_and_translate(images, size, scale, translation, kernel_type="lanczos3", antialias=True):
    x = images.astype(np.float32)
    n, ih, iw, c = x.shape
    oh, ow = size
    col = compute_spans(kernel_type, ow, iw, scale[1], translation[1], antialias)
    row = compute_spans(kernel_type, oh, ih, scale[0], translation[0], antialias)
    out = np.zeros((n, oh, ow, c), np.float32)
    for b in range(n):
        # GatherRows: intermediate [oh, iw, c], rows weighted in tap order from 0.
        span, starts, weights = row
        inter = np.zeros((oh, iw, c), np.float32)
        for y in range(oh):
            real = min(starts[y] + span, ih) - starts[y]
            for j in range(real):
                inter[y] = (inter[y] + (x[b, starts[y] + j] * weights[y, j]).astype(np.float32)).astype(np.float32)
        # GatherColumns.
        span, starts, weights = col
        for ox in range(ow):
            real = min(starts[ox] + span, iw) - starts[ox]
            acc = np.zeros((oh, c), np.float32)
            for j in range(real):
                acc = (acc + (inter[:, starts[ox] + j] * weights[ox, j]).astype(np.float32)).astype(np.float32)
            out[b, :, ox] = acc
    return out
