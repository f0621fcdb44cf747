// A small reused thread pool: created once (TFJS_INTERPOLATE_THREADS threads if set, else the
// hardware's cores, the caller included), one parallel region at a time. A region that finds the
// pool busy (another JS thread, e.g. a worker, inside the core) runs serially, so calls stay
// synchronous and never deadlock.
//
// An exception thrown by the region's body on any thread (std::bad_alloc from scratch memory) is
// captured; the remaining chunks are skipped, and once every thread has left the region the first
// exception is rethrown on the caller. Nothing of the region is used after run() returns.
//
// Waiting spins briefly before sleeping on a condition variable: a sleeping thread takes tens of
// microseconds to wake, which is most of a small region, and calls often come back to back (a
// forward, then its gradient). The spin is bounded (about 50 us), so idle workers sleep.
//
// Builds without threads (WebAssembly without the threads feature, or TFJS_NO_THREADS) have a
// pool of one: every region runs on the caller.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <functional>

#include "sync.h"

#ifndef TFJS_NO_THREADS
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

#include "simd.h"
#endif

namespace tfjs_interpolate {

/** Body of a region: `fn(begin, end, slot)` over a task range; `slot < Pool::size()` is unique per
 * running thread, for per-thread scratch. */
using RangeFn = std::function<void(int64_t, int64_t, int)>;

/** Threads asked for by TFJS_INTERPOLATE_THREADS (1..256), or 0 when unset or invalid. */
inline int requestedThreads() {
  const char* v = std::getenv("TFJS_INTERPOLATE_THREADS");
  if (v == nullptr || *v == '\0') return 0;
  char* end = nullptr;
  const long n = std::strtol(v, &end, 10);
  return (*end == '\0' && n >= 1 && n <= 256) ? static_cast<int>(n) : 0;
}

#ifdef TFJS_NO_THREADS

class Pool {
 public:
  static Pool& instance() {
    static Pool pool;
    return pool;
  }
  int size() const { return 1; }
  /** Threads a region of `chunks` chunks runs on. */
  int threadsFor(int64_t) const { return 1; }
  void run(int64_t n, int64_t, const RangeFn& fn) {
    if (n > 0) fn(0, n, 0);
  }
};

#else

class Pool {
 public:
  static Pool& instance() {
    static Pool* pool = new Pool();  // never destroyed: workers stay parked until process exit
    return *pool;
  }

  int size() const { return size_; }

  /** Threads (slots 0 .. result - 1) a region of `chunks` chunks can run on. */
  int threadsFor(int64_t chunks) const {
    return static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(chunks, size_)));
  }

  /**
   * Runs `fn` over `[0, n)` split into `chunks` contiguous ranges, taken by the pool's threads in
   * any order; slots stay below threadsFor(chunks). Blocks until all are done; rethrows the first
   * exception of any thread. Runs serially on the caller when busy or tiny.
   */
  void run(int64_t n, int64_t chunks, const RangeFn& fn) {
    if (n <= 0) return;
    chunks = std::max<int64_t>(1, std::min(chunks, n));
    std::unique_lock<std::mutex> region(busy_, std::try_to_lock);
    if (chunks == 1 || size_ == 1 || !region.owns_lock()) {
      fn(0, n, 0);
      return;
    }
    const int helpers = threadsFor(chunks) - 1;
    {
      std::lock_guard<std::mutex> lock(m_);
      fn_ = &fn;
      n_ = n;
      chunks_ = chunks;
      helpers_ = helpers;
      error_ = nullptr;
      failed_.store(false);
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
    std::exception_ptr error = error_;
    error_ = nullptr;
    if (error != nullptr) std::rethrow_exception(error);
  }

 private:
  Pool() {
    const int asked = requestedThreads();
    const unsigned hc = std::thread::hardware_concurrency();
    size_ = asked > 0 ? asked : static_cast<int>(std::max(1u, std::min(hc, 64u)));
    for (int i = 1; i < size_; i++) {
      std::thread([this, i] { loop(i); }).detach();
    }
  }

  void work(int slot) {
    while (!failed_.load(std::memory_order_relaxed)) {
      const int64_t c = next_.fetch_add(1);
      if (c >= chunks_) return;
      const int64_t begin = n_ * c / chunks_;
      const int64_t end = n_ * (c + 1) / chunks_;
      if (begin >= end) continue;
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
      try {
        (*fn_)(begin, end, slot);
      } catch (...) {
        std::lock_guard<std::mutex> lock(m_);
        if (error_ == nullptr) error_ = std::current_exception();
        failed_.store(true);
      }
#else
      (*fn_)(begin, end, slot);
#endif
    }
  }

  /** Spins until `ready()` or about 50 us have passed; returns `ready()`. */
  template <typename Ready>
  static bool spinUntil(const Ready& ready) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(50);
    for (int i = 0;; i++) {
      if (ready()) return true;
      cpuRelax();
      if ((i & 63) == 63 && std::chrono::steady_clock::now() > until) return ready();
    }
  }

  void loop(int slot) {
    isPoolWorker() = true;
    uint64_t seen = 0;
    for (;;) {
      if (!spinUntil([&] { return gen_.load() != seen; })) {
        std::unique_lock<std::mutex> lock(m_);
        wake_.wait(lock, [&] { return gen_.load() != seen; });
      }
      seen = gen_.load();
      // Only the region's first `helpers_` workers take chunks, so per-slot scratch is needed for
      // the threads that can run, not for the whole pool.
      if (slot <= helpers_) work(slot);
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
  int helpers_ = 0;
  std::exception_ptr error_;
  std::atomic<bool> failed_{false};
  std::atomic<int64_t> next_{0};
  std::atomic<int> pending_{0};
  std::atomic<uint64_t> gen_{0};
};

#endif

}  // namespace tfjs_interpolate
