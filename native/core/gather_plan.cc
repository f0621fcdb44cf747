// Builds the gather form of the gradient (gather_plan.h).
#include "gather_plan.h"

#include <algorithm>

#include "scratch.h"

namespace tfjs_interpolate {
namespace {

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

template <typename T>
size_t bytesOf(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}

size_t gatherPlanBytes(const GatherPlan& p) {
  size_t n = sizeof(GatherPlan) + p.rows.capacity() * sizeof(GatherRow);
  for (const GatherRow& q : p.rows) {
    n += bytesOf(q.dst) + bytesOf(q.tw) + bytesOf(q.tg) + bytesOf(q.gCount) + bytesOf(q.gDst) + bytesOf(q.gTerm);
  }
  return n + bytesOf(p.rHi) + bytesOf(p.rGroup) + bytesOf(p.gCount) + bytesOf(p.gDst) + bytesOf(p.gTerm) +
         bytesOf(p.dst) + bytesOf(p.tg) + bytesOf(p.tw);
}

}  // namespace

namespace {

/** Every cache holding tables, least recently used first, and their bytes. */
struct TableRegistry {
  Mutex mutex;
  std::vector<BackwardCache*> caches;
  size_t bytes = 0;
};

TableRegistry& registry() {
  static TableRegistry* r = new TableRegistry();  // never destroyed: plans may outlive statics
  return *r;
}

/** Moves `c` to the most recently used end. Registry lock held. */
void touch(TableRegistry& r, BackwardCache* c) {
  auto it = std::find(r.caches.begin(), r.caches.end(), c);
  if (it != r.caches.end()) r.caches.erase(it);
  r.caches.push_back(c);
}

/** Drops the least recently used tables other than `keep`'s until `extra` more bytes fit.
 * Registry lock held; a kernel still running on dropped tables keeps them alive (shared_ptr). */
void makeRoom(TableRegistry& r, size_t extra, const BackwardCache* keep) {
  for (size_t i = 0; i < r.caches.size() && r.bytes + extra > kTableBudgetBytes;) {
    BackwardCache* c = r.caches[i];
    if (c == keep) {
      i++;
      continue;
    }
    std::shared_ptr<const void> dropped;
    {
      Lock lock(c->mutex);
      dropped.swap(c->gather);
      r.bytes -= c->gatherBytes;
      c->gatherBytes = 0;
    }
    r.caches.erase(r.caches.begin() + static_cast<std::ptrdiff_t>(i));
  }
}

}  // namespace

BackwardCache::~BackwardCache() {
  TableRegistry& r = registry();
  Lock lock(r.mutex);
  auto it = std::find(r.caches.begin(), r.caches.end(), this);
  if (it != r.caches.end()) r.caches.erase(it);
  r.bytes -= gatherBytes;
}

size_t cachedBytes(const BackwardCache& cache) { return cache.gatherBytes; }

size_t cachedTableBytes() {
  TableRegistry& r = registry();
  Lock lock(r.mutex);
  return r.bytes;
}

/** The GatherRows of every output row of `s` (built in parallel on first use, then kept in the
 * plan's cache: the tables behind `s` are the plan's own immutable copies). */
std::shared_ptr<const GatherPlan> gatherPlan(const BackwardSpec& s, int64_t cap, BackwardCache& cache) {
  TableRegistry& reg = registry();
  {
    std::shared_ptr<const void> hit;
    {
      Lock lock(cache.mutex);
      hit = cache.gather;
    }
    if (hit != nullptr) {
      Lock lock(reg.mutex);
      touch(reg, &cache);
      return std::static_pointer_cast<const GatherPlan>(hit);
    }
  }
  const Geometry& g = s.g;
  auto plan = std::make_shared<GatherPlan>();
  const int64_t oH = g.out[1], rows = g.out[0] * oH;
  plan->rows.resize(static_cast<size_t>(rows));
  Pool& pool = Pool::instance();
  const int64_t chunks = chunksFor(rows, cap);
  // Term lists for the threads that run (allocated by each on first use), not for every slot.
  std::vector<RowTerms> rts(static_cast<size_t>(pool.threadsFor(chunks)));
  std::vector<GatherScratch> scr(rts.size());
  pool.run(rows, chunks, [&](int64_t b, int64_t e, int slot) {
    RowTerms& r = rts[slot];
    if (r.offset.size() < static_cast<size_t>(cap)) allocRow(r, g, cap, true);
    for (int64_t u = b; u < e; u++) {
      collectRow(g, s.order, u / oH, u % oH, true, r);
      buildGatherRow(g, r, plan->rows[u], scr[slot]);
    }
  });
  const bool bigTemporaries = size_t(cap) * rts.size() * 32 > kReleaseAfterBytes;
  rts.clear();
  scr.clear();
  buildByRow(g, *plan);
  if (bigTemporaries) releaseFreedMemory();
  const size_t bytes = gatherPlanBytes(*plan);
  if (bytes > kTableBudgetBytes) return plan;  // used by this call only
  Lock regLock(reg.mutex);
  makeRoom(reg, bytes, &cache);
  {
    Lock lock(cache.mutex);
    if (cache.gather != nullptr) return plan;  // another thread cached this plan's tables meanwhile
    cache.gather = plan;
    cache.gatherBytes = bytes;
  }
  reg.bytes += bytes;
  touch(reg, &cache);
  return plan;
}


}  // namespace tfjs_interpolate
