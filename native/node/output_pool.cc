#include "output_pool.h"

#include <cstdint>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <new>
#include <vector>

namespace tfjs_interpolate {
namespace {

constexpr size_t kMaxCachedBlocks = 256;
// A cached block not reused within this many later requests goes back to the C library, which can
// then carve its (already mapped) pages into outputs of other sizes.
constexpr uint64_t kIdleRequests = 1024;

struct Block {
  void* p;
  size_t bytes;
  uint64_t stamp;  // `requests` when it was given back
};

struct Cache {
  std::mutex mutex;
  std::deque<Block> blocks;  // newest first
  size_t bytes = 0;
  uint64_t requests = 0;
};

// Never destroyed: V8 may free arrays (and call giveBlock) during process teardown.
Cache& cache() {
  static Cache* c = new Cache();
  return *c;
}

/** Removes the oldest blocks while `drop(block)` holds for them, into `out`. Lock held. */
template <typename Drop>
void evictOldest(Cache& c, const Drop& drop, std::vector<void*>& out) {
  while (!c.blocks.empty() && drop(c.blocks.back())) {
    out.push_back(c.blocks.back().p);
    c.bytes -= c.blocks.back().bytes;
    c.blocks.pop_back();
  }
}

void freeAll(const std::vector<void*>& blocks) {
  for (void* p : blocks) std::free(p);
}

}  // namespace

void* takeBlock(size_t bytes) {
  std::vector<void*> idle;
  {
    Cache& c = cache();
    std::lock_guard<std::mutex> lock(c.mutex);
    c.requests++;
    for (auto it = c.blocks.begin(); it != c.blocks.end(); ++it) {
      if (it->bytes == bytes) {
        void* p = it->p;
        c.bytes -= bytes;
        c.blocks.erase(it);
        return p;
      }
    }
    const uint64_t now = c.requests;
    evictOldest(c, [&](const Block& b) { return now - b.stamp > kIdleRequests; }, idle);
  }
  freeAll(idle);  // before allocating, so their pages can serve this request
  void* p = nullptr;
  if (posix_memalign(&p, 64, bytes == 0 ? 64 : bytes) != 0) throw std::bad_alloc();
  return p;
}

void giveBlock(void* block, size_t bytes) {
  if (block == nullptr) return;
  if (bytes > kMaxCachedBytes) {
    std::free(block);
    return;
  }
  std::vector<void*> evicted;
  {
    Cache& c = cache();
    std::lock_guard<std::mutex> lock(c.mutex);
    c.blocks.push_front({block, bytes, c.requests});
    c.bytes += bytes;
    evictOldest(c, [&](const Block&) {
      return c.bytes > kMaxCachedBytes || c.blocks.size() > kMaxCachedBlocks;
    }, evicted);
  }
  freeAll(evicted);  // outside the lock
}

}  // namespace tfjs_interpolate
