#include "pipeline/taggers/entity_merge.h"

#include <algorithm>
#include <string>

namespace wiretag {
namespace {

bool Overlaps(const Entity& a, const Entity& b) { return a.start < b.end && b.start < a.end; }

bool ByStart(const Entity& a, const Entity& b) {
  return a.start != b.start ? a.start < b.start : a.end < b.end;
}

// The last space-separated word of a name: "Jim Mattis" -> "Mattis".
std::string_view LastWord(std::string_view name) {
  size_t space = name.rfind(' ');
  return space == std::string_view::npos ? std::string_view() : name.substr(space + 1);
}

}  // namespace

void MergeEntities(std::span<const std::vector<Entity>> layers, std::vector<Entity>* out) {
  out->clear();
  for (const std::vector<Entity>& layer : layers) {
    if (out->empty()) {
      out->insert(out->end(), layer.begin(), layer.end());
      continue;
    }
    size_t kept_before = out->size();
    for (const Entity& e : layer) {
      // `out[0, kept_before)` is sorted: find the first kept span ending after e.start.
      auto it = std::partition_point(out->begin(), out->begin() + kept_before,
                                     [&](const Entity& k) { return k.end <= e.start; });
      if (it != out->begin() + kept_before && Overlaps(*it, e)) continue;
      out->push_back(e);
    }
    std::sort(out->begin(), out->end(), ByStart);
  }
}

void ApplyOverrides(std::span<const EntityOverride> overrides, std::vector<Entity>* entities) {
  if (overrides.empty()) return;
  for (const EntityOverride& o : overrides) {
    const Entity& e = o.entity;
    bool contained = false;
    if (o.yields_to_containing) {
      for (const Entity& k : *entities) {
        if (k.start <= e.start && e.end <= k.end && (k.end - k.start) > (e.end - e.start)) {
          contained = true;
          break;
        }
      }
    }
    if (contained) continue;
    std::erase_if(*entities, [&](const Entity& k) { return Overlaps(k, e); });
    entities->push_back(e);
  }
  std::sort(entities->begin(), entities->end(), ByStart);
}

void LinkCanonicals(std::vector<Entity>* entities) {
  // Full names seen so far; a later one-word mention equal to a full name's last
  // word (or to its first word, for organisations named by their first word)
  // takes that name as canonical. Documents are short: a linear scan is enough.
  std::vector<const Entity*> full_names;
  for (Entity& e : *entities) {
    if (e.canonical.empty()) e.canonical = e.text;
    bool one_word = e.canonical.find(' ') == std::string::npos;
    if (!one_word) {
      if (e.type == EntityType::kPerson) full_names.push_back(&e);
      continue;
    }
    if (e.type != EntityType::kPerson) continue;
    for (auto it = full_names.rbegin(); it != full_names.rend(); ++it) {
      std::string_view full = (*it)->canonical;
      std::string_view last = LastWord(full);
      // Korean names put the family name first: "Kim" is "Kim Jong-un".
      bool family_first = last.find('-') != std::string_view::npos && full.find(' ') == full.rfind(' ') &&
                          full.substr(0, full.find(' ')) == e.canonical;
      if (last == e.canonical || family_first) {
        e.canonical = (*it)->canonical;
        break;
      }
    }
  }
}

}  // namespace wiretag
