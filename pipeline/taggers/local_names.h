#pragma once
// LocalNames are a newsroom's own names — its reporters, local organisations
// and places — that no shipped list or model knows. They live in a directory
// of list files (tagging.local_lists_dir), one file per entity type:
//
//   people.txt (PER)  organisations.txt (ORG)  places.txt (LOC)  misc.txt (MISC)
//
// UTF-8, one name per line, optionally a tab and the canonical form to report
// ("Jo Lund<TAB>Johanna Lund"); blank lines and lines starting with '#' are
// skipped. Any other file is an error (a misspelt file name would otherwise
// silently tag nothing); names starting with '.' and subdirectories are passed
// over (a Kubernetes ConfigMap volume keeps its ..data links there).
//
// A listed name is found where its tokens (tokenizer.h) appear in the text as
// written, case included, and is surer than the taggers: it replaces what
// overlaps it, except a longer entity containing it ("Jo Lund Foundation").
// The longest listed name starting at a token wins.
//
// Immutable after Load(); Find() is const and thread-safe.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "pipeline/taggers/entity_merge.h"
#include "pipeline/taggers/tags.h"
#include "pipeline/taggers/tokenizer.h"

namespace wiretag {

class LocalNames {
 public:
  // Loads the list files of `dir`. Throws std::runtime_error naming the file
  // (and line) when `dir` is missing, a file is unknown or unreadable, or a
  // line is malformed.
  static std::unique_ptr<LocalNames> Load(const std::filesystem::path& dir);

  // Appends an override for every listed name in `text` (tokenized as `tokens`).
  void Find(std::string_view text, std::span<const Token> tokens, std::vector<EntityOverride>* out) const;

  // 16 hex digits over the file names and bytes that were loaded: what the
  // stage exports as wiretag_tagger_info{fingerprint}.
  const std::string& fingerprint() const { return fingerprint_; }
  size_t size() const { return names_.size(); }

 private:
  struct Name {
    std::vector<std::string> tokens;
    std::string canonical;
    EntityType type;
  };
  void Add(EntityType type, std::string_view written, std::string_view canonical);

  std::vector<Name> names_;
  // First token -> indexes into names_, longest name first.
  std::unordered_map<std::string, std::vector<uint32_t>> by_first_token_;
  std::string fingerprint_;
};

}  // namespace wiretag
