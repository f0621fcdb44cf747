// The C and C++ runtime pieces the core needs, for a position-independent module that links no C
// library (WASI's libc.a and libc++.a are not position-independent): operator new/delete over
// heap.cc, the two out-of-line members of std::shared_ptr's control block, std::to_string(int),
// strlen and abort. The module has one thread that never exits, so destructors registered for
// static and thread-local objects never run; their memory goes with the instance's blocks.
#include <cstddef>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>

extern "C" {

void* __dso_handle = &__dso_handle;

int __cxa_atexit(void (*)(void*), void*, void*) { return 0; }
int __cxa_thread_atexit(void (*)(void*), void*, void*) { return 0; }

void __cxa_pure_virtual() { __builtin_trap(); }

/** A trap; src/kernels/wasm/instance.ts then frees the instance's blocks and starts a fresh one. */
void abort() { __builtin_trap(); }

size_t strlen(const char* s) {
  size_t n = 0;
  while (s[n] != 0) n++;
  return n;
}

}  // extern "C"

// No exceptions: a failed allocation traps.
void* operator new(size_t bytes) {
  void* p = std::malloc(bytes == 0 ? 1 : bytes);
  if (p == nullptr) __builtin_trap();
  return p;
}
void* operator new[](size_t bytes) { return operator new(bytes); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t) noexcept { std::free(p); }

namespace std {
inline namespace __2 {

// libc++'s memory.cpp (single-threaded here, like the rest of the module).
__shared_count::~__shared_count() {}
__shared_weak_count::~__shared_weak_count() {}

void __shared_weak_count::__release_weak() noexcept {
  if (__libcpp_atomic_refcount_decrement(__shared_weak_owners_) == -1) __on_zero_shared_weak();
}

const void* __shared_weak_count::__get_deleter(const type_info&) const noexcept { return nullptr; }

string to_string(int value) {
  char digits[12];
  char* end = digits + sizeof digits;
  char* p = end;
  unsigned u = value < 0 ? 0u - unsigned(value) : unsigned(value);
  do {
    *--p = char('0' + u % 10);
    u /= 10;
  } while (u != 0);
  if (value < 0) *--p = '-';
  return string(p, end);
}

}  // namespace __2
}  // namespace std
