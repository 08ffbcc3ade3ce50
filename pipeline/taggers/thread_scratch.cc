#include "pipeline/taggers/thread_scratch.h"

namespace wiretag {
namespace {

std::vector<ThreadScratchEntry>& Entries() {
  thread_local std::vector<ThreadScratchEntry> entries;
  return entries;
}

}  // namespace

void TrackThreadScratchEntry(ThreadScratchEntry entry) { Entries().push_back(entry); }

size_t ThreadScratchBytes() {
  size_t total = 0;
  for (const auto& e : Entries()) total += e.bytes(e.object);
  return total;
}

void ReleaseThreadScratch() {
  for (const auto& e : Entries()) e.release(e.object);
}

}  // namespace wiretag
