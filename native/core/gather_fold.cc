// The folds of the gradient's gather form (gather_plan.h): each dx element's terms summed in a
// register in the reference's order; eight planes side by side in the vector lanes.
#include "gather_plan.h"
#include "isa.h"

namespace tfjs_interpolate {
namespace {

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

}  // namespace

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

namespace {

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

#ifdef TFJS_AVX2_DISPATCH
TFJS_AVX2_TARGET void sumRow8Avx2(const GatherPlan& p, int64_t R, V8* out, const V8* gt) {
  sumRow8Body(p, R, out, gt);
}
#endif

}  // namespace

void sumRow8(const GatherPlan& p, int64_t R, V8* out, const V8* gt) {
#ifdef TFJS_AVX2_DISPATCH
  if (useAvx2()) {
    sumRow8Avx2(p, R, out, gt);
    return;
  }
#endif
  sumRow8Body(p, R, out, gt);
}

#ifdef TFJS_AVX2_DISPATCH
TFJS_AVX2_TARGET void foldRow8Avx2(const GatherRow& q, V8* xt, const V8* gt) {
  foldRow8Body(q, xt, gt);
}
#endif

void foldRow8(const GatherRow& q, V8* xt, const V8* gt) {
#ifdef TFJS_AVX2_DISPATCH
  if (useAvx2()) {
    foldRow8Avx2(q, xt, gt);
    return;
  }
#endif
  foldRow8Body(q, xt, gt);
}

}  // namespace tfjs_interpolate
