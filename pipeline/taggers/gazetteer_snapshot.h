#pragma once
// The gazetteers of one config/gazetteers directory, built: the place index
// (datelines, entity corrections, rules), the name lists the entity model
// reads as features, and the word lists of the rules and the corrections
// (word_lists.h, overrides/ included). Building them from the ~1.4 MB of text lists takes about
// 30 ms of CPU at every start — a sixth of tagging all of CoNLL-2003 train
// from the command line — so the build also writes them to a snapshot file
// (`wiretag compile-gazetteers`, next to the binary) that a start reads back
// in a few milliseconds.
//
// A snapshot is used only for the lists it was made from: it records a
// fingerprint of every list file's name and bytes, plus the wiretag version,
// snapshot format and hash functions of the build that wrote it.
// ReadGazetteerSnapshot answers nullopt, saying why, for a snapshot that is
// missing, made from other lists or by another build, or damaged (a checksum
// covers every byte); callers then build from the text lists, which gives the
// same tables. The snapshot is a cache: it never changes what is tagged.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "pipeline/taggers/geonames_table.h"
#include "pipeline/taggers/model/gazetteer_lists.h"
#include "pipeline/taggers/place_gazetteer.h"
#include "pipeline/taggers/word_lists.h"

namespace wiretag {

// Bumped whenever what Save() writes for NameIndex, GazetteerLists, WordLists or
// the place gazetteer changes meaning.
// 2: the flags of the name tables are 32-bit (no padding); 3: the GeoNames table;
// 4: its divisions by ISO 3166-2 and GeoNames code; 5: the word lists.
inline constexpr uint32_t kGazetteerSnapshotFormat = 5;

struct CompiledGazetteers {
  std::unique_ptr<PlaceGazetteer> places;
  model::GazetteerLists lists;  // every list of the directory (GazetteerLists::LoadDirectory)
  std::unique_ptr<GeoNamesTable> geonames;  // geonames/places.tsv (empty when absent)
  std::shared_ptr<const WordLists> words;   // the lexicon's and the corrections' lists (WordLists::Load)
};

// Builds them all from the text lists. Throws std::runtime_error naming the file
// and line on a malformed list.
CompiledGazetteers BuildGazetteers(const std::filesystem::path& gazetteer_dir);

// A hash of the names and bytes of the list files (*.tsv, *.txt) of
// `gazetteer_dir`, of its overrides/ (WordLists::OverrideFiles) and of the
// GeoNames list (GeoNamesTable::ListFiles). Throws std::runtime_error when one cannot be read.
uint64_t GazetteerFingerprint(const std::filesystem::path& gazetteer_dir);

// Builds from `gazetteer_dir` and writes the snapshot to `file`, through a
// temporary file renamed into place so that a reader never sees part of one.
// Throws std::runtime_error naming the file on failure.
void WriteGazetteerSnapshot(const std::filesystem::path& gazetteer_dir, const std::filesystem::path& file);

// The gazetteers saved in `file` when it was made from the lists now in
// `gazetteer_dir` by this build; else nullopt, and *why says what differs.
std::optional<CompiledGazetteers> ReadGazetteerSnapshot(const std::filesystem::path& file,
                                                        const std::filesystem::path& gazetteer_dir,
                                                        std::string* why);

}  // namespace wiretag
