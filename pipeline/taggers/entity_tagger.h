#pragma once
// The interface every entity tagger implements: the rule-and-gazetteer tagger
// now, a trained sequence model beside it later. A tagger is immutable after
// construction, so one instance may be shared by many threads.

#include <span>
#include <string_view>
#include <vector>

#include "pipeline/taggers/tags.h"
#include "pipeline/taggers/tokenizer.h"

namespace wiretag {

class EntityTagger {
 public:
  virtual ~EntityTagger() = default;

  // Appends the entities found in `text` (already tokenized into `tokens`) to
  // `out`, in text order, with byte offsets into `text`, `text` and `canonical`
  // filled. Mentions of one document are linked: a short mention ("Mattis")
  // gets the canonical form of an earlier full name ("Jim Mattis").
  virtual void Tag(std::string_view text, std::span<const Token> tokens,
                   std::vector<Entity>* out) const = 0;

  // Short identifier written into wiretag.version ("rules1", "ner-en-2").
  virtual std::string_view Id() const = 0;
};

}  // namespace wiretag
