#pragma once
// LabelCache maps a label set (a name and a number: topic and partition, an
// error code, a rebalance kind) to the metric child created for it, so the
// per-record path finds its Counter without building a prometheus::Labels map.
//
// Reads are lock-free and allocation-free: a fixed open-addressing table of
// atomic pointers, probed linearly. The first sight of a label set takes a
// mutex, calls `create` once and publishes the entry; entries are never
// removed or moved, so a returned pointer stays valid for the cache's life.
// When the table is full, further new label sets go through a mutex-guarded
// overflow list (still correct, just slower); with kSlots = 4096 that takes
// thousands of topic-partitions.
//
// Thread safety: every method may be called from any thread.

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace wiretag {

template <typename Metric>
class LabelCache {
 public:
  static constexpr size_t kSlots = 4096;  // power of two

  LabelCache() {
    for (auto& slot : slots_) slot.store(nullptr, std::memory_order_relaxed);
  }
  LabelCache(const LabelCache&) = delete;
  LabelCache& operator=(const LabelCache&) = delete;

  // Returns the metric for (name, number), calling `create(name, number)`
  // under the mutex on first sight. `create` must return a pointer that
  // outlives the cache (prometheus-cpp family children do).
  template <typename Create>
  Metric* Get(std::string_view name, int64_t number, Create&& create) {
    const size_t hash = Hash(name, number);
    for (size_t i = 0; i < kProbeLimit; ++i) {
      const Entry* entry = slots_[(hash + i) & (kSlots - 1)].load(std::memory_order_acquire);
      if (entry == nullptr) break;
      if (entry->number == number && entry->name == name) return entry->metric;
    }
    return Insert(name, number, hash, create);
  }

  // Number of distinct label sets seen (for tests and for bounding labels).
  size_t size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return entries_.size();
  }

 private:
  static constexpr size_t kProbeLimit = 64;

  struct Entry {
    std::string name;
    int64_t number;
    Metric* metric;
  };

  static size_t Hash(std::string_view name, int64_t number) {
    return std::hash<std::string_view>{}(name) * 31 + std::hash<int64_t>{}(number) * 0x9E3779B97F4A7C15ull;
  }

  template <typename Create>
  Metric* Insert(std::string_view name, int64_t number, size_t hash, Create& create) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& entry : entries_) {  // another thread may have won the race
      if (entry->number == number && entry->name == name) return entry->metric;
    }
    auto entry = std::make_unique<Entry>(Entry{std::string(name), number, create(name, number)});
    Entry* raw = entry.get();
    entries_.push_back(std::move(entry));
    for (size_t i = 0; i < kProbeLimit; ++i) {
      auto& slot = slots_[(hash + i) & (kSlots - 1)];
      if (slot.load(std::memory_order_relaxed) == nullptr) {
        slot.store(raw, std::memory_order_release);
        break;
      }
    }
    return raw->metric;
  }

  std::array<std::atomic<const Entry*>, kSlots> slots_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Entry>> entries_;  // owns every entry, in order of first sight
};

}  // namespace wiretag
