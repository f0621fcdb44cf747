// A small reused thread pool: created once (hardware cores threads, the caller included), one
// parallel region at a time. A region that finds the pool busy (another JS thread, e.g. a worker,
// inside the addon) runs serially, so calls stay synchronous and never deadlock.
//
// Waiting spins briefly before sleeping on a condition variable: a sleeping thread takes tens of
// microseconds to wake, which is most of a small region, and calls often come back to back (a
// forward, then its gradient). The spin is bounded (about 50 us), so idle workers sleep.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace tfjs_interpolate {

/** Body of a region: `fn(begin, end, slot)` over a task range; `slot < Pool::size()` is unique per
 * running thread, for per-thread scratch. */
using RangeFn = std::function<void(int64_t, int64_t, int)>;

class Pool {
 public:
  static Pool& instance() {
    static Pool* pool = new Pool();  // never destroyed: workers stay parked until process exit
    return *pool;
  }

  int size() const { return size_; }

  /**
   * Runs `fn` over `[0, n)` split into `chunks` contiguous ranges, taken by the pool's threads in
   * any order. Blocks until all are done. Runs serially on the caller when busy or tiny.
   */
  void run(int64_t n, int64_t chunks, const RangeFn& fn) {
    if (n <= 0) return;
    chunks = std::max<int64_t>(1, std::min(chunks, n));
    std::unique_lock<std::mutex> region(busy_, std::try_to_lock);
    if (chunks == 1 || size_ == 1 || !region.owns_lock()) {
      fn(0, n, 0);
      return;
    }
    {
      std::lock_guard<std::mutex> lock(m_);
      fn_ = &fn;
      n_ = n;
      chunks_ = chunks;
      next_.store(0);
      pending_.store(size_ - 1);
      gen_.store(gen_.load() + 1);
    }
    wake_.notify_all();
    work(0);
    if (!spinUntil([this] { return pending_.load() == 0; })) {
      std::unique_lock<std::mutex> lock(m_);
      done_.wait(lock, [this] { return pending_.load() == 0; });
    }
    fn_ = nullptr;
  }

 private:
  Pool() {
    unsigned hc = std::thread::hardware_concurrency();
    size_ = static_cast<int>(std::max(1u, std::min(hc, 64u)));
    for (int i = 1; i < size_; i++) {
      std::thread(&Pool::loop, this, i).detach();
    }
  }

  void work(int slot) {
    for (;;) {
      int64_t c = next_.fetch_add(1);
      if (c >= chunks_) return;
      int64_t begin = n_ * c / chunks_;
      int64_t end = n_ * (c + 1) / chunks_;
      if (begin < end) (*fn_)(begin, end, slot);
    }
  }

  /** Spins until `ready()` or about 50 us have passed; returns `ready()`. */
  template <typename Ready>
  static bool spinUntil(const Ready& ready) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(50);
    for (int i = 0;; i++) {
      if (ready()) return true;
#if defined(__SSE2__)
      _mm_pause();
#endif
      if ((i & 63) == 63 && std::chrono::steady_clock::now() > until) return ready();
    }
  }

  void loop(int slot) {
    uint64_t seen = 0;
    for (;;) {
      if (!spinUntil([&] { return gen_.load() != seen; })) {
        std::unique_lock<std::mutex> lock(m_);
        wake_.wait(lock, [&] { return gen_.load() != seen; });
      }
      seen = gen_.load();
      work(slot);
      if (pending_.fetch_sub(1) == 1) {
        // Under the lock, so the caller cannot check the count and then miss this notification.
        std::lock_guard<std::mutex> lock(m_);
        done_.notify_one();
      }
    }
  }

  int size_ = 1;
  std::mutex busy_;
  std::mutex m_;
  std::condition_variable wake_;
  std::condition_variable done_;
  const RangeFn* fn_ = nullptr;
  int64_t n_ = 0;
  int64_t chunks_ = 0;
  std::atomic<int64_t> next_{0};
  std::atomic<int> pending_{0};
  std::atomic<uint64_t> gen_{0};
};

}  // namespace tfjs_interpolate
