// Forward entry points: method dispatch and the nearest gather.
#include <cstring>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "internal.h"

namespace tfjs_interpolate {
namespace {

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

}  // namespace tfjs_interpolate
