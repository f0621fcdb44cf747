// Per-thread scratch memory kept between calls. A kernel's working rows used to be std::vectors
// made per call: above the C library's mmap threshold each one was mapped, faulted in page by
// page, zero-filled and unmapped again (with a TLB shoot-down across the pool's threads), which
// cost as much as the arithmetic on small images. Scratch is never initialised: every user writes
// what it reads first.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <new>

#include "sync.h"

namespace tfjs_interpolate {

/** Raises std::bad_alloc; in builds without exceptions (WebAssembly), aborts (a trap). */
[[noreturn]] inline void throwBadAlloc() {
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
  throw std::bad_alloc();
#else
  std::abort();
#endif
}

/** Test hook: the countdown of core allocations (scratch, term lists) until one fails; 0 = off.
 * With allocationFailureOnWorkers(), only allocations on pool worker threads count. */
inline std::atomic<int64_t>& allocationFailureCountdown() {
  static std::atomic<int64_t> countdown{0};
  return countdown;
}

inline std::atomic<bool>& allocationFailureOnWorkers() {
  static std::atomic<bool> workers{false};
  return workers;
}

/** Called before the core's own allocations: fails the one the test hook selected. */
inline void checkAllocation() {
  std::atomic<int64_t>& c = allocationFailureCountdown();
  if (c.load(std::memory_order_relaxed) <= 0) return;
  if (allocationFailureOnWorkers().load() && !isPoolWorker()) return;
  if (c.fetch_sub(1) == 1) throwBadAlloc();
}

/**
 * Hands memory freed by the C library back to the system after a call freed large temporary
 * tables: glibc keeps freed blocks below its (growing) mmap threshold in its heap, so one large
 * gradient build would otherwise stay in the process's resident memory. Elsewhere a no-op.
 */
void releaseFreedMemory();

/** Bytes of temporaries after which a call runs releaseFreedMemory(). */
constexpr size_t kReleaseAfterBytes = size_t(64) << 20;

/** Scratch slots; each kernel stage uses its own, so nested users never share memory. */
enum ScratchSlot { kScratchRows = 0, kScratchIn, kScratchOut, kScratchStage0, kScratchStage1, kScratchCount };

/** Capacity above which a slot's memory is given back after the call that needed it. */
constexpr size_t kScratchKeepBytes = size_t(64) << 20;

class Scratch {
 public:
  Scratch() = default;
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  ~Scratch() { std::free(p_); }

  /** At least `bytes` bytes, 64-byte aligned, contents unspecified. Throws std::bad_alloc. */
  void* get(size_t bytes) {
    checkAllocation();
    if (bytes > cap_) {
      std::free(p_);
      p_ = nullptr;
      cap_ = 0;
      const size_t want = bytes < 64 ? 64 : (bytes + 63) & ~size_t(63);
      if (posix_memalign(&p_, 64, want) != 0) {
        p_ = nullptr;
        throwBadAlloc();
      }
      cap_ = want;
#ifdef TFJS_POISON_SCRATCH
      // Debug builds: NaN-fill fresh scratch so a read before a write shows up in the results.
      float* f = static_cast<float*>(p_);
      for (size_t i = 0; i < want / sizeof(float); i++) f[i] = std::numeric_limits<float>::quiet_NaN();
#endif
    }
    return p_;
  }

  /** Frees the memory if it is larger than kScratchKeepBytes. */
  void trim() {
    if (cap_ > kScratchKeepBytes) {
      std::free(p_);
      p_ = nullptr;
      cap_ = 0;
    }
  }

 private:
  void* p_ = nullptr;
  size_t cap_ = 0;
};

/** This thread's scratch of `slot`. */
inline Scratch& threadScratch(ScratchSlot slot) {
  thread_local Scratch slots[kScratchCount];
  return slots[slot];
}

/** `n` elements of T from this thread's scratch of `slot` (uninitialised). */
template <typename T>
T* scratchOf(ScratchSlot slot, size_t n) {
  if (n > std::numeric_limits<size_t>::max() / sizeof(T)) throwBadAlloc();
  return static_cast<T*>(threadScratch(slot).get(n * sizeof(T)));
}

}  // namespace tfjs_interpolate
