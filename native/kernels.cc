// Kernels; see kernels.h. Layout of every buffer: [outer, D, H, W, inner].
#include "kernels.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "thread_pool.h"

namespace tfjs_interpolate {
namespace {

int64_t size3(const int64_t* s) { return s[0] * s[1] * s[2]; }

/** Number of tasks to split `n` units into: a few per thread, for balance. */
int64_t chunksFor(int64_t n, int64_t workPerUnit) {
  const int64_t threads = Pool::instance().size();
  if (n * workPerUnit < (int64_t(1) << 15)) return 1;  // too small to be worth waking threads
  return std::min<int64_t>(n, 4 * threads);
}

bool uniform(const Axis& t) {
  for (int64_t o = 0; o < t.outSize; o++) {
    if (t.count[o] != t.taps) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Separable passes: acc = f32(x0*w0); acc = f32(acc + f32(xk*wk)).

/**
 * One output row of `len` elements combining input rows `src + index[k] * len` (row version, used
 * for every axis whose stride is not 1).
 */
inline void combineRows(const float* src, int64_t len, const Axis& t, int64_t j,
                        float* __restrict d) {
  const int64_t b = j * t.taps;
  const int32_t n = t.count[j];
  if (n == 0) {
    std::fill(d, d + len, 0.0f);
    return;
  }
  if (n == 2) {
    const float* __restrict r0 = src + int64_t(t.index[b]) * len;
    const float* __restrict r1 = src + int64_t(t.index[b + 1]) * len;
    const float w0 = t.weight[b], w1 = t.weight[b + 1];
    for (int64_t q = 0; q < len; q++) d[q] = r0[q] * w0 + r1[q] * w1;
    return;
  }
  {
    const float* __restrict r = src + int64_t(t.index[b]) * len;
    const float w = t.weight[b];
    for (int64_t q = 0; q < len; q++) d[q] = r[q] * w;
  }
  for (int32_t k = 1; k < n; k++) {
    const float* __restrict r = src + int64_t(t.index[b + k]) * len;
    const float w = t.weight[b + k];
    for (int64_t q = 0; q < len; q++) d[q] = d[q] + r[q] * w;
  }
}

/** W pass of one row: `src` holds inSize * inner, `dst` outSize * inner. */
inline void passRowW(const float* __restrict src, float* __restrict dst, const Axis& t,
                     bool uni, int64_t inner) {
  const int64_t outSize = t.outSize;
  if (inner != 1) {
    for (int64_t j = 0; j < outSize; j++) combineRows(src, inner, t, j, dst + j * inner);
    return;
  }
  const int32_t* idx = t.index;
  const float* w = t.weight;
  if (uni && t.taps == 2) {
    for (int64_t j = 0; j < outSize; j++) {
      dst[j] = src[idx[2 * j]] * w[2 * j] + src[idx[2 * j + 1]] * w[2 * j + 1];
    }
    return;
  }
  if (uni && t.taps == 4) {
    for (int64_t j = 0; j < outSize; j++) {
      const int32_t* i = idx + 4 * j;
      const float* v = w + 4 * j;
      float acc = src[i[0]] * v[0];
      acc = acc + src[i[1]] * v[1];
      acc = acc + src[i[2]] * v[2];
      dst[j] = acc + src[i[3]] * v[3];
    }
    return;
  }
  const int64_t taps = t.taps;
  for (int64_t j = 0; j < outSize; j++) {
    const int64_t b = j * taps;
    const int32_t n = t.count[j];
    if (n == 0) {
      dst[j] = 0.0f;
      continue;
    }
    float acc = src[idx[b]] * w[b];
    for (int32_t k = 1; k < n; k++) acc = acc + src[idx[b + k]] * w[b + k];
    dst[j] = acc;
  }
}

/** A pass along one axis of a [pre, inSize, post] buffer into [pre, outSize, post]. */
void passAxis(const float* src, float* dst, int64_t pre, int64_t post, const Axis& t) {
  const bool uni = uniform(t);
  const int64_t inSize = t.inSize, outSize = t.outSize;
  if (post == 1) {
    Pool::instance().run(pre, chunksFor(pre, outSize * t.taps), [&](int64_t b, int64_t e, int) {
      for (int64_t p = b; p < e; p++) passRowW(src + p * inSize, dst + p * outSize, t, uni, 1);
    });
    return;
  }
  const int64_t rows = pre * outSize;
  Pool::instance().run(rows, chunksFor(rows, post * t.taps), [&](int64_t b, int64_t e, int) {
    for (int64_t r = b; r < e; r++) {
      const int64_t p = r / outSize, j = r % outSize;
      combineRows(src + p * inSize * post, post, t, j, dst + r * post);
    }
  });
}

/**
 * W then H passes fused per block of output rows, so the W-pass rows stay in cache: each block W-
 * passes the input rows its taps read into per-thread scratch, then combines them. Every
 * intermediate value is computed exactly as by two separate passes.
 */
void passHW(const float* src, float* dst, int64_t planes, const Axis& th, const Axis& tw,
            int64_t inner) {
  const bool uniW = uniform(tw);
  const int64_t iH = th.inSize, oH = th.outSize;
  const int64_t inRow = tw.inSize * inner, outRow = tw.outSize * inner;
  const int64_t block = std::max<int64_t>(1, std::min<int64_t>(32, (int64_t(1) << 16) / std::max<int64_t>(1, outRow)));
  const int64_t blocks = (oH + block - 1) / block;
  // Input row range [lo, hi) of each block.
  std::vector<int64_t> lo(blocks), hi(blocks);
  int64_t span = 0;
  for (int64_t k = 0; k < blocks; k++) {
    int64_t a = iH, z = 0;
    for (int64_t o = k * block; o < std::min(oH, (k + 1) * block); o++) {
      for (int32_t m = 0; m < th.count[o]; m++) {
        a = std::min<int64_t>(a, th.index[o * th.taps + m]);
        z = std::max<int64_t>(z, th.index[o * th.taps + m] + 1);
      }
    }
    if (a >= z) a = z = 0;
    lo[k] = a;
    hi[k] = z;
    span = std::max(span, z - a);
  }
  Pool& pool = Pool::instance();
  std::vector<std::vector<float>> scratch(pool.size(), std::vector<float>());
  for (auto& s : scratch) s.resize(static_cast<size_t>(std::max<int64_t>(1, span * outRow)));
  const int64_t units = planes * blocks;
  pool.run(units, chunksFor(units, block * outRow * (th.taps + tw.taps)),
           [&](int64_t b, int64_t e, int slot) {
             float* buf = scratch[slot].data();
             for (int64_t u = b; u < e; u++) {
               const int64_t p = u / blocks, k = u % blocks;
               const float* plane = src + p * iH * inRow;
               for (int64_t r = lo[k]; r < hi[k]; r++) {
                 passRowW(plane + r * inRow, buf + (r - lo[k]) * outRow, tw, uniW, inner);
               }
               const float* base = buf - lo[k] * outRow;  // row r of the plane at base + r*outRow
               float* out = dst + p * oH * outRow;
               for (int64_t o = k * block; o < std::min(oH, (k + 1) * block); o++) {
                 combineRows(base, outRow, th, o, out + o * outRow);
               }
             }
           });
}

void separable(const ForwardSpec& s, const float* x, float* out) {
  const Geometry& g = s.g;
  const Axis& td = g.axes[0];
  const Axis& th = g.axes[1];
  const Axis& tw = g.axes[2];
  int64_t dims[3] = {g.in[0], g.in[1], g.in[2]};
  const int64_t total = g.outer * size3(g.out) * g.inner;
  if (total == 0) return;
  std::vector<float> bufs[2];
  int which = 0;
  const float* cur = x;
  const bool hw = !tw.identity && !th.identity;
  const bool needD = !td.identity;
  // Output of a stage: `out` for the last one, else the scratch buffer `cur` does not point into.
  auto target = [&](bool last, int64_t n) -> float* {
    if (last) return out;
    std::vector<float>& v = bufs[which];
    which ^= 1;
    v.resize(static_cast<size_t>(n));
    return v.data();
  };
  if (hw) {
    const int64_t planes = g.outer * dims[0];
    const int64_t n = planes * th.outSize * tw.outSize * g.inner;
    float* d = target(!needD, n);
    passHW(cur, d, planes, th, tw, g.inner);
    cur = d;
    dims[1] = th.outSize;
    dims[2] = tw.outSize;
  } else {
    for (int a = 2; a >= 1; a--) {
      const Axis& t = g.axes[a];
      if (t.identity) continue;
      int64_t pre = g.outer;
      for (int i = 0; i < a; i++) pre *= dims[i];
      int64_t post = g.inner;
      for (int i = a + 1; i < 3; i++) post *= dims[i];
      float* d = target(!needD, pre * t.outSize * post);
      passAxis(cur, d, pre, post, t);
      cur = d;
      dims[a] = t.outSize;
    }
  }
  if (needD) {
    const int64_t post = dims[1] * dims[2] * g.inner;
    passAxis(cur, out, g.outer, post, td);
    cur = out;
  }
  if (cur == x) std::memcpy(out, x, static_cast<size_t>(total) * sizeof(float));
}

// ---------------------------------------------------------------------------------------------
// Taps of whole output rows (the non-separable paths and every gradient).

struct RowTerms {
  std::vector<int64_t> start;
  std::vector<int64_t> offset;
  std::vector<float> w0, w1, w2;
  int32_t kd = 1, kh = 1;
};

/** Upper bound of the terms of one output row. */
int64_t rowCapacity(const Geometry& g) {
  int64_t m0 = 0, m1 = 0, s2 = 0;
  for (int64_t o = 0; o < g.axes[0].outSize; o++) m0 = std::max<int64_t>(m0, g.axes[0].count[o]);
  for (int64_t o = 0; o < g.axes[1].outSize; o++) m1 = std::max<int64_t>(m1, g.axes[1].count[o]);
  for (int64_t o = 0; o < g.axes[2].outSize; o++) s2 += g.axes[2].count[o];
  return std::max<int64_t>(1, m0 * m1 * s2);
}

void allocRow(RowTerms& r, const Geometry& g, int64_t cap) {
  r.start.resize(static_cast<size_t>(g.out[2] + 1));
  r.offset.resize(static_cast<size_t>(cap));
  r.w0.resize(static_cast<size_t>(cap));
  r.w1.resize(static_cast<size_t>(cap));
  r.w2.resize(static_cast<size_t>(cap));
}

/**
 * Collects the taps of output row (od, oh) in the loop nest `order` (outermost axis first). With
 * `combined`, w0 = f32(f32(wd*wh)*ww) and w1/w2 are not filled.
 */
void collectRow(const Geometry& g, const int order[3], int64_t od, int64_t oh, bool combined,
                RowTerms& r) {
  const int64_t iH = g.in[1], iW = g.in[2], inner = g.inner;
  const int a = order[0], b = order[1], c = order[2];
  const Axis& ta = g.axes[a];
  const Axis& tb = g.axes[b];
  const Axis& tc = g.axes[c];
  int64_t n = 0;
  int64_t pos[3] = {od, oh, 0};
  for (int64_t ow = 0; ow < g.out[2]; ow++) {
    pos[2] = ow;
    r.start[ow] = n;
    const int64_t ra = pos[a] * ta.taps, rb = pos[b] * tb.taps, rc = pos[c] * tc.taps;
    const int32_t na = ta.count[pos[a]], nb = tb.count[pos[b]], nc = tc.count[pos[c]];
    int64_t idx[3];
    float w[3];
    for (int32_t i = 0; i < na; i++) {
      idx[a] = ta.index[ra + i];
      w[a] = ta.weight[ra + i];
      for (int32_t j = 0; j < nb; j++) {
        idx[b] = tb.index[rb + j];
        w[b] = tb.weight[rb + j];
        for (int32_t k = 0; k < nc; k++, n++) {
          idx[c] = tc.index[rc + k];
          w[c] = tc.weight[rc + k];
          r.offset[n] = ((idx[0] * iH + idx[1]) * iW + idx[2]) * inner;
          if (combined) {
            const float wdh = w[0] * w[1];
            r.w0[n] = wdh * w[2];
          } else {
            r.w0[n] = w[0];
            r.w1[n] = w[1];
            r.w2[n] = w[2];
          }
        }
      }
    }
  }
  r.start[g.out[2]] = n;
  r.kd = g.axes[0].count[od];
  r.kh = g.axes[1].count[oh];
}

const int kNatural[3] = {0, 1, 2};

/** linearDouble (combine = true) and area (combine = false), split over output rows. */
void rowwiseForward(const ForwardSpec& s, const float* x, float* out, bool linear) {
  const Geometry& g = s.g;
  const int64_t oD = g.out[0], oH = g.out[1], oW = g.out[2];
  const int64_t inner = g.inner, outer = g.outer;
  const int64_t inPlane = size3(g.in) * inner, outPlane = size3(g.out) * inner;
  const int64_t cap = rowCapacity(g);
  Pool& pool = Pool::instance();
  std::vector<RowTerms> rows(pool.size());
  for (auto& r : rows) allocRow(r, g, cap);
  const int64_t units = oD * oH;
  const int64_t perUnit = std::max<int64_t>(1, cap * outer * inner);
  pool.run(units, chunksFor(units, perUnit), [&](int64_t b, int64_t e, int slot) {
    RowTerms& r = rows[slot];
    for (int64_t u = b; u < e; u++) {
      const int64_t od = u / oH, oh = u % oH;
      collectRow(g, kNatural, od, oh, linear, r);
      const int64_t* off = r.offset.data();
      const float* w = r.w0.data();
      for (int64_t o = 0; o < outer; o++) {
        for (int64_t ow = 0; ow < oW; ow++) {
          const int64_t k0 = r.start[ow], k1 = r.start[ow + 1];
          float* dst = out + o * outPlane + (u * oW + ow) * inner;
          const float* src = x + o * inPlane;
          if (linear) {
            for (int64_t c = 0; c < inner; c++) {
              const int64_t ch = inner == 1 ? o % g.channels : c;
              const float* xb = src + c;
              if (ch < s.floatChannels) {
                if (k1 == k0) {
                  dst[c] = std::numeric_limits<float>::quiet_NaN();  // reference reads past the end
                  continue;
                }
                float acc = xb[off[k1 - 1]] * w[k1 - 1];
                for (int64_t k = k1 - 2; k >= k0; k--) acc = xb[off[k]] * w[k] + acc;
                dst[c] = acc;
              } else {
                double acc = 0;
                for (int64_t k = k0; k < k1; k++) acc += double(xb[off[k]]) * double(w[k]);
                dst[c] = static_cast<float>(acc);
              }
            }
          } else {
            const int32_t kw = g.axes[2].count[ow];
            for (int64_t c = 0; c < inner; c++) {
              const float* xb = src + c;
              float acc = 0.0f;
              for (int64_t k = k0; k < k1; k++) acc = acc + xb[off[k]];
              float v = static_cast<float>(double(acc) / r.kd);
              v = static_cast<float>(double(v) / r.kh);
              dst[c] = static_cast<float>(double(v) / kw);
            }
          }
        }
      }
    }
  });
}

// PyTorch's cascade sum (see src/plan/cascade_sum.ts), float32 throughout.
int64_t ceilLog2(int64_t v) { return v <= 2 ? 1 : 64 - __builtin_clzll(uint64_t(v - 1)); }

template <typename Row>
void multiRowSum(int64_t rows, int width, const Row& row, float* result) {
  const int64_t level = std::max<int64_t>(4, ceilLog2(rows) / 4);
  const int64_t step = int64_t(1) << level;
  const int64_t mask = step - 1;
  float acc[4][8] = {};
  int64_t i = 0;
  while (i + step <= rows) {
    for (int64_t n = 0; n < step; n++, i++) {
      for (int k = 0; k < width; k++) acc[0][k] = acc[0][k] + row(i, k);
    }
    for (int j = 1; j < 4; j++) {
      for (int k = 0; k < width; k++) {
        acc[j][k] = acc[j][k] + acc[j - 1][k];
        acc[j - 1][k] = 0.0f;
      }
      if ((i & (mask << (j * level))) != 0) break;
    }
  }
  for (; i < rows; i++) {
    for (int k = 0; k < width; k++) acc[0][k] = acc[0][k] + row(i, k);
  }
  for (int j = 1; j < 4; j++) {
    for (int k = 0; k < width; k++) acc[0][k] = acc[0][k] + acc[j][k];
  }
  for (int k = 0; k < width; k++) result[k] = acc[0][k];
}

template <typename Item>
void rowSum(int64_t len, int width, const Item& item, float* result) {
  const int64_t m = len / 4;
  float partial[4][8];
  for (int q = 0; q < 4; q++) {
    multiRowSum(m, width, [&](int64_t r, int k) { return item(4 * r + q, k); }, partial[q]);
  }
  for (int64_t i = 4 * m; i < len; i++) {
    for (int k = 0; k < width; k++) partial[0][k] = partial[0][k] + item(i, k);
  }
  for (int q = 1; q < 4; q++) {
    for (int k = 0; k < width; k++) partial[0][k] = partial[0][k] + partial[q][k];
  }
  for (int k = 0; k < width; k++) result[k] = partial[0][k];
}

float cascadeSum(const float* x, int64_t n, int64_t stride) {
  float fin = 0.0f;
  if (n >= 8) {
    const int64_t vectors = n / 8;
    float lanes[8];
    rowSum(vectors, 8, [&](int64_t i, int k) { return x[(8 * i + k) * stride]; }, lanes);
    for (int64_t i = 8 * vectors; i < n; i++) fin = fin + x[i * stride];
    for (int k = 0; k < 8; k++) fin = fin + lanes[k];
  } else {
    float one[8];
    rowSum(n, 1, [&](int64_t i, int) { return x[i * stride]; }, one);
    fin = one[0];
  }
  volatile float zero = 0.0f;  // keep `0 + fin` (turns -0 into +0) whatever the optimiser thinks
  return zero + fin;
}

void meanForward(const ForwardSpec& s, const float* x, float* out) {
  const Geometry& g = s.g;
  const int64_t n = size3(g.in), inner = g.inner;
  const int64_t units = g.outer * inner;
  Pool::instance().run(units, chunksFor(units, n), [&](int64_t b, int64_t e, int) {
    for (int64_t u = b; u < e; u++) {
      const int64_t o = u / inner, c = u % inner;
      const float sum = cascadeSum(x + o * n * inner + c, n, inner);
      out[u] = static_cast<float>(double(sum) / double(n));
    }
  });
}

}  // namespace

void gather32(const ForwardSpec& s, const uint32_t* x, uint32_t* out) {
  const Geometry& g = s.g;
  const int64_t iH = g.in[1], iW = g.in[2];
  const int64_t oD = g.out[0], oH = g.out[1], oW = g.out[2];
  const int64_t inner = g.inner;
  const int64_t inPlane = size3(g.in) * inner;
  const int32_t* id = g.axes[0].index;
  const int32_t* ih = g.axes[1].index;
  const int32_t* iw = g.axes[2].index;
  const int64_t rows = g.outer * oD * oH;
  Pool::instance().run(rows, chunksFor(rows, oW * inner), [&](int64_t b, int64_t e, int) {
    for (int64_t r = b; r < e; r++) {
      const int64_t oh = r % oH, od = (r / oH) % oD, o = r / (oH * oD);
      const uint32_t* row = x + o * inPlane + (int64_t(id[od]) * iH + ih[oh]) * iW * inner;
      uint32_t* dst = out + r * oW * inner;
      if (inner == 1) {
        for (int64_t ow = 0; ow < oW; ow++) dst[ow] = row[iw[ow]];
      } else {
        for (int64_t ow = 0; ow < oW; ow++) {
          std::memcpy(dst + ow * inner, row + int64_t(iw[ow]) * inner,
                      static_cast<size_t>(inner) * sizeof(uint32_t));
        }
      }
    }
  });
}

void forwardFloat(const ForwardSpec& s, const float* x, float* out) {
  switch (s.method) {
    case kGather:
      gather32(s, reinterpret_cast<const uint32_t*>(x), reinterpret_cast<uint32_t*>(out));
      return;
    case kSeparable:
      separable(s, x, out);
      return;
    case kLinearDouble:
      rowwiseForward(s, x, out, true);
      return;
    case kArea:
      rowwiseForward(s, x, out, false);
      return;
    default:
      meanForward(s, x, out);
      return;
  }
}

// ---------------------------------------------------------------------------------------------
// Gradient.

namespace {

inline float divide3(float g, int32_t kd, int32_t kh, int32_t kw) {
  float v = static_cast<float>(double(g) / kd);
  v = static_cast<float>(double(v) / kh);
  return static_cast<float>(double(v) / kw);
}

/** Scatters one output row of plane `o` (channels-first: inner == 1). */
void scatterRowPlanar(const BackwardSpec& s, const RowTerms& r, const float* dy, int64_t dyRow,
                      float* dx, int64_t o) {
  const Geometry& g = s.g;
  const int64_t oW = g.out[2];
  float* base = dx + o * size3(g.in);
  const float* gy = dy + o * size3(g.out) + dyRow;
  const bool floatPlane = !s.doubleAccumulate || (o % g.channels) < s.floatChannels;
  const int64_t* off = r.offset.data();
  const float* w0 = r.w0.data();
  const float* w1 = r.w1.data();
  const float* w2 = r.w2.data();
  for (int64_t ow = 0; ow < oW; ow++) {
    const float v = gy[ow];
    const int64_t k0 = r.start[ow], k1 = r.start[ow + 1];
    switch (s.combine) {
      case kWeightsFirst:
        if (floatPlane) {
          for (int64_t k = k0; k < k1; k++) base[off[k]] = base[off[k]] + w0[k] * v;
        } else {
          for (int64_t k = k0; k < k1; k++) {
            base[off[k]] = static_cast<float>(double(base[off[k]]) + double(w0[k]) * double(v));
          }
        }
        break;
      case kAdd:
        for (int64_t k = k0; k < k1; k++) base[off[k]] = base[off[k]] + v;
        break;
      case kDivide: {
        const float delta = divide3(v, r.kd, r.kh, g.axes[2].count[ow]);
        for (int64_t k = k0; k < k1; k++) base[off[k]] = base[off[k]] + delta;
        break;
      }
      default:
        for (int64_t k = k0; k < k1; k++) {
          const float a = v * w0[k];
          const float b = a * w1[k];
          base[off[k]] = base[off[k]] + b * w2[k];
        }
    }
  }
}

/** Scatters channels [c0, c1) of one output row of plane `o` (channels-last: inner > 1). */
void scatterRowInterleaved(const BackwardSpec& s, const RowTerms& r, const float* dy,
                           int64_t dyRow, float* dx, int64_t o, int64_t c0, int64_t c1) {
  const Geometry& g = s.g;
  const int64_t inner = g.inner, oW = g.out[2];
  float* base = dx + o * size3(g.in) * inner;
  const float* gy = dy + o * size3(g.out) * inner;
  const int64_t* off = r.offset.data();
  const int64_t split = s.doubleAccumulate ? s.floatChannels : inner;
  const int64_t fEnd = std::min(c1, split), dStart = std::max(c0, split);
  for (int64_t ow = 0; ow < oW; ow++) {
    const float* __restrict gv = gy + (dyRow + ow) * inner;
    const int64_t k0 = r.start[ow], k1 = r.start[ow + 1];
    for (int64_t k = k0; k < k1; k++) {
      float* __restrict d = base + off[k];
      switch (s.combine) {
        case kWeightsFirst: {
          const float w = r.w0[k];
          for (int64_t c = c0; c < fEnd; c++) d[c] = d[c] + w * gv[c];
          for (int64_t c = dStart; c < c1; c++) {
            d[c] = static_cast<float>(double(d[c]) + double(w) * double(gv[c]));
          }
          break;
        }
        case kAdd:
          for (int64_t c = c0; c < c1; c++) d[c] = d[c] + gv[c];
          break;
        case kDivide: {
          const int32_t kw = g.axes[2].count[ow];
          for (int64_t c = c0; c < c1; c++) d[c] = d[c] + divide3(gv[c], r.kd, r.kh, kw);
          break;
        }
        default: {
          const float a = r.w0[k], h = r.w1[k], w = r.w2[k];
          for (int64_t c = c0; c < c1; c++) {
            const float t1 = gv[c] * a;
            const float t2 = t1 * h;
            d[c] = d[c] + t2 * w;
          }
        }
      }
    }
  }
}

}  // namespace

void backwardFloat(const BackwardSpec& s, const float* dy, float* dx) {
  const Geometry& g = s.g;
  const int64_t inner = g.inner, outer = g.outer;
  const int64_t inPlane = size3(g.in) * inner;
  const int64_t total = outer * inPlane;
  Pool& pool = Pool::instance();
  if (s.method == kCopy) {
    std::memcpy(dx, dy, static_cast<size_t>(total) * sizeof(float));
    return;
  }
  if (s.method == kBackMean) {
    const int64_t n = size3(g.in);
    const int64_t units = outer * inner;
    pool.run(units, chunksFor(units, n), [&](int64_t b, int64_t e, int) {
      for (int64_t u = b; u < e; u++) {
        const int64_t o = u / inner, c = u % inner;
        const float v = static_cast<float>(double(dy[u]) / double(n));
        float* d = dx + o * inPlane + c;
        for (int64_t i = 0; i < n; i++) d[i * inner] = v;
      }
    });
    return;
  }
  std::fill(dx, dx + total, 0.0f);
  // Work splits over whole planes (or, channels-last with few planes, channel blocks): each dx
  // element is owned by one task, which visits output rows and taps in the reference order.
  const int64_t threads = pool.size();
  const int64_t kBlock = 16;
  const int64_t cBlocks = (inner > 1 && outer < threads && inner >= 2 * kBlock)
                              ? (inner + kBlock - 1) / kBlock : 1;
  const int64_t units = outer * cBlocks;
  const int64_t cap = rowCapacity(g);
  std::vector<RowTerms> rows(pool.size());
  for (auto& r : rows) allocRow(r, g, cap);
  const int64_t oD = g.out[0], oH = g.out[1], oW = g.out[2];
  const bool combined = s.combine == kWeightsFirst;
  const int64_t work = size3(g.out) * inner * std::max<int64_t>(1, cap / std::max<int64_t>(1, oW));
  const int64_t chunks = work * units < (int64_t(1) << 15) ? 1 : threads;
  pool.run(units, chunks, [&](int64_t b, int64_t e, int slot) {
    RowTerms& r = rows[slot];
    for (int64_t od = 0; od < oD; od++) {
      for (int64_t oh = 0; oh < oH; oh++) {
        collectRow(g, s.order, od, oh, combined, r);
        const int64_t dyRow = (od * oH + oh) * oW;
        for (int64_t u = b; u < e; u++) {
          if (inner == 1) {
            scatterRowPlanar(s, r, dy, dyRow, dx, u);
          } else {
            const int64_t o = u / cBlocks, cb = u % cBlocks;
            const int64_t c0 = cBlocks == 1 ? 0 : cb * kBlock;
            const int64_t c1 = cBlocks == 1 ? inner : std::min(inner, c0 + kBlock);
            scatterRowInterleaved(s, r, dy, dyRow, dx, o, c0, c1);
          }
        }
      }
    }
  });
}

}  // namespace tfjs_interpolate
