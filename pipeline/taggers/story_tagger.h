#pragma once
// StoryTagger runs every tagger over one story: dateline, agencies, entities.
// It owns the loaded gazetteers, agency table and entity model(s).
//
// Thread safety: immutable after Load(); Tag() is const and may be called from
// many threads at once. Tag() never throws on any UTF-8 input; it returns tags
// with byte offsets into the text it was given (see tags.h).

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "pipeline/taggers/story_meta.h"
#include "pipeline/taggers/tags.h"

namespace wiretag {

// Which entity tagger Load() uses: kAuto the trained model when
// config/models/ner-en.bin exists, else the rules; kModel the model (an error
// when the file is missing); kRules the rules and gazetteers alone.
enum class EntityTaggerChoice { kAuto, kModel, kRules };

class StoryTagger {
 public:
  // Loads gazetteers, the agency table and the entity model from `config_dir`
  // (the repository's config/ directory). Throws std::runtime_error naming the
  // file and line on a missing or malformed file. With `gazetteer_snapshot`,
  // the gazetteers come from that file when it was made from the lists in
  // config_dir/gazetteers by this build (see gazetteer_snapshot.h), and from
  // the lists otherwise, with the reason logged at debug level; tags are the
  // same either way. With `local_lists_dir`, the newsroom's own names of that
  // directory are tagged too (local_names.h), and DataId() ends in
  // "+local-<8 hex digits of their fingerprint>".
  static std::unique_ptr<StoryTagger> Load(const std::filesystem::path& config_dir,
                                           EntityTaggerChoice entity_tagger = EntityTaggerChoice::kAuto,
                                           const std::filesystem::path& gazetteer_snapshot = {},
                                           const std::filesystem::path& local_lists_dir = {});

  virtual ~StoryTagger() = default;

  // Tags `text` (the story's main body, valid UTF-8). The dateline city is also
  // returned as a LOC entity; the source agency (dateline parenthetical, lead,
  // credit, sign-off or metadata) has role kSource, others kMentioned.
  virtual Tags Tag(std::string_view text, const StoryMeta& meta) const = 0;

  // Entities of the headline, with field = kHeadline; canonical forms linked to the body's.
  virtual void TagHeadline(std::string_view headline, Tags* tags) const = 0;

  // The id of the gazetteers/model in use, for wiretag.version.
  virtual std::string DataId() const = 0;
};

}  // namespace wiretag
