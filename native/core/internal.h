// Declarations shared by the core's kernel files (not part of the core's interface, kernels.h).
// Layout of every buffer: [outer, D, H, W, inner].
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "kernels.h"
#include "simd.h"
#include "thread_pool.h"

namespace tfjs_interpolate {

struct WindowTable;

inline int64_t size3(const int64_t* s) { return s[0] * s[1] * s[2]; }

/** Number of tasks to split `n` units into: a few per thread, for balance. */
inline int64_t chunksFor(int64_t n, int64_t workPerUnit) {
  const int64_t threads = Pool::instance().size();
  if (n * workPerUnit < (int64_t(1) << 15)) return 1;  // too small to be worth waking threads
  return std::min<int64_t>(n, 8 * threads);
}

/** Whether every output of `t` has all its taps. */
inline bool uniform(const Axis& t) {
  for (int64_t o = 0; o < t.outSize; o++) {
    if (t.count[o] != t.taps) return false;
  }
  return true;
}

/** PyTorch's area divisions: three, in double, each rounded to float32. */
inline float divide3(float g, int32_t kd, int32_t kh, int32_t kw) {
  float v = static_cast<float>(double(g) / kd);
  v = static_cast<float>(double(v) / kh);
  return static_cast<float>(double(v) / kw);
}

// Taps of whole output rows (row_terms.cc): the non-separable forwards and every gradient.

/** The terms of one output row: per ow, terms [start[ow], start[ow + 1]). */
struct RowTerms {
  std::vector<int64_t> start;
  std::vector<int64_t> offset;
  std::vector<float> w0, w1, w2;
  int32_t kd = 1, kh = 1;
};

/** Upper bound of the terms of one output row. */
int64_t rowCapacity(const Geometry& g);

/** Sizes `r` for rows of up to `cap` terms (`combined`: w1/w2 are not needed). */
void allocRow(RowTerms& r, const Geometry& g, int64_t cap, bool combined = false);

/**
 * Collects the taps of output row (od, oh) in the loop nest `order` (outermost axis first). With
 * `combined`, w0 = f32(f32(wd*wh)*ww) and w1/w2 are not filled.
 */
void collectRow(const Geometry& g, const int order[3], int64_t od, int64_t oh, bool combined, RowTerms& r);

extern const int kNatural[3];

// Forward methods (separable.cc, rowwise.cc, mean.cc).
void separable(const ForwardSpec& s, const float* x, float* out);
/** linearDouble (`linear`) and area, split over output rows. */
void rowwiseForward(const ForwardSpec& s, const float* x, float* out, bool linear);
void meanForward(const ForwardSpec& s, const float* x, float* out);

}  // namespace tfjs_interpolate
