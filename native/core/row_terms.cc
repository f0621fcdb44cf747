// Taps of whole output rows (the non-separable forwards and every gradient); see internal.h.
#include <algorithm>

#include "internal.h"
#include "scratch.h"

namespace tfjs_interpolate {

int64_t rowCapacity(const Geometry& g) {
  int64_t m0 = 0, m1 = 0, s2 = 0;
  for (int64_t o = 0; o < g.axes[0].outSize; o++) m0 = std::max<int64_t>(m0, g.axes[0].count[o]);
  for (int64_t o = 0; o < g.axes[1].outSize; o++) m1 = std::max<int64_t>(m1, g.axes[1].count[o]);
  for (int64_t o = 0; o < g.axes[2].outSize; o++) s2 += g.axes[2].count[o];
  return std::max<int64_t>(1, m0 * m1 * s2);
}

void allocRow(RowTerms& r, const Geometry& g, int64_t cap, bool combined) {
  checkAllocation();
  r.start.resize(static_cast<size_t>(g.out[2] + 1));
  r.offset.resize(static_cast<size_t>(cap));
  r.w0.resize(static_cast<size_t>(cap));
  r.w1.resize(combined ? 0 : static_cast<size_t>(cap));
  r.w2.resize(combined ? 0 : static_cast<size_t>(cap));
}

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

}  // namespace tfjs_interpolate
