// The C++ runtime pieces WASI's libc++abi lacks in this build.
//
// No exception support: a `throw` in the kernels (std::bad_alloc when memory cannot grow) ends the
// call with a trap. The loader (src/kernels/wasm/module.ts) then drops the instance and starts a
// fresh one, since the trapped call left its stack and allocations behind.
//
// One thread that never exits: destructors of thread-local objects (the kernels' scratch) are
// registered and never run; their memory is the instance's until it is dropped.
#include <cstddef>

extern "C" void* __cxa_allocate_exception(size_t) { __builtin_trap(); }
extern "C" void __cxa_throw(void*, void*, void (*)(void*)) { __builtin_trap(); }
extern "C" int __cxa_thread_atexit(void (*)(void*), void*, void*) { return 0; }
