// The one C++ runtime hook WASI's libc++abi lacks here: the module has a single thread that never
// exits, so destructors of thread-local objects (the kernels' scratch) are registered and never
// run; their memory stays the instance's until the instance is dropped.
extern "C" int __cxa_thread_atexit(void (*)(void*), void*, void*) { return 0; }
