// Input gradients: the copy and mean methods, the scatter form (each dx element owned by one task,
// terms visited in the reference's order) and the gather form (gather_plan.h).
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "gather_plan.h"
#include "internal.h"
#include "scratch.h"

namespace tfjs_interpolate {
namespace {

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
  // The gather form keeps plane offsets in 32 bits; larger planes take the scatter form (64-bit).
  if (inner == 1 && s.combine == kWeightsFirst && size3(g.in) <= int64_t(INT32_MAX)) {
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
          for (int64_t i = u * inP; i < (u + 1) * inP; i++) xt[i] = V8{};
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
  const bool combined = s.combine == kWeightsFirst;
  const int64_t work = size3(g.out) * inner * std::max<int64_t>(1, cap / std::max<int64_t>(1, oW));
  const int64_t chunks = work * units < (int64_t(1) << 15) ? 1 : std::min(threads, units);
  // One term list per thread that runs, allocated by that thread (not one per pool slot).
  std::vector<RowTerms> rows(static_cast<size_t>(pool.threadsFor(chunks)));
  pool.run(units, chunks, [&](int64_t b, int64_t e, int slot) {
    RowTerms& r = rows[slot];
    if (r.offset.size() < static_cast<size_t>(cap)) allocRow(r, g, cap, combined);
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
  const bool bigTemporaries = size_t(cap) * rows.size() * 24 > kReleaseAfterBytes;
  rows.clear();
  if (bigTemporaries) releaseFreedMemory();
}

}  // namespace tfjs_interpolate
