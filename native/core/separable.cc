// Separable forward: one pass per axis (W and H fused per block of rows), each output
// acc = f32(x0*w0); acc = f32(acc + f32(xk*wk)) over its taps, as the reference does.
#include <algorithm>
#include <cstring>
#include <vector>

#include "internal.h"
#include "isa.h"
#include "scratch.h"
#include "window_pass.h"

namespace tfjs_interpolate {
namespace {

/**
 * One sweep over `d` adding up to four taps (`M`) in order: d = ((r0*w0 + r1*w1) + r2*w2) + r3*w3
 * for the first group (`kFirst`), d = (((d + r0*w0) + r1*w1) + ...) after it. Each element gets
 * exactly the sums of one tap at a time, in one pass over the row instead of one per tap.
 */
template <int M, bool kFirst>
inline void sweep(const float* const* r, const float* w, int64_t len, float* __restrict d) {
  const float* __restrict r0 = r[0];
  const float* __restrict r1 = r[M > 1 ? 1 : 0];
  const float* __restrict r2 = r[M > 2 ? 2 : 0];
  const float* __restrict r3 = r[M > 3 ? 3 : 0];
  const float w0 = w[0], w1 = w[M > 1 ? 1 : 0], w2 = w[M > 2 ? 2 : 0], w3 = w[M > 3 ? 3 : 0];
  for (int64_t q = 0; q < len; q++) {
    float acc = kFirst ? r0[q] * w0 : d[q] + r0[q] * w0;
    if (M > 1) acc = acc + r1[q] * w1;
    if (M > 2) acc = acc + r2[q] * w2;
    if (M > 3) acc = acc + r3[q] * w3;
    d[q] = acc;
  }
}

/**
 * One output row of `len` elements combining the `n` rows `rowOf(k)` with weights `w[k]`
 * (acc = r0*w0, then acc = acc + rk*wk in tap order): the row form of every pass along an axis
 * whose stride is not 1.
 */
template <typename RowOf>
inline void combineWith(const RowOf& rowOf, const float* w, int32_t n, int64_t len, float* __restrict d) {
  if (n == 0) {
    std::fill(d, d + len, 0.0f);
    return;
  }
  for (int32_t k = 0; k < n; k += 4) {
    const int32_t m = std::min<int32_t>(4, n - k);
    const float* r[4];
    for (int32_t i = 0; i < m; i++) r[i] = rowOf(k + i);
    const bool first = k == 0;
    switch (m) {
      case 1: first ? sweep<1, true>(r, w + k, len, d) : sweep<1, false>(r, w + k, len, d); break;
      case 2: first ? sweep<2, true>(r, w + k, len, d) : sweep<2, false>(r, w + k, len, d); break;
      case 3: first ? sweep<3, true>(r, w + k, len, d) : sweep<3, false>(r, w + k, len, d); break;
      default: first ? sweep<4, true>(r, w + k, len, d) : sweep<4, false>(r, w + k, len, d); break;
    }
  }
}

/**
 * combineWith for two-tap rows written with streaming stores (large outputs that will not be read
 * again soon): the same two products and one sum per element.
 */
template <typename RowOf>
inline void combineWithStream(const RowOf& rowOf, const float* w, int32_t n, int64_t len, float* d) {
  if (kStreamingStores && n == 2) {
    const float* __restrict r0 = rowOf(0);
    const float* __restrict r1 = rowOf(1);
    const float w0 = w[0], w1 = w[1];
    int64_t q = 0;
    for (; q < len && (reinterpret_cast<uintptr_t>(d + q) & 15) != 0; q++) d[q] = r0[q] * w0 + r1[q] * w1;
    const F4 v0 = {w0, w0, w0, w0}, v1 = {w1, w1, w1, w1};
    for (; q + 4 <= len; q += 4) streamStore4(d + q, load4(r0 + q) * v0 + load4(r1 + q) * v1);
    for (; q < len; q++) d[q] = r0[q] * w0 + r1[q] * w1;
    return;
  }
  combineWith(rowOf, w, n, len, d);
}

/** Output row `j` of axis `t` over the rows `src + index * len`. */
inline void combineRows(const float* src, int64_t len, const Axis& t, int64_t j, float* __restrict d) {
  const int32_t* index = t.index + j * t.taps;
  combineWith([&](int32_t k) { return src + int64_t(index[k]) * len; }, t.weight + j * t.taps, t.count[j], len, d);
}

/** combineRows with streaming stores where it pays (combineWithStream). */
inline void combineRowsStream(const float* src, int64_t len, const Axis& t, int64_t j, float* d) {
  const int32_t* index = t.index + j * t.taps;
  combineWithStream([&](int32_t k) { return src + int64_t(index[k]) * len; }, t.weight + j * t.taps, t.count[j],
                    len, d);
}

/** W pass of one row: `src` holds inSize * inner, `dst` outSize * inner. */
inline void passRowW(const float* __restrict src, float* __restrict dst, const Axis& t,
                     bool uni, int64_t inner) {
  const int64_t outSize = t.outSize;
  const int32_t* idx = t.index;
  const float* w = t.weight;
  if (inner != 1) {
    if (uni && t.taps == 2) {  // combineRows' two-tap case, without its per-output dispatch
      const int64_t vec = inner & ~int64_t(3);
      for (int64_t j = 0; j < outSize; j++) {
        const float* r0 = src + int64_t(idx[2 * j]) * inner;
        const float* r1 = src + int64_t(idx[2 * j + 1]) * inner;
        float* d = dst + j * inner;
        const float w0 = w[2 * j], w1 = w[2 * j + 1];
        // Explicit vectors: short channel loops would otherwise pay the vectoriser's overlap checks.
        const F4 v0 = {w0, w0, w0, w0}, v1 = {w1, w1, w1, w1};
        for (int64_t q = 0; q < vec; q += 4) store4(d + q, load4(r0 + q) * v0 + load4(r1 + q) * v1);
        for (int64_t q = vec; q < inner; q++) d[q] = r0[q] * w0 + r1[q] * w1;
      }
      return;
    }
    for (int64_t j = 0; j < outSize; j++) combineRows(src, inner, t, j, dst + j * inner);
    return;
  }
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

/** The general tap loop of passRowsW8 over interleaved rows. */
void anyTapW8(const V8* __restrict x, V8* __restrict xout, const Axis& t) {
  const int64_t taps = t.taps;
  const int32_t* __restrict idx = t.index;
  const float* __restrict w = t.weight;
  for (int64_t j = 0; j < t.outSize; j++) {
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
}

TFJS_ALWAYS_INLINE void twoTapW8Body(const V8* __restrict x, V8* __restrict xout,
                                     const int32_t* __restrict idx, const float* __restrict w,
                                     int64_t outSize) {
  for (int64_t j = 0; j < outSize; j++) {
    xout[j] = x[idx[2 * j]] * w[2 * j] + x[idx[2 * j + 1]] * w[2 * j + 1];
  }
}

#ifdef TFJS_AVX2_DISPATCH
TFJS_AVX2_TARGET void twoTapW8Avx2(const V8* x, V8* xout, const int32_t* idx, const float* w, int64_t outSize) {
  twoTapW8Body(x, xout, idx, w, outSize);
}
#endif

/** The uniform 2-tap loop (the common bilinear case). */
void twoTapW8(const V8* x, V8* xout, const int32_t* idx, const float* w, int64_t outSize) {
#ifdef TFJS_AVX2_DISPATCH
  if (useAvx2()) {
    twoTapW8Avx2(x, xout, idx, w, outSize);
    return;
  }
#endif
  twoTapW8Body(x, xout, idx, w, outSize);
}

/**
 * W pass (inner == 1) of up to 8 rows at once: interleaved, one vector lane per row, each lane
 * computing exactly passRowW's operations (`two`: the table is uniform with 2 taps). `m` rows are
 * real; the rest repeat the last one.
 */
void passRowsW8(const float* const* src, float* const* dst, int m, const Axis& t, bool two, V8* xin,
                V8* xout) {
  const float* in[8];
  float* out[8];
  for (int p = 0; p < 8; p++) {
    in[p] = src[std::min(p, m - 1)];
    out[p] = dst[std::min(p, m - 1)];
  }
  interleave8(in, t.inSize, xin);
  const int64_t outSize = t.outSize;
  if (two) {
    twoTapW8(xin, xout, t.index, t.weight, outSize);
  } else {
    anyTapW8(xin, xout, t);
  }
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

/** The input rows [a, z) that output rows [o0, o1) of `t` read (a == z == 0 when none). */
inline void inputRows(const Axis& t, int64_t o0, int64_t o1, int64_t& a, int64_t& z) {
  a = t.inSize;
  z = 0;
  for (int64_t o = o0; o < o1; o++) {
    for (int32_t m = 0; m < t.count[o]; m++) {
      a = std::min<int64_t>(a, t.index[o * t.taps + m]);
      z = std::max<int64_t>(z, t.index[o * t.taps + m] + 1);
    }
  }
  if (a >= z) a = z = 0;
}

/**
 * passHW for channels-last planes (inner > 1), whose rows are long: each thread takes output rows
 * in order and keeps the W-passed input rows in a ring of `ring` rows (the most one output row
 * reads), so neighbouring output rows share them and each is W-passed about once, in little
 * memory. Every value is computed as by two separate passes.
 */
void passHWRing(const float* src, float* dst, int64_t planes, const Axis& th, const Axis& tw, int64_t inner,
                const WindowTable* win) {
  const bool uniW = uniform(tw);
  const int64_t iH = th.inSize, oH = th.outSize;
  const int64_t inRow = tw.inSize * inner, outRow = tw.outSize * inner;
  int64_t ring = 1;
  for (int64_t o = 0; o < oH; o++) {
    int64_t a, z;
    inputRows(th, o, o + 1, a, z);
    ring = std::max(ring, z - a);
  }
  // Rows one output reads lie within `ring` consecutive rows: distinct slots (r % ring), so filling
  // one never evicts another the same output needs.
  const bool stream = planes * oH * outRow >= (int64_t(1) << 16);
  const int64_t units = planes * oH;
  Pool::instance().run(units, chunksFor(units, outRow * (th.taps + tw.taps)), [&](int64_t b, int64_t e, int) {
    float* buf = scratchOf<float>(kScratchRows, static_cast<size_t>(ring * outRow));
    int64_t* held = scratchOf<int64_t>(kScratchIn, static_cast<size_t>(ring));  // plane * iH + row, or -1
    std::fill(held, held + ring, int64_t(-1));
    for (int64_t u = b; u < e; u++) {
      const int64_t p = u / oH, o = u % oH;
      const float* plane = src + p * iH * inRow;
      const int32_t* index = th.index + o * th.taps;
      for (int32_t m = 0; m < th.count[o]; m++) {
        const int64_t r = index[m], slot = r % ring;
        if (held[slot] == p * iH + r) continue;
        float* row = buf + slot * outRow;
        if (win != nullptr) {
          windowRow(plane + r * inRow, row, *win);
        } else {
          passRowW(plane + r * inRow, row, tw, uniW, inner);
        }
        held[slot] = p * iH + r;
      }
      auto rowOf = [&](int32_t k) -> const float* { return buf + (int64_t(index[k]) % ring) * outRow; };
      float* out = dst + u * outRow;
      if (stream) {
        combineWithStream(rowOf, th.weight + o * th.taps, th.count[o], outRow, out);
      } else {
        combineWith(rowOf, th.weight + o * th.taps, th.count[o], outRow, out);
      }
    }
    if (stream) streamFence();
  });
}

/**
 * W then H passes fused per block of output rows, so the W-pass rows stay in cache: each block W-
 * passes the input rows its taps read into per-thread scratch, then combines them. Every
 * intermediate value is computed exactly as by two separate passes.
 */
void passHW(const float* src, float* dst, int64_t planes, const Axis& th, const Axis& tw,
            int64_t inner, const WindowTable* win) {
  if (inner > 1) {
    passHWRing(src, dst, planes, th, tw, inner, win);
    return;
  }
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
      inputRows(th, k * block, std::min(oH, (k + 1) * block), lo[k], hi[k]);
      span = std::max(span, hi[k] - lo[k]);
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
                   passRowsW8(in, out, m, tw, two, vin, vout);
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
                 streamFence();
               } else {
                 for (int64_t o = k * block; o < std::min(oH, (k + 1) * block); o++) {
                   combineRows(base, outRow, th, o, out + o * outRow);
                 }
               }
             }
           });
}

}  // namespace

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

}  // namespace tfjs_interpolate
