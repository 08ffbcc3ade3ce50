#pragma once
// HeaderFilter decides which input Kafka headers the sink carries over to the
// records it produces from an input (the enriched record and the dead letter),
// as records.headers_allow / records.headers_deny say. A pattern is a header
// name, or a prefix ending in '*' ("trace*"; "*" alone matches every name).
// Names compare exactly (Kafka header names are case-sensitive). A name is
// carried when some allow pattern matches it and no deny pattern does. Names
// in wiretag's own namespace ("wiretag.", the headers the sink sets: source,
// version, error, error.detail, value.omitted) are never carried, so the
// sink's headers win over any an input brought (a dead letter replayed).
//
// Immutable after construction; Carries() is thread-safe.

#include <string>
#include <string_view>
#include <vector>

namespace wiretag {

class HeaderFilter {
 public:
  HeaderFilter(std::vector<std::string> allow, std::vector<std::string> deny);
  bool Carries(std::string_view name) const;
  // True when no name can be carried (skip looking at the headers at all).
  bool CarriesNothing() const { return allow_.empty(); }

 private:
  static bool Matches(const std::vector<std::string>& patterns, std::string_view name);
  std::vector<std::string> allow_, deny_;
};

}  // namespace wiretag
