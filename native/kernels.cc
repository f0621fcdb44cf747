// Kernels; see kernels.h. Layout of every buffer: [outer, D, H, W, inner].
#include "kernels.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#if defined(__SSE2__)
#include <xmmintrin.h>
#endif

#include "scratch.h"
#include "thread_pool.h"
#include "window_pass.h"

namespace tfjs_interpolate {
namespace {

int64_t size3(const int64_t* s) { return s[0] * s[1] * s[2]; }

// Eight rows or planes side by side (lane p = row/plane p): the same float32 operations per lane.
// No alignment assumed (unaligned loads and stores), and may alias float storage.
typedef float V8 __attribute__((vector_size(32), aligned(4), may_alias));

/** Number of tasks to split `n` units into: a few per thread, for balance. */
int64_t chunksFor(int64_t n, int64_t workPerUnit) {
  const int64_t threads = Pool::instance().size();
  if (n * workPerUnit < (int64_t(1) << 15)) return 1;  // too small to be worth waking threads
  return std::min<int64_t>(n, 8 * threads);
}

bool uniform(const Axis& t) {
  for (int64_t o = 0; o < t.outSize; o++) {
    if (t.count[o] != t.taps) return false;
  }
  return true;
}

/** Interleaves `n` elements of 8 rows into `dst` (dst[i][p] = rows[p][i]). */
inline void interleave8(const float* const* rows, int64_t n, V8* __restrict dst) {
  int64_t i = 0;
#if defined(__SSE2__)
  float* d = reinterpret_cast<float*>(dst);
  for (; i + 4 <= n; i += 4) {
    for (int p = 0; p < 8; p += 4) {
      __m128 r0 = _mm_loadu_ps(rows[p + 0] + i);
      __m128 r1 = _mm_loadu_ps(rows[p + 1] + i);
      __m128 r2 = _mm_loadu_ps(rows[p + 2] + i);
      __m128 r3 = _mm_loadu_ps(rows[p + 3] + i);
      _MM_TRANSPOSE4_PS(r0, r1, r2, r3);
      _mm_storeu_ps(d + (i + 0) * 8 + p, r0);
      _mm_storeu_ps(d + (i + 1) * 8 + p, r1);
      _mm_storeu_ps(d + (i + 2) * 8 + p, r2);
      _mm_storeu_ps(d + (i + 3) * 8 + p, r3);
    }
  }
#endif
  for (; i < n; i++) {
    for (int p = 0; p < 8; p++) dst[i][p] = rows[p][i];
  }
}

/** The inverse of interleave8. */
inline void deinterleave8(const V8* __restrict src, int64_t n, float* const* rows) {
  int64_t i = 0;
#if defined(__SSE2__)
  const float* s = reinterpret_cast<const float*>(src);
  for (; i + 4 <= n; i += 4) {
    for (int p = 0; p < 8; p += 4) {
      __m128 r0 = _mm_loadu_ps(s + (i + 0) * 8 + p);
      __m128 r1 = _mm_loadu_ps(s + (i + 1) * 8 + p);
      __m128 r2 = _mm_loadu_ps(s + (i + 2) * 8 + p);
      __m128 r3 = _mm_loadu_ps(s + (i + 3) * 8 + p);
      _MM_TRANSPOSE4_PS(r0, r1, r2, r3);
      _mm_storeu_ps(rows[p + 0] + i, r0);
      _mm_storeu_ps(rows[p + 1] + i, r1);
      _mm_storeu_ps(rows[p + 2] + i, r2);
      _mm_storeu_ps(rows[p + 3] + i, r3);
    }
  }
#endif
  for (; i < n; i++) {
    for (int p = 0; p < 8; p++) rows[p][i] = src[i][p];
  }
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

/**
 * combineRows for a two-tap row written with streaming stores (large outputs that will not be
 * read again soon): the same two products and one sum per element.
 */
inline void combineRowsStream(const float* src, int64_t len, const Axis& t, int64_t j, float* d) {
#if defined(__SSE2__)
  const int64_t b = j * t.taps;
  if (t.count[j] == 2) {
    const float* __restrict r0 = src + int64_t(t.index[b]) * len;
    const float* __restrict r1 = src + int64_t(t.index[b + 1]) * len;
    const float w0 = t.weight[b], w1 = t.weight[b + 1];
    int64_t q = 0;
    for (; q < len && (reinterpret_cast<uintptr_t>(d + q) & 15) != 0; q++) d[q] = r0[q] * w0 + r1[q] * w1;
    const __m128 v0 = _mm_set1_ps(w0), v1 = _mm_set1_ps(w1);
    for (; q + 4 <= len; q += 4) {
      const __m128 a = _mm_mul_ps(_mm_loadu_ps(r0 + q), v0);
      const __m128 c = _mm_mul_ps(_mm_loadu_ps(r1 + q), v1);
      _mm_stream_ps(d + q, _mm_add_ps(a, c));
    }
    for (; q < len; q++) d[q] = r0[q] * w0 + r1[q] * w1;
    return;
  }
#endif
  combineRows(src, len, t, j, d);
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

/**
 * W pass (inner == 1) of up to 8 rows at once: interleaved, one vector lane per row, each lane
 * computing exactly passRowW's operations. `m` rows are real; the rest repeat the last one.
 */
void passRowsW8(const float* const* src, float* const* dst, int m, const Axis& t, V8* xin,
                V8* xout) {
  const float* in[8];
  float* out[8];
  for (int p = 0; p < 8; p++) {
    in[p] = src[std::min(p, m - 1)];
    out[p] = dst[std::min(p, m - 1)];
  }
  interleave8(in, t.inSize, xin);
  const int64_t taps = t.taps, outSize = t.outSize;
  const int32_t* __restrict idx = t.index;
  const float* __restrict w = t.weight;
  const V8* __restrict x = xin;
  for (int64_t j = 0; j < outSize; j++) {
    const int64_t b = j * taps;
    const int32_t n = t.count[j];
    if (n == 0) {
      xout[j] = V8{};
      continue;
    }
    V8 acc = x[idx[b]] * w[b];
    for (int32_t k = 1; k < n; k++) acc = acc + x[idx[b + k]] * w[b + k];
    xout[j] = acc;
  }
  if (m == 8) {
    deinterleave8(xout, outSize, out);
    return;
  }
  for (int p = 0; p < m; p++) {
    for (int64_t j = 0; j < outSize; j++) out[p][j] = xout[j][p];
  }
}

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define TFJS_X86_DISPATCH 1
#define TFJS_ALWAYS_INLINE inline __attribute__((always_inline))
/** Whether the CPU runs AVX2 (the same float32 operations, 8 lanes per instruction). */
bool haveAvx2() {
  static const bool yes = __builtin_cpu_supports("avx2");
  return yes;
}
#else
#define TFJS_ALWAYS_INLINE inline
#endif

TFJS_ALWAYS_INLINE void twoTapW8Body(const V8* __restrict x, V8* __restrict xout,
                                     const int32_t* __restrict idx, const float* __restrict w,
                                     int64_t outSize) {
  for (int64_t j = 0; j < outSize; j++) {
    xout[j] = x[idx[2 * j]] * w[2 * j] + x[idx[2 * j + 1]] * w[2 * j + 1];
  }
}

#ifdef TFJS_X86_DISPATCH
__attribute__((target("avx2"))) void twoTapW8Avx2(const V8* x, V8* xout, const int32_t* idx,
                                                 const float* w, int64_t outSize) {
  twoTapW8Body(x, xout, idx, w, outSize);
}
#endif

void twoTapW8(const V8* x, V8* xout, const int32_t* idx, const float* w, int64_t outSize) {
#ifdef TFJS_X86_DISPATCH
  if (haveAvx2()) {
    twoTapW8Avx2(x, xout, idx, w, outSize);
    return;
  }
#endif
  twoTapW8Body(x, xout, idx, w, outSize);
}

/** Uniform 2-tap version of passRowsW8's loop (the common bilinear case). */
void passRowsW8Two(const float* const* src, float* const* dst, int m, const Axis& t, V8* xin,
                   V8* xout) {
  const float* in[8];
  float* out[8];
  for (int p = 0; p < 8; p++) {
    in[p] = src[std::min(p, m - 1)];
    out[p] = dst[std::min(p, m - 1)];
  }
  interleave8(in, t.inSize, xin);
  const int64_t outSize = t.outSize;
  const int32_t* __restrict idx = t.index;
  const float* __restrict w = t.weight;
  twoTapW8(xin, xout, idx, w, outSize);
  if (m == 8) {
    deinterleave8(xout, outSize, out);
    return;
  }
  for (int p = 0; p < m; p++) {
    for (int64_t j = 0; j < outSize; j++) out[p][j] = xout[j][p];
  }
}

/** A pass along one axis of a [pre, inSize, post] buffer into [pre, outSize, post]; `win` (the W
 * axis's windowed tables for `post` channels, or null) serves whole rows. */
void passAxis(const float* src, float* dst, int64_t pre, int64_t post, const Axis& t,
              const WindowTable* win) {
  const bool uni = uniform(t);
  const int64_t inSize = t.inSize, outSize = t.outSize;
  if (win != nullptr) {  // rows of inSize * post elements (win was built for post channels)
    Pool::instance().run(pre, chunksFor(pre, outSize * post * t.taps), [&](int64_t b, int64_t e, int) {
      for (int64_t p = b; p < e; p++) windowRow(src + p * inSize * post, dst + p * outSize * post, *win);
    });
    return;
  }
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
            int64_t inner, const WindowTable* win) {
  const bool uniW = uniform(tw);
  const int64_t iH = th.inSize, oH = th.outSize;
  const int64_t inRow = tw.inSize * inner, outRow = tw.outSize * inner;
  // Output rows per block: as many as keep the block's W-passed input rows (span) within 64K
  // floats (L2), up to 128, while leaving a few blocks per thread.
  const int64_t threads = Pool::instance().size();
  std::vector<int64_t> lo, hi;
  int64_t block = 128, blocks = 0, span = 0;
  for (;;) {
    blocks = (oH + block - 1) / block;
    lo.assign(static_cast<size_t>(blocks), 0);
    hi.assign(static_cast<size_t>(blocks), 0);
    span = 0;
    // Input row range [lo, hi) of each block.
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
    if (block == 1) break;
    if (span * outRow <= (int64_t(1) << 16) && planes * blocks >= 4 * threads) break;
    if (span * outRow <= (int64_t(1) << 16) && block <= 16) break;
    block /= 2;
  }
  Pool& pool = Pool::instance();
  // Channels-first: W-pass 8 input rows at a time, interleaved (one lane per row).
  const bool rows8 = win == nullptr && inner == 1 && span >= 4;
  const bool two = uniW && tw.taps == 2;
  // Outputs past a few hundred KB go straight to memory: they are mostly recycled output blocks no
  // longer in cache, and written once, so reading their lines in first would be wasted traffic.
  const bool stream = planes * oH * outRow >= (int64_t(1) << 16);
  const int64_t units = planes * blocks;
  pool.run(units, chunksFor(units, block * outRow * (th.taps + tw.taps)),
           [&](int64_t b, int64_t e, int) {
             float* buf = scratchOf<float>(kScratchRows, static_cast<size_t>(std::max<int64_t>(1, span * outRow)));
             V8* vin = rows8 ? scratchOf<V8>(kScratchIn, static_cast<size_t>(tw.inSize)) : nullptr;
             V8* vout = rows8 ? scratchOf<V8>(kScratchOut, static_cast<size_t>(tw.outSize)) : nullptr;
             for (int64_t u = b; u < e; u++) {
               const int64_t p = u / blocks, k = u % blocks;
               const float* plane = src + p * iH * inRow;
               if (win != nullptr) {
                 for (int64_t r = lo[k]; r < hi[k]; r++) {
                   windowRow(plane + r * inRow, buf + (r - lo[k]) * outRow, *win);
                 }
               } else if (rows8) {
                 for (int64_t r = lo[k]; r < hi[k]; r += 8) {
                   const int m = static_cast<int>(std::min<int64_t>(8, hi[k] - r));
                   const float* in[8];
                   float* out[8];
                   for (int q = 0; q < m; q++) {
                     in[q] = plane + (r + q) * inRow;
                     out[q] = buf + (r + q - lo[k]) * outRow;
                   }
                   if (two) {
                     passRowsW8Two(in, out, m, tw, vin, vout);
                   } else {
                     passRowsW8(in, out, m, tw, vin, vout);
                   }
                 }
               } else {
                 for (int64_t r = lo[k]; r < hi[k]; r++) {
                   passRowW(plane + r * inRow, buf + (r - lo[k]) * outRow, tw, uniW, inner);
                 }
               }
               const float* base = buf - lo[k] * outRow;  // row r of the plane at base + r*outRow
               float* out = dst + p * oH * outRow;
               if (stream) {
                 for (int64_t o = k * block; o < std::min(oH, (k + 1) * block); o++) {
                   combineRowsStream(base, outRow, th, o, out + o * outRow);
                 }
#if defined(__SSE2__)
                 _mm_sfence();
#endif
               } else {
                 for (int64_t o = k * block; o < std::min(oH, (k + 1) * block); o++) {
                   combineRows(base, outRow, th, o, out + o * outRow);
                 }
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
  int which = 0;
  const float* cur = x;
  const bool hw = !tw.identity && !th.identity;
  const bool needD = !td.identity;
  // Output of a stage: `out` for the last one, else the scratch buffer `cur` does not point into.
  auto target = [&](bool last, int64_t n) -> float* {
    if (last) return out;
    float* v = scratchOf<float>(which == 0 ? kScratchStage0 : kScratchStage1, static_cast<size_t>(n));
    which ^= 1;
    return v;
  };
  if (hw) {
    const int64_t planes = g.outer * dims[0];
    const int64_t n = planes * th.outSize * tw.outSize * g.inner;
    float* d = target(!needD, n);
    passHW(cur, d, planes, th, tw, g.inner, s.windowW);
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
      passAxis(cur, d, pre, post, t, a == 2 ? s.windowW : nullptr);
      cur = d;
      dims[a] = t.outSize;
    }
  }
  if (needD) {
    const int64_t post = dims[1] * dims[2] * g.inner;
    passAxis(cur, out, g.outer, post, td, nullptr);
    cur = out;
  }
  if (cur == x) std::memcpy(out, x, static_cast<size_t>(total) * sizeof(float));
  threadScratch(kScratchStage0).trim();
  threadScratch(kScratchStage1).trim();
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
  const int64_t units = oD * oH;
  const int64_t perUnit = std::max<int64_t>(1, cap * outer * inner);
  // Windowed W tables (inner == 1): one vector row per (od, oh, plane) for area planes and for the
  // double-accumulating linear planes; the rest collect each output's terms.
  const WindowTable* win = inner == 1 ? s.windowW : nullptr;
  auto windowedPlane = [&](int64_t o) { return !linear || o % g.channels >= s.floatChannels; };
  bool allWindowed = win != nullptr;
  for (int64_t o = 0; allWindowed && o < std::min<int64_t>(outer, g.channels); o++) allWindowed = windowedPlane(o);
  const Axis& td = g.axes[0];
  const Axis& th = g.axes[1];
  constexpr int64_t kMaxRows = 64;
  int64_t maxRows = 0;
  for (int64_t od = 0; od < oD; od++) {
    for (int64_t oh = 0; oh < oH; oh++) maxRows = std::max<int64_t>(maxRows, int64_t(td.count[od]) * th.count[oh]);
  }
  // Term lists only where some output row collects terms.
  std::vector<RowTerms> rows(pool.size());
  if (!allWindowed || maxRows > kMaxRows) {
    for (auto& r : rows) allocRow(r, g, cap);
  }
  pool.run(units, chunksFor(units, perUnit), [&](int64_t b, int64_t e, int slot) {
    RowTerms& r = rows[slot];
    const float* srcRows[kMaxRows];
    float rowWeights[kMaxRows];
    // Channels-last area: per-channel running sums, so the channel loop is innermost (contiguous).
    float* sums = !linear && inner > 1 ? scratchOf<float>(kScratchIn, static_cast<size_t>(inner)) : nullptr;
    for (int64_t u = b; u < e; u++) {
      const int64_t od = u / oH, oh = u % oH;
      const int64_t nRows = int64_t(td.count[od]) * th.count[oh];
      const bool rowsFit = win != nullptr && nRows <= kMaxRows;
      if (!allWindowed || !rowsFit) collectRow(g, kNatural, od, oh, linear, r);
      const int64_t* off = r.offset.data();
      const float* w = r.w0.data();
      for (int64_t o = 0; o < outer; o++) {
        const float* src = x + o * inPlane;
        if (rowsFit && windowedPlane(o)) {
          for (int32_t i = 0, n = 0; i < td.count[od]; i++) {
            const int64_t id = td.index[od * td.taps + i];
            for (int32_t j = 0; j < th.count[oh]; j++, n++) {
              srcRows[n] = src + (id * g.in[1] + th.index[oh * th.taps + j]) * g.in[2];
              rowWeights[n] = td.weight[od * td.taps + i] * th.weight[oh * th.taps + j];
            }
          }
          float* dst = out + o * outPlane + u * oW;
          if (linear) {
            windowRowDouble(srcRows, rowWeights, nRows, dst, *win);
          } else {
            windowRowArea(srcRows, nRows, td.count[od], th.count[oh], dst, *win);
          }
          continue;
        }
        for (int64_t ow = 0; ow < oW; ow++) {
          const int64_t k0 = r.start[ow], k1 = r.start[ow + 1];
          float* dst = out + o * outPlane + (u * oW + ow) * inner;
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
            continue;
          }
          const int32_t kw = g.axes[2].count[ow];
          auto divide = [&](float acc) {
            float v = static_cast<float>(double(acc) / r.kd);
            v = static_cast<float>(double(v) / r.kh);
            return static_cast<float>(double(v) / kw);
          };
          if (inner == 1) {
            float acc = 0.0f;
            for (int64_t k = k0; k < k1; k++) acc = acc + src[off[k]];
            dst[0] = divide(acc);
            continue;
          }
          std::fill(sums, sums + inner, 0.0f);
          for (int64_t k = k0; k < k1; k++) {
            const float* __restrict xk = src + off[k];
            for (int64_t c = 0; c < inner; c++) sums[c] = sums[c] + xk[c];
          }
          for (int64_t c = 0; c < inner; c++) dst[c] = divide(sums[c]);
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

/**
 * Large output buffers are usually fresh, untouched memory (a new zeroed typed array): asking for
 * transparent huge pages turns thousands of first-touch page faults into a few. Advice only.
 */
void adviseHuge(void* p, int64_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  const uintptr_t huge = uintptr_t(1) << 21;
  if (bytes < int64_t(4 * huge)) return;
  const uintptr_t a = (reinterpret_cast<uintptr_t>(p) + huge - 1) & ~(huge - 1);
  const uintptr_t b = (reinterpret_cast<uintptr_t>(p) + uintptr_t(bytes)) & ~(huge - 1);
  if (b > a) madvise(reinterpret_cast<void*>(a), b - a, MADV_HUGEPAGE);
#else
  (void)p;
  (void)bytes;
#endif
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
  adviseHuge(out, s.g.outer * size3(s.g.out) * s.g.inner * int64_t(sizeof(float)));
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

/**
 * One output row's weightsFirst terms regrouped by destination (channels-first): every dx element
 * the row touches, with its terms in the row's (reference) order, so each element is folded in a
 * register with no store-to-load chains. Destinations are grouped by their number of terms; the
 * order of distinct elements is free, the order of one element's terms is the reference's.
 */
struct GatherRow {
  std::vector<int32_t> dst;    // destination offsets within the plane, grouped by term count
  std::vector<float> tw;       // term weights, destination-major
  std::vector<int32_t> tg;     // term dy index within the row (ow)
  std::vector<int32_t> gCount, gDst, gTerm;  // per group: count, first destination, first term
};

struct GatherScratch {
  std::vector<int64_t> rowIds;
  std::vector<int32_t> slotOf, slotN, slotBase, ows, byCount, termOfCount;
};

void buildGatherRow(const Geometry& g, const RowTerms& r, GatherRow& q, GatherScratch& w) {
  const int64_t iW = g.in[2], oW = g.out[2];
  const int64_t n = r.start[oW];
  q.gCount.clear();
  q.gDst.clear();
  q.gTerm.clear();
  q.dst.resize(static_cast<size_t>(n));
  q.tw.resize(static_cast<size_t>(n));
  q.tg.resize(static_cast<size_t>(n));
  if (n == 0) return;
  // Distinct dx rows (offset / iW) of the row's terms; slot = rowSlot * iW + iw.
  w.rowIds.clear();
  w.slotOf.resize(static_cast<size_t>(n));
  w.ows.resize(static_cast<size_t>(n));
  for (int64_t ow = 0; ow < oW; ow++) {
    for (int64_t k = r.start[ow]; k < r.start[ow + 1]; k++) w.ows[k] = static_cast<int32_t>(ow);
  }
  int64_t lastRow = -1, lastSlot = 0;
  for (int64_t k = 0; k < n; k++) {
    const int64_t off = r.offset[k];
    const int64_t row = off / iW, col = off - row * iW;
    if (row != lastRow) {
      size_t i = 0;
      while (i < w.rowIds.size() && w.rowIds[i] != row) i++;
      if (i == w.rowIds.size()) w.rowIds.push_back(row);
      lastRow = row;
      lastSlot = static_cast<int64_t>(i);
    }
    w.slotOf[k] = static_cast<int32_t>(lastSlot * iW + col);
  }
  const int64_t slots = static_cast<int64_t>(w.rowIds.size()) * iW;
  w.slotN.assign(static_cast<size_t>(slots), 0);
  int32_t maxN = 0;
  for (int64_t k = 0; k < n; k++) maxN = std::max(maxN, ++w.slotN[w.slotOf[k]]);
  // Destinations per count, then each destination's first term (count groups in increasing order).
  w.byCount.assign(static_cast<size_t>(maxN) + 1, 0);
  for (int64_t sl = 0; sl < slots; sl++) w.byCount[w.slotN[sl]]++;
  int32_t dstAt = 0, termAt = 0;
  std::vector<int32_t>& firstDst = w.byCount;  // reused: running destination index per count
  for (int32_t c = 1; c <= maxN; c++) {
    const int32_t m = firstDst[c];
    firstDst[c] = dstAt;
    if (m == 0) continue;
    q.gCount.push_back(c);
    q.gDst.push_back(dstAt);
    q.gTerm.push_back(termAt);
    dstAt += m;
    termAt += m * c;
  }
  q.gDst.push_back(dstAt);
  q.gTerm.push_back(termAt);
  q.dst.resize(static_cast<size_t>(dstAt));
  // Group start (terms) by count, to place each destination's terms.
  w.slotBase.assign(static_cast<size_t>(slots), -1);
  std::vector<int32_t>& termOfCount = w.termOfCount;
  termOfCount.assign(static_cast<size_t>(maxN) + 1, 0);
  for (size_t i = 0; i < q.gCount.size(); i++) termOfCount[q.gCount[i]] = q.gTerm[i];
  for (int64_t sl = 0; sl < slots; sl++) {
    const int32_t c = w.slotN[sl];
    if (c == 0) continue;
    const int32_t d = firstDst[c]++;
    const int64_t ri = sl / iW;
    q.dst[d] = static_cast<int32_t>(w.rowIds[ri] * iW + (sl - ri * iW));
    w.slotBase[sl] = termOfCount[c];
    termOfCount[c] += c;
  }
  // Terms in row order: stable within each destination.
  for (int64_t k = 0; k < n; k++) {
    const int32_t pos = w.slotBase[w.slotOf[k]]++;
    q.tw[pos] = r.w0[k];
    q.tg[pos] = w.ows[k];
  }
}

template <int C>
inline void foldFixed(float* __restrict base, const float* __restrict gy,
                      const int32_t* __restrict dst, const float* __restrict tw,
                      const int32_t* __restrict tg, int32_t nd) {
  for (int32_t j = 0; j < nd; j++) {
    const int32_t o = dst[j];
    float acc = base[o];
    for (int t = 0; t < C; t++) acc = acc + tw[t] * gy[tg[t]];
    base[o] = acc;
    tw += C;
    tg += C;
  }
}

/** Folds one row's terms into plane `base` (channels-first, weightsFirst). */
void foldRow(const GatherRow& q, float* __restrict base, const float* __restrict gy, bool floatPlane) {
  for (size_t i = 0; i < q.gCount.size(); i++) {
    const int32_t c = q.gCount[i];
    const int32_t d0 = q.gDst[i], nd = q.gDst[i + 1] - d0;
    const int32_t* dst = q.dst.data() + d0;
    const float* tw = q.tw.data() + q.gTerm[i];
    const int32_t* tg = q.tg.data() + q.gTerm[i];
    if (!floatPlane) {
      for (int32_t j = 0; j < nd; j++, tw += c, tg += c) {
        float acc = base[dst[j]];
        for (int32_t t = 0; t < c; t++) {
          acc = static_cast<float>(double(acc) + double(tw[t]) * double(gy[tg[t]]));
        }
        base[dst[j]] = acc;
      }
      continue;
    }
    switch (c) {
      case 1: foldFixed<1>(base, gy, dst, tw, tg, nd); break;
      case 2: foldFixed<2>(base, gy, dst, tw, tg, nd); break;
      case 3: foldFixed<3>(base, gy, dst, tw, tg, nd); break;
      case 4: foldFixed<4>(base, gy, dst, tw, tg, nd); break;
      case 5: foldFixed<5>(base, gy, dst, tw, tg, nd); break;
      case 6: foldFixed<6>(base, gy, dst, tw, tg, nd); break;
      case 8: foldFixed<8>(base, gy, dst, tw, tg, nd); break;
      default:
        for (int32_t j = 0; j < nd; j++, tw += c, tg += c) {
          float acc = base[dst[j]];
          for (int32_t t = 0; t < c; t++) acc = acc + tw[t] * gy[tg[t]];
          base[dst[j]] = acc;
        }
    }
  }
}

/** Every output row's GatherRow, for one plan. */
struct GatherPlan {
  std::vector<GatherRow> rows;  // od * oH + oh
  // The same terms regrouped per dx row R (id * iH + ih): each element's terms across all output
  // rows, in the fold order (output rows ascending, then row order). Term dy positions index a
  // ring of `window` interleaved output rows (slot u % window). `byRow` false: not usable.
  bool byRow = false;
  int64_t window = 0;
  std::vector<int64_t> rHi;                          // per R: last output row needed (-1: none)
  std::vector<int32_t> rGroup;                       // per R: first group (size nR + 1)
  std::vector<int32_t> gCount, gDst, gTerm;          // per group (gDst/gTerm one longer)
  std::vector<int32_t> dst, tg;                      // per element: iw; per term: ring offset
  std::vector<float> tw;
};

/** Fills the per-dx-row regrouping of `p` (see GatherPlan), if its ring window is small. */
void buildByRow(const Geometry& g, GatherPlan& p) {
  const int64_t iW = g.in[2], nR = g.in[0] * g.in[1], oW = g.out[2];
  const int64_t nU = static_cast<int64_t>(p.rows.size());
  const int64_t inP = nR * iW;
  if (iW <= 0 || nR <= 0 || oW <= 0 || inP > (int64_t(1) << 26)) return;
  std::vector<int64_t> cnt(static_cast<size_t>(inP) + 1, 0);
  std::vector<int64_t> lo(static_cast<size_t>(nR), -1), hi(static_cast<size_t>(nR), -1);
  for (int64_t u = 0; u < nU; u++) {
    const GatherRow& q = p.rows[u];
    for (size_t i = 0; i < q.gCount.size(); i++) {
      const int32_t c = q.gCount[i];
      for (int32_t j = q.gDst[i]; j < q.gDst[i + 1]; j++) {
        const int64_t d = q.dst[j];
        if (d < 0 || d >= inP) return;
        cnt[d] += c;
        const int64_t R = d / iW;
        if (lo[R] < 0) lo[R] = u;
        hi[R] = u;
      }
    }
  }
  int64_t maxHi = -1, window = 1;
  for (int64_t R = 0; R < nR; R++) {
    if (hi[R] < 0) continue;
    maxHi = std::max(maxHi, hi[R]);
    window = std::max(window, maxHi - lo[R] + 1);
  }
  if (window * oW * 32 > (int64_t(1) << 20)) return;
  // Element terms in fold order.
  std::vector<int64_t> start(static_cast<size_t>(inP) + 1, 0);
  for (int64_t d = 0; d < inP; d++) start[d + 1] = start[d] + cnt[d];
  const int64_t nT = start[inP];
  if (nT > (int64_t(1) << 30)) return;
  std::vector<int32_t> etg(static_cast<size_t>(nT));
  std::vector<float> etw(static_cast<size_t>(nT));
  std::vector<int64_t> cur(start.begin(), start.end() - 1);
  for (int64_t u = 0; u < nU; u++) {
    const GatherRow& q = p.rows[u];
    const int32_t slot = static_cast<int32_t>((u % window) * oW);
    for (size_t i = 0; i < q.gCount.size(); i++) {
      const int32_t c = q.gCount[i];
      const float* tw = q.tw.data() + q.gTerm[i];
      const int32_t* tg = q.tg.data() + q.gTerm[i];
      for (int32_t j = q.gDst[i]; j < q.gDst[i + 1]; j++, tw += c, tg += c) {
        int64_t& k = cur[q.dst[j]];
        for (int32_t t = 0; t < c; t++, k++) {
          etg[k] = slot + tg[t];
          etw[k] = tw[t];
        }
      }
    }
  }
  // Group each row's elements by term count (elements in iw order within a group).
  p.rHi = hi;
  p.rGroup.assign(static_cast<size_t>(nR) + 1, 0);
  p.dst.clear();
  p.tg.clear();
  p.tw.clear();
  p.gCount.clear();
  p.gDst.clear();
  p.gTerm.clear();
  std::vector<int64_t> counts;
  for (int64_t R = 0; R < nR; R++) {
    p.rGroup[R] = static_cast<int32_t>(p.gCount.size());
    counts.clear();
    for (int64_t w = 0; w < iW; w++) counts.push_back(cnt[R * iW + w]);
    std::vector<int64_t> distinct(counts);
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    for (int64_t c : distinct) {
      p.gCount.push_back(static_cast<int32_t>(c));
      p.gDst.push_back(static_cast<int32_t>(p.dst.size()));
      p.gTerm.push_back(static_cast<int32_t>(p.tw.size()));
      for (int64_t w = 0; w < iW; w++) {
        const int64_t d = R * iW + w;
        if (cnt[d] != c) continue;
        p.dst.push_back(static_cast<int32_t>(w));
        for (int64_t k = start[d]; k < start[d + 1]; k++) {
          p.tg.push_back(etg[k]);
          p.tw.push_back(etw[k]);
        }
      }
    }
  }
  p.rGroup[nR] = static_cast<int32_t>(p.gCount.size());
  p.gDst.push_back(static_cast<int32_t>(p.dst.size()));
  p.gTerm.push_back(static_cast<int32_t>(p.tw.size()));
  p.window = window;
  p.byRow = true;
}

/** The GatherRows of every output row of `s` (built in parallel on first use, then kept in the
 * plan's cache: the tables behind `s` are the plan's own immutable copies). */
std::shared_ptr<const GatherPlan> gatherPlan(const BackwardSpec& s, int64_t cap, BackwardCache& cache) {
  {
    std::lock_guard<std::mutex> lock(cache.mutex);
    if (cache.gather != nullptr) return std::static_pointer_cast<const GatherPlan>(cache.gather);
  }
  const Geometry& g = s.g;
  auto plan = std::make_shared<GatherPlan>();
  const int64_t oH = g.out[1], rows = g.out[0] * oH;
  plan->rows.resize(static_cast<size_t>(rows));
  Pool& pool = Pool::instance();
  std::vector<RowTerms> rts(pool.size());
  std::vector<GatherScratch> scr(pool.size());
  pool.run(rows, chunksFor(rows, cap), [&](int64_t b, int64_t e, int slot) {
    RowTerms& r = rts[slot];
    if (r.offset.size() < static_cast<size_t>(cap)) allocRow(r, g, cap);
    for (int64_t u = b; u < e; u++) {
      collectRow(g, s.order, u / oH, u % oH, true, r);
      buildGatherRow(g, r, plan->rows[u], scr[slot]);
    }
  });
  buildByRow(g, *plan);
  std::lock_guard<std::mutex> lock(cache.mutex);
  cache.gather = plan;
  return plan;
}


// V8 is spelled out below rather than passed as a template argument: template arguments drop its
// aligned(4)/may_alias attributes, and the loads would then assume 32-byte alignment.

/**
 * Folds destination elements of eight interleaved planes: each element's `C` terms in order,
 * `acc = acc + g * w`, with `acc` starting from the element's value (`Accumulate`) or from zero.
 */
template <int C, bool Accumulate>
TFJS_ALWAYS_INLINE void foldFixed8(V8* __restrict out, const V8* __restrict gt,
                                   const int32_t* __restrict dst, const float* __restrict tw,
                                   const int32_t* __restrict tg, int32_t nd) {
  for (int32_t j = 0; j < nd; j++) {
    V8 acc = {0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f};
    if (Accumulate) acc = out[dst[j]];
    for (int t = 0; t < C; t++) acc = acc + gt[tg[t]] * tw[t];
    out[dst[j]] = acc;
    tw += C;
    tg += C;
  }
}

/** foldFixed8 over groups [g0, g1) of a grouped term list (a GatherRow or a GatherPlan row). */
template <bool Accumulate, typename Groups>
TFJS_ALWAYS_INLINE void foldGroups8(const Groups& q, int32_t g0, int32_t g1, V8* __restrict out,
                                    const V8* __restrict gt) {
  for (int32_t i = g0; i < g1; i++) {
    const int32_t c = q.gCount[i];
    const int32_t d0 = q.gDst[i], nd = q.gDst[i + 1] - d0;
    const int32_t* dst = q.dst.data() + d0;
    const float* tw = q.tw.data() + q.gTerm[i];
    const int32_t* tg = q.tg.data() + q.gTerm[i];
    switch (c) {
      case 1: foldFixed8<1, Accumulate>(out, gt, dst, tw, tg, nd); break;
      case 2: foldFixed8<2, Accumulate>(out, gt, dst, tw, tg, nd); break;
      case 3: foldFixed8<3, Accumulate>(out, gt, dst, tw, tg, nd); break;
      case 4: foldFixed8<4, Accumulate>(out, gt, dst, tw, tg, nd); break;
      case 5: foldFixed8<5, Accumulate>(out, gt, dst, tw, tg, nd); break;
      case 6: foldFixed8<6, Accumulate>(out, gt, dst, tw, tg, nd); break;
      case 8: foldFixed8<8, Accumulate>(out, gt, dst, tw, tg, nd); break;
      case 9: foldFixed8<9, Accumulate>(out, gt, dst, tw, tg, nd); break;
      case 12: foldFixed8<12, Accumulate>(out, gt, dst, tw, tg, nd); break;
      case 16: foldFixed8<16, Accumulate>(out, gt, dst, tw, tg, nd); break;
      default:
        for (int32_t j = 0; j < nd; j++, tw += c, tg += c) {
          V8 acc = {0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f};
          if (Accumulate) acc = out[dst[j]];
          for (int32_t t = 0; t < c; t++) acc = acc + gt[tg[t]] * tw[t];
          out[dst[j]] = acc;
        }
    }
  }
}

/** foldRow for a block of eight float planes held interleaved: `xt[i]` = element i of each. */
TFJS_ALWAYS_INLINE void foldRow8Body(const GatherRow& q, V8* __restrict xt, const V8* __restrict gt) {
  foldGroups8<true>(q, 0, int32_t(q.gCount.size()), xt, gt);
}

/** One dx row R of a block of eight planes from the GatherPlan's per-row regrouping: out[iw]. */
TFJS_ALWAYS_INLINE void sumRow8Body(const GatherPlan& p, int64_t R, V8* __restrict out,
                                    const V8* __restrict gt) {
  foldGroups8<false>(p, p.rGroup[R], p.rGroup[R + 1], out, gt);
}

#ifdef TFJS_X86_DISPATCH
__attribute__((target("avx2"))) void sumRow8Avx2(const GatherPlan& p, int64_t R, V8* out, const V8* gt) {
  sumRow8Body(p, R, out, gt);
}
#endif

void sumRow8(const GatherPlan& p, int64_t R, V8* out, const V8* gt) {
#ifdef TFJS_X86_DISPATCH
  if (haveAvx2()) {
    sumRow8Avx2(p, R, out, gt);
    return;
  }
#endif
  sumRow8Body(p, R, out, gt);
}

#ifdef TFJS_X86_DISPATCH
__attribute__((target("avx2"))) void foldRow8Avx2(const GatherRow& q, V8* xt, const V8* gt) {
  foldRow8Body(q, xt, gt);
}
#endif

void foldRow8(const GatherRow& q, V8* xt, const V8* gt) {
#ifdef TFJS_X86_DISPATCH
  if (haveAvx2()) {
    foldRow8Avx2(q, xt, gt);
    return;
  }
#endif
  foldRow8Body(q, xt, gt);
}

}  // namespace

void backwardFloat(const BackwardSpec& s, const float* dy, float* dx, BackwardCache& cache) {
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
  const int64_t threads = pool.size();
  const int64_t oD = g.out[0], oH = g.out[1], oW = g.out[2];
  const int64_t cap = rowCapacity(g);
  if (inner == 1 && s.combine == kWeightsFirst) {
    // Channels-first weightsFirst: per output row, fold each touched dx element's terms in order
    // (GatherRow). Blocks of eight float planes run side by side in interleaved scratch (one
    // vector lane per plane); other planes run one at a time.
    const int64_t inP = size3(g.in), outP = size3(g.out);
    const int64_t blocks = outer / 8;
    const int64_t units = blocks + (outer - 8 * blocks);
    auto floatPlane = [&](int64_t o) {
      return !s.doubleAccumulate || (o % g.channels) < s.floatChannels;
    };
    std::vector<char> vecBlock(static_cast<size_t>(blocks));
    for (int64_t k = 0; k < blocks; k++) {
      bool all = true;
      for (int64_t o = 8 * k; o < 8 * k + 8; o++) all = all && floatPlane(o);
      vecBlock[k] = all;
    }
    const int64_t work = size3(g.out) * std::max<int64_t>(1, cap / std::max<int64_t>(1, oW));
    const std::shared_ptr<const GatherPlan> gp = gatherPlan(s, cap, cache);
    if (gp->byRow) {
      // Per dx row: dy rows interleaved once into a ring of `window` rows, each dx element's
      // terms (all output rows) summed in registers, the row deinterleaved straight into dx.
      const GatherPlan& p = *gp;
      const int64_t iW = g.in[2], nR = g.in[0] * g.in[1], nU = oD * oH, win = p.window;
      const int64_t chunks = work * outer < (int64_t(1) << 15) ? 1 : std::min<int64_t>(units, 4 * threads);
      pool.run(units, chunks, [&](int64_t b, int64_t e, int) {
        V8* ring = scratchOf<V8>(kScratchIn, static_cast<size_t>(win * oW));
        V8* orow = scratchOf<V8>(kScratchOut, static_cast<size_t>(iW));
        for (int64_t u = b; u < e; u++) {
          if (u < blocks && vecBlock[u]) {
            const float* src[8];
            float* dst[8];
            int64_t next = 0;
            for (int64_t R = 0; R < nR; R++) {
              for (; next <= p.rHi[R] && next < nU; next++) {
                for (int q = 0; q < 8; q++) src[q] = dy + (8 * u + q) * outP + next * oW;
                interleave8(src, oW, ring + (next % win) * oW);
              }
              sumRow8(p, R, orow, ring);
              for (int q = 0; q < 8; q++) dst[q] = dx + (8 * u + q) * inP + R * iW;
              deinterleave8(orow, iW, dst);
            }
            continue;
          }
          const int64_t o0 = u < blocks ? 8 * u : 8 * blocks + (u - blocks);
          const int64_t o1 = u < blocks ? o0 + 8 : o0 + 1;
          std::fill(dx + o0 * inP, dx + o1 * inP, 0.0f);
          for (int64_t o = o0; o < o1; o++) {
            for (int64_t r = 0; r < nU; r++) {
              foldRow(p.rows[r], dx + o * inP, dy + o * outP + r * oW, floatPlane(o));
            }
          }
        }
      });
      return;
    }
    // Several tasks per thread: a thread that is preempted (busy machine) holds up less work.
    const int64_t chunks = work * outer < (int64_t(1) << 15) ? 1 : std::min<int64_t>(units, 4 * threads);
    // Interleaved dx of the blocks, on the calling thread's scratch (shared by the region).
    V8* xt = scratchOf<V8>(kScratchStage0, static_cast<size_t>(std::max<int64_t>(1, blocks * inP)));
    pool.run(units, chunks, [&](int64_t b, int64_t e, int) {
      for (int64_t u = b; u < e; u++) {
        if (u < blocks && vecBlock[u]) {
          std::fill(xt + u * inP, xt + (u + 1) * inP, V8{});
        } else {
          const int64_t o0 = u < blocks ? 8 * u : 8 * blocks + (u - blocks);
          const int64_t o1 = u < blocks ? o0 + 8 : o0 + 1;
          std::fill(dx + o0 * inP, dx + o1 * inP, 0.0f);
        }
      }
      V8* gt = scratchOf<V8>(kScratchIn, static_cast<size_t>(oW));
      for (int64_t od = 0; od < oD; od++) {
        for (int64_t oh = 0; oh < oH; oh++) {
          const GatherRow& q = gp->rows[od * oH + oh];
          const int64_t dyRow = (od * oH + oh) * oW;
          for (int64_t u = b; u < e; u++) {
            if (u < blocks && vecBlock[u]) {
              const float* src[8];
              for (int p = 0; p < 8; p++) src[p] = dy + (8 * u + p) * outP + dyRow;
              interleave8(src, oW, gt);
              foldRow8(q, xt + u * inP, gt);
              continue;
            }
            const int64_t o0 = u < blocks ? 8 * u : 8 * blocks + (u - blocks);
            const int64_t o1 = u < blocks ? o0 + 8 : o0 + 1;
            for (int64_t o = o0; o < o1; o++) {
              foldRow(q, dx + o * inP, dy + o * outP + dyRow, floatPlane(o));
            }
          }
        }
      }
      for (int64_t u = b; u < std::min(e, blocks); u++) {
        if (!vecBlock[u]) continue;
        float* dst[8];
        for (int p = 0; p < 8; p++) dst[p] = dx + (8 * u + p) * inP;
        deinterleave8(xt + u * inP, inP, dst);
      }
    });
    threadScratch(kScratchStage0).trim();
    return;
  }
  std::fill(dx, dx + total, 0.0f);
  // Work splits over whole planes (or, channels-last with few planes, channel blocks): each dx
  // element is owned by one task, which visits output rows and taps in the reference order.
  const int64_t kBlock = 16;
  const int64_t cBlocks = (inner > 1 && outer < threads && inner >= 2 * kBlock)
                              ? (inner + kBlock - 1) / kBlock : 1;
  const int64_t units = outer * cBlocks;
  std::vector<RowTerms> rows(pool.size());
  for (auto& r : rows) allocRow(r, g, cap);
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
