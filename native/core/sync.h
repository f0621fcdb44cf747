// A mutex for the core's shared state (plan caches, the table budget), and the threads switch:
// builds without threads (WebAssembly without the threads feature, or -DTFJS_NO_THREADS) have no
// std::mutex, and need no locking either.
#pragma once

#if defined(__wasm__) && !defined(__wasm_threads__) && !defined(TFJS_NO_THREADS)
#define TFJS_NO_THREADS 1
#endif

#ifndef TFJS_NO_THREADS
#include <mutex>
#endif

namespace tfjs_interpolate {

#ifdef TFJS_NO_THREADS
struct Mutex {
  void lock() {}
  void unlock() {}
};
#else
using Mutex = std::mutex;
#endif

/** Whether this thread is one of the pool's workers (set once by each worker). */
inline bool& isPoolWorker() {
  thread_local bool worker = false;
  return worker;
}

/** Holds `m` for its scope. */
class Lock {
 public:
  explicit Lock(Mutex& m) : m_(m) { m_.lock(); }
  ~Lock() { m_.unlock(); }
  Lock(const Lock&) = delete;
  Lock& operator=(const Lock&) = delete;

 private:
  Mutex& m_;
};

}  // namespace tfjs_interpolate
