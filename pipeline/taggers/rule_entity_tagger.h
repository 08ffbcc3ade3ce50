#pragma once
// RuleEntityTagger finds PER/ORG/LOC/MISC entities with capitalisation rules and
// gazetteers, following the CoNLL-2003 conventions (nationalities, events,
// languages and religions are MISC; titles are not part of a name).
//
// What it reads from config/gazetteers/: first_names.tsv, titles.txt,
// org_suffixes.txt, organisations.tsv, misc.txt, misc_suffixes.txt and
// not_names.txt (formats in SOURCES.md); places and demonyms come from the
// PlaceGazetteer it is given.
//
// How it decides, in order: titles and roles ("Defense Secretary", "Mr.") are
// cut out and make what follows a person; capitalised runs are split at
// sentence-initial common words; known phrases (organisations, events, places)
// win by longest match; a run ending in an organisation suffix is an ORG; a run
// opening with a first name is a PER; a lone all-capital acronym is an ORG;
// lines in capitals (headlines, sports results) are tagged from the gazetteers
// and the names already found in the document; one-word mentions take the type
// and canonical of an earlier name they shorten ("Mattis" -> "Jim Mattis").
//
// Immutable after Load(); Tag() is thread-safe and does not allocate per token.

#include <filesystem>
#include <memory>

#include "pipeline/taggers/entity_tagger.h"

namespace wiretag {

class PlaceGazetteer;

class RuleEntityTagger : public EntityTagger {
 public:
  // `places` must outlive the tagger. Throws std::runtime_error naming the file
  // and line on a missing or malformed list.
  static std::unique_ptr<RuleEntityTagger> Load(const std::filesystem::path& gazetteer_dir,
                                                const PlaceGazetteer& places);
};

}  // namespace wiretag
