// The row paths: PyTorch's double-accumulating linear kernel (one channel, or 1x1 spatial) and
// adaptive average pooling (area), one output row (od, oh) per task.
#include <algorithm>
#include <limits>
#include <vector>

#include "internal.h"
#include "scratch.h"
#include "window_pass.h"

namespace tfjs_interpolate {

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
  // Term lists only where some output row collects terms, one per thread that runs (allocated by
  // that thread on first use).
  const bool needTerms = !allWindowed || maxRows > kMaxRows;
  const int64_t chunks = chunksFor(units, perUnit);
  std::vector<RowTerms> rows(static_cast<size_t>(pool.threadsFor(std::min(chunks, units))));
  pool.run(units, chunks, [&](int64_t b, int64_t e, int slot) {
    RowTerms& r = rows[slot];
    if (needTerms && r.offset.size() < static_cast<size_t>(cap)) allocRow(r, g, cap, linear);
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
                double acc = -0.0;  // x + -0 == x for every x: the sum of PyTorch's terms, -0 kept
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
  const bool bigTemporaries = needTerms && size_t(cap) * rows.size() * 24 > kReleaseAfterBytes;
  rows.clear();
  if (bigTemporaries) releaseFreedMemory();
}

}  // namespace tfjs_interpolate
