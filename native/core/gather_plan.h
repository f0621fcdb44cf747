// The gather form of the channels-first weightsFirst gradient: each output row's terms grouped by
// the dx element they land on (built once per plan, kept in its BackwardCache), and the folds
// that sum them in the reference's order.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "internal.h"

namespace tfjs_interpolate {

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

/** The GatherPlan of `s` (built in parallel on first use, then kept in `cache`). */
std::shared_ptr<const GatherPlan> gatherPlan(const BackwardSpec& s, int64_t cap, BackwardCache& cache);

/** Folds one row's terms into plane `base` (one float plane; `floatPlane` false: double sums). */
void foldRow(const GatherRow& q, float* base, const float* gy, bool floatPlane);

/** foldRow for a block of eight float planes held interleaved: `xt[i]` = element i of each. */
void foldRow8(const GatherRow& q, V8* xt, const V8* gt);

/** One dx row R of a block of eight planes from the GatherPlan's per-row regrouping: out[iw]. */
void sumRow8(const GatherPlan& p, int64_t R, V8* out, const V8* gt);

}  // namespace tfjs_interpolate
