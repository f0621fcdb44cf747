// The C allocation functions of the module, over the host's malloc and free (imported as
// env.malloc / env.free). Inside tf.js's wasm backend the host is that backend's own allocator, so
// the core's scratch, plans and strings live in tf.js's heap next to the tensors; over a memory of
// its own the host is the small allocator of src/kernels/wasm/own_memory.ts.
//
// Every block is kept on a list: a trap (the core's allocation failure aborts) leaves the instance
// unusable, and tfi_free_all() then hands each block back to the host before the instance is
// dropped, so a trapped instance leaks nothing into tf.js's heap.
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#define TFI_EXPORT(name) extern "C" __attribute__((export_name(#name), visibility("default")))

extern "C" {
__attribute__((import_module("env"), import_name("malloc"))) void* tfiHostMalloc(size_t bytes);
__attribute__((import_module("env"), import_name("free"))) void tfiHostFree(void* p);
}

namespace {

/** Stored right before each block (16 bytes, so 16-byte alignment is kept). */
struct Header {
  Header* prev;
  Header* next;
  void* raw;     // what the host returned (the block is aligned up from it)
  size_t bytes;  // the size asked for
};

Header* head = nullptr;
int32_t blockCount = 0;
double blockBytes = 0;

/** `bytes` bytes aligned to `align` (a power of two, at least 16), or null. */
void* allocate(size_t align, size_t bytes) {
  if (align < 16) align = 16;
  if ((align & (align - 1)) != 0 || bytes > SIZE_MAX - sizeof(Header) - align) return nullptr;
  void* raw = tfiHostMalloc(bytes + sizeof(Header) + align);
  if (raw == nullptr) return nullptr;
  const uintptr_t p = (uintptr_t(raw) + sizeof(Header) + align - 1) & ~uintptr_t(align - 1);
  Header* h = reinterpret_cast<Header*>(p) - 1;
  h->raw = raw;
  h->bytes = bytes;
  h->prev = nullptr;
  h->next = head;
  if (head != nullptr) head->prev = h;
  head = h;
  blockCount++;
  blockBytes += double(bytes);
  return reinterpret_cast<void*>(p);
}

}  // namespace

extern "C" {

void* malloc(size_t bytes) { return allocate(16, bytes); }

void* aligned_alloc(size_t align, size_t bytes) { return allocate(align, bytes); }

int posix_memalign(void** out, size_t align, size_t bytes) {
  void* p = allocate(align, bytes);
  if (p == nullptr) return ENOMEM;
  *out = p;
  return 0;
}

void free(void* p) {
  if (p == nullptr) return;
  Header* h = static_cast<Header*>(p) - 1;
  if (h->prev != nullptr) {
    h->prev->next = h->next;
  } else {
    head = h->next;
  }
  if (h->next != nullptr) h->next->prev = h->prev;
  blockCount--;
  blockBytes -= double(h->bytes);
  tfiHostFree(h->raw);
}

}  // extern "C"

/** Blocks the module holds in the host's memory (scratch, plans, strings, tfi_alloc blocks). */
TFI_EXPORT(tfi_blocks) int32_t tfiBlocks() { return blockCount; }

/** Bytes asked for by those blocks. */
TFI_EXPORT(tfi_block_bytes) double tfiBlockBytes() { return blockBytes; }

/** Hands every block back to the host (an instance being dropped after a trap). */
TFI_EXPORT(tfi_free_all) void tfiFreeAll() {
  while (head != nullptr) free(head + 1);
}
