#pragma once
// TaggerHandle is the StoryTagger the stage's workers use now, replaceable
// while records flow (SIGHUP reloads the newsroom lists and the model). A new
// tagger is built off the hot path and swapped in by Replace(); each worker
// checks generation() once per record (one atomic load) and takes the new
// tagger before its next record, keeping the old one alive until then, so no
// record is tagged by a tagger being destroyed and none waits for a reload.
//
// Thread-safe. Shares ownership of the taggers it hands out.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <utility>

#include "pipeline/taggers/story_tagger.h"

namespace wiretag {

class TaggerHandle {
 public:
  explicit TaggerHandle(std::shared_ptr<const StoryTagger> tagger) : tagger_(std::move(tagger)) {}

  // Bumped by every Replace().
  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

  // The current tagger and its generation.
  std::pair<std::shared_ptr<const StoryTagger>, uint64_t> Current() const {
    std::lock_guard lock(mu_);
    return {tagger_, generation_.load(std::memory_order_relaxed)};
  }

  void Replace(std::shared_ptr<const StoryTagger> tagger) {
    std::shared_ptr<const StoryTagger> old;
    {
      std::lock_guard lock(mu_);
      old = std::exchange(tagger_, std::move(tagger));
      generation_.fetch_add(1, std::memory_order_release);
    }
    // `old` is released here, outside the lock; workers still holding it keep it alive.
  }

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const StoryTagger> tagger_;
  std::atomic<uint64_t> generation_{0};
};

}  // namespace wiretag
