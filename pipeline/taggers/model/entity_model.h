#pragma once
// A trained entity model: header, int16 weight table, and the gazetteer lists
// it reads, with the file format that carries it.
//
// File format (little-endian), version 1 (no word clusters) or 2:
//   magic "WTAGNER1", u32 format version, u32 feature set id, u32 labels,
//   u32 table bits, f32 scale, string name, string description,
//   u32 count + strings: label names, u32 count + strings: gazetteer lists used,
//   u32 count + word clusters (u64 word hash, u32 path bits, u8 path length;
//   sorted by hash; only in version 2, written when the model has clusters),
//   u64 rows, then per non-zero row: varint row-index delta, 3-byte label mask,
//   one i16 per label in the mask; finally u64 FNV-1a of every byte before it.
//   Strings are u32 length + bytes.
// Writing the same weights gives the same bytes. The model id is
// "<name>-<first 8 hex digits of the checksum>", so it changes with the weights.
//
// EntityModel is immutable after Load(); Tag() is const and thread-safe.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "pipeline/taggers/model/feature_extractor.h"
#include "pipeline/taggers/model/gazetteer_lists.h"
#include "pipeline/taggers/model/huge_page_allocator.h"
#include "pipeline/taggers/model/word_clusters.h"

namespace wiretag::model {

inline constexpr uint32_t kModelFormatVersion = 2;  // the newest; 1 is read and written too

struct QuantizedWeights {
  uint32_t bits = 0;  // the table has 2^bits rows of kNumLabels weights
  float scale = 1;    // weight = value / scale
  std::vector<int16_t, HugePageAllocator<int16_t>> values;
  uint32_t mask() const { return (1u << bits) - 1; }
};

struct ModelHeader {
  std::string name = "ner-en";
  std::string description;
  uint32_t feature_set = kFeatureSetId;
  std::vector<std::string> gazetteer_lists;  // lists the model was trained with
  WordClusters clusters;  // word clusters it was trained with (may be empty; then feature set 2)
};

// Serialises to bytes (deterministic) / parses them. Parse throws
// std::runtime_error on a bad magic, version, feature set, label set,
// truncation or checksum.
std::string SerializeModel(const ModelHeader& header, const QuantizedWeights& weights);
void ParseModel(std::string_view bytes, const std::string& name, ModelHeader* header, QuantizedWeights* weights,
                std::string* id);
// Reads only the header of a model file and returns its id (for `wiretag version`).
std::string ReadModelId(const std::filesystem::path& model_file);

class EntityModel {
 public:
  // Throws std::runtime_error naming the file when it cannot be read or parsed.
  // Gazetteer lists named in the model are loaded from `gazetteer_dir`; a list
  // missing there is logged and left out (its features never fire). When
  // `loaded` (lists already loaded from that directory, e.g. from the
  // gazetteer snapshot) holds exactly the model's lists, they are moved from
  // it instead of being read again.
  static std::unique_ptr<EntityModel> Load(const std::filesystem::path& model_file,
                                           const std::filesystem::path& gazetteer_dir,
                                           GazetteerLists* loaded = nullptr);
  EntityModel(ModelHeader header, QuantizedWeights weights, GazetteerLists lists, std::string id);
  EntityModel(const EntityModel&) = delete;  // the extractor points at lists_
  EntityModel& operator=(const EntityModel&) = delete;

  // BILOU labels (see bilou.h) of every token of `doc`.
  void Tag(const DocumentView& doc, std::vector<uint8_t>* labels) const;

  const std::string& id() const { return id_; }
  const ModelHeader& header() const { return header_; }
  const QuantizedWeights& weights() const { return weights_; }
  const GazetteerLists& lists() const { return lists_; }

 private:
  ModelHeader header_;
  QuantizedWeights weights_;
  GazetteerLists lists_;
  FeatureExtractor extractor_;
  std::string id_;
};

}  // namespace wiretag::model
