#pragma once
// ThreadScratch: the working buffers a thread keeps from one record to the
// next (the taggers' thread_local vectors and strings) grow to the largest
// record the thread has seen and would hold that peak for the thread's
// lifetime. Each such buffer registers itself once per thread; after a large
// record its owner (RecordProcessor) measures them with ThreadScratchBytes()
// and gives them back with ReleaseThreadScratch().
//
//   thread_local std::vector<Token> tokens;
//   [[maybe_unused]] thread_local const bool tracked = TrackThreadScratch(tokens);
//
// A type is trackable when ScratchBytesOf(const T&) and ReleaseScratchOf(T&)
// exist (here for vectors and strings; found by argument-dependent lookup for
// others). Thread safety: every function acts on the calling thread's
// registrations only; a released buffer is empty and usable again.

#include <cstddef>
#include <string>
#include <vector>

namespace wiretag {

struct ThreadScratchEntry {
  void* object;
  size_t (*bytes)(const void*);
  void (*release)(void*);
};

void TrackThreadScratchEntry(ThreadScratchEntry entry);
// The capacity, in bytes, of the calling thread's tracked buffers.
size_t ThreadScratchBytes();
// Frees the calling thread's tracked buffers (they stay registered).
void ReleaseThreadScratch();

template <typename T>
size_t ScratchBytesOf(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}
inline size_t ScratchBytesOf(const std::string& s) { return s.capacity(); }
template <typename T>
void ReleaseScratchOf(std::vector<T>& v) {
  std::vector<T>().swap(v);
}
inline void ReleaseScratchOf(std::string& s) { std::string().swap(s); }

template <typename T>
bool TrackThreadScratch(T& object) {
  TrackThreadScratchEntry({&object, [](const void* p) -> size_t { return ScratchBytesOf(*static_cast<const T*>(p)); },
                           [](void* p) { ReleaseScratchOf(*static_cast<T*>(p)); }});
  return true;
}

}  // namespace wiretag
