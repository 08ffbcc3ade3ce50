#pragma once
// RuleEntityTagger finds PER/ORG/LOC/MISC entities with capitalisation rules and
// gazetteers, following the CoNLL-2003 conventions (nationalities, events,
// languages and religions are MISC; titles are not part of a name).
//
// What it reads from config/gazetteers/: first_names.tsv, common_words.txt,
// titles.txt, org_suffixes.txt, org_prefixes.txt, organisations.tsv, misc.txt,
// misc_suffixes.txt, loc_suffixes.txt, locations.txt and not_names.txt (see
// SOURCES.md); countries, regions, cities and demonyms come from the
// PlaceGazetteer it is given.
//
// How it decides, in order: titles and roles ("Defense Secretary", "Mr.") are
// cut out and make what follows a person; capitalised runs are built (joined by
// particles, "&", "of" after an organisation word) and split at months, days
// and function words; known phrases (organisations, events, places) win by
// longest match; a run ending in an organisation, MISC or place suffix takes
// that type; a run opening with a first name is a PER; a lone acronym is an
// ORG; other runs are persons unless made of common words. A one-word name not
// in any list takes the type of a name found elsewhere in the document, else
// one from its context ("in X", "X said", a score line, a sports story); a lone
// word opening a sentence or that is a common English word is dropped unless
// the document shows it is a name. Lines in capitals (headlines, sports
// results) are tagged only from the gazetteers and the names already found.
// One-word mentions take the canonical of an earlier name they shorten
// ("Mattis" -> "Jim Mattis").
//
// Immutable after Load(); Tag() is thread-safe (per-thread scratch buffers,
// reused across calls) and does no per-token allocation.

#include <filesystem>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "pipeline/taggers/entity_tagger.h"

namespace wiretag {

class PlaceGazetteer;
class WordLists;

class RuleEntityTagger : public EntityTagger {
 public:
  // `places` must outlive the tagger. Throws std::runtime_error naming the file
  // and line on a missing or malformed list.
  static std::unique_ptr<RuleEntityTagger> Load(const std::filesystem::path& gazetteer_dir,
                                                const PlaceGazetteer& places);
  // The same from lists already loaded (word_lists.h; not kept).
  static std::unique_ptr<RuleEntityTagger> Load(const WordLists& words, const PlaceGazetteer& places);

  // Tag(), and also appends to `overrides` (when not null) the entities the
  // rules are sure enough of to replace a trained model's overlapping spans: a
  // name right after a title, without the title ("Jim Mattis" in "Defense
  // Secretary Jim Mattis"), and listed names written out in full ("Organisation
  // for Security and Cooperation in Europe"). Sorted by start.
  virtual void TagWithOverrides(std::string_view text, std::span<const Token> tokens, std::vector<Entity>* out,
                                std::vector<Entity>* overrides) const = 0;
};

}  // namespace wiretag
