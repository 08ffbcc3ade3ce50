#include "pipeline/taggers/model/entity_model.h"

#include <array>
#include <cstring>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "pipeline/taggers/model/bilou.h"
#include "pipeline/taggers/model/greedy_decoder.h"
#include "pipeline/taggers/read_whole_file.h"
#include "pipeline/taggers/thread_scratch.h"

namespace wiretag::model {

namespace {

constexpr char kMagic[8] = {'W', 'T', 'A', 'G', 'N', 'E', 'R', '1'};

uint64_t Fnv(std::string_view bytes) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

class Writer {
 public:
  void U32(uint32_t v) { for (int k = 0; k < 4; ++k) out.push_back(static_cast<char>(v >> (8 * k))); }
  void U64(uint64_t v) { for (int k = 0; k < 8; ++k) out.push_back(static_cast<char>(v >> (8 * k))); }
  void F32(float f) {
    uint32_t v;
    std::memcpy(&v, &f, 4);
    U32(v);
  }
  void Str(std::string_view s) {
    U32(static_cast<uint32_t>(s.size()));
    out.append(s);
  }
  void Varint(uint64_t v) {
    while (v >= 0x80) {
      out.push_back(static_cast<char>((v & 0x7F) | 0x80));
      v >>= 7;
    }
    out.push_back(static_cast<char>(v));
  }
  std::string out;
};

class Reader {
 public:
  Reader(std::string_view bytes, const std::string& name) : b_(bytes), name_(name) {}
  void Need(size_t n) {
    if (b_.size() - pos_ < n) Fail("truncated");
  }
  uint8_t U8() {
    Need(1);
    return static_cast<uint8_t>(b_[pos_++]);
  }
  uint32_t U32() {
    Need(4);
    uint32_t v = 0;
    for (int k = 0; k < 4; ++k) v |= static_cast<uint32_t>(static_cast<uint8_t>(b_[pos_ + k])) << (8 * k);
    pos_ += 4;
    return v;
  }
  uint64_t U64() {
    const uint64_t lo = U32();
    return lo | (static_cast<uint64_t>(U32()) << 32);
  }
  float F32() {
    const uint32_t v = U32();
    float f;
    std::memcpy(&f, &v, 4);
    return f;
  }
  std::string Str() {
    const uint32_t n = U32();
    Need(n);
    std::string s(b_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  uint64_t Varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      const uint8_t byte = U8();
      v |= static_cast<uint64_t>(byte & 0x7F) << shift;
      if (!(byte & 0x80)) return v;
    }
    Fail("bad varint");
    return 0;
  }
  // The next n bytes (checked), consumed.
  const unsigned char* Take(size_t n) {
    Need(n);
    const auto* p = reinterpret_cast<const unsigned char*>(b_.data() + pos_);
    pos_ += n;
    return p;
  }
  [[noreturn]] void Fail(const std::string& what) const {
    throw std::runtime_error(name_ + ": not a usable wiretag model (" + what + ")");
  }
  size_t pos() const { return pos_; }

 private:
  std::string_view b_;
  const std::string& name_;
  size_t pos_ = 0;
};

std::string IdFor(const ModelHeader& header, uint64_t checksum) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(checksum));
  return header.name + "-" + std::string(hex, 8);
}

void ParseHeader(Reader& r, ModelHeader* header, uint32_t* bits, float* scale) {
  r.Need(8);
  for (char c : kMagic)
    if (static_cast<char>(r.U8()) != c) r.Fail("bad magic");
  const uint32_t version = r.U32();
  if (version < 1 || version > kModelFormatVersion)
    r.Fail("format version " + std::to_string(version) + ", this build reads 1 to " +
           std::to_string(kModelFormatVersion));
  header->feature_set = r.U32();
  if (!IsKnownFeatureSet(header->feature_set))
    r.Fail("feature set " + std::to_string(header->feature_set) + ", this build computes " +
           std::to_string(kFeatureSetId) + " to " + std::to_string(FeatureSetOf(true, true)) +
           " (with word clusters, name shapes); retrain with `wiretag train`");
  if (r.U32() != kNumLabels) r.Fail("label count");
  *bits = r.U32();
  if (*bits < 4 || *bits > 26) r.Fail("table size");
  *scale = r.F32();
  header->name = r.Str();
  header->description = r.Str();
  const uint32_t num_labels = r.U32();
  if (num_labels != kNumLabels) r.Fail("label set");
  for (uint32_t l = 0; l < num_labels; ++l)
    if (r.Str() != LabelName(static_cast<uint8_t>(l))) r.Fail("label set");
  const uint32_t num_lists = r.U32();
  if (num_lists > 32) r.Fail("gazetteer lists");
  header->gazetteer_lists.clear();
  for (uint32_t k = 0; k < num_lists; ++k) header->gazetteer_lists.push_back(r.Str());
  header->clusters = WordClusters();
  const uint32_t num_clusters = version >= 2 ? r.U32() : 0;
  if (num_clusters > (1u << 24)) r.Fail("word clusters");
  header->clusters.Reserve(num_clusters);
  const unsigned char* p = r.Take(13 * static_cast<size_t>(num_clusters));
  for (uint32_t k = 0; k < num_clusters; ++k, p += 13) {
    WordClusters::Entry e;
    for (int b = 0; b < 8; ++b) e.key |= static_cast<uint64_t>(p[b]) << (8 * b);
    for (int b = 0; b < 4; ++b) e.path |= static_cast<uint32_t>(p[8 + b]) << (8 * b);
    e.length = p[12];
    if (e.key == 0 || e.length == 0 || e.length > 32) r.Fail("word clusters");
    header->clusters.AddEntry(e);
  }
  if (UsesClusters(header->feature_set) != !header->clusters.empty())
    r.Fail("feature set " + std::to_string(header->feature_set) + " with " + std::to_string(num_clusters) +
           " word clusters");
}

}  // namespace

const TransitionMask& Transitions() {
  static const TransitionMask mask;
  return mask;
}

std::string SerializeModel(const ModelHeader& header, const QuantizedWeights& weights) {
  Writer w;
  w.out.append(kMagic, 8);
  // Version 1 without clusters: a model trained without them keeps its bytes.
  w.U32(header.clusters.empty() ? 1 : 2);
  w.U32(header.feature_set);
  w.U32(kNumLabels);
  w.U32(weights.bits);
  w.F32(weights.scale);
  w.Str(header.name);
  w.Str(header.description);
  w.U32(kNumLabels);
  for (int l = 0; l < kNumLabels; ++l) w.Str(LabelName(static_cast<uint8_t>(l)));
  w.U32(static_cast<uint32_t>(header.gazetteer_lists.size()));
  for (const auto& list : header.gazetteer_lists) w.Str(list);
  const auto clusters = header.clusters.SortedEntries();
  if (!clusters.empty()) w.U32(static_cast<uint32_t>(clusters.size()));
  for (const auto& e : clusters) {
    w.U64(e.key);
    w.U32(e.path);
    w.out.push_back(static_cast<char>(e.length));
  }
  const size_t rows = size_t{1} << weights.bits;
  uint64_t nonzero = 0;
  for (size_t r = 0; r < rows; ++r)
    for (int l = 0; l < kNumLabels; ++l)
      if (weights.values[r * kNumLabels + l]) {
        ++nonzero;
        break;
      }
  w.U64(nonzero);
  size_t last = 0;
  for (size_t r = 0; r < rows; ++r) {
    const int16_t* row = &weights.values[r * kNumLabels];
    uint32_t m = 0;
    for (int l = 0; l < kNumLabels; ++l)
      if (row[l]) m |= 1u << l;
    if (!m) continue;
    w.Varint(r - last);
    last = r;
    for (int k = 0; k < 3; ++k) w.out.push_back(static_cast<char>(m >> (8 * k)));
    for (int l = 0; l < kNumLabels; ++l)
      if (row[l]) {
        const uint16_t v = static_cast<uint16_t>(row[l]);
        w.out.push_back(static_cast<char>(v));
        w.out.push_back(static_cast<char>(v >> 8));
      }
  }
  w.U64(Fnv(w.out));
  return std::move(w.out);
}

void ParseModel(std::string_view bytes, const std::string& name, ModelHeader* header, QuantizedWeights* weights,
                std::string* id) {
  Reader r(bytes, name);
  if (bytes.size() < 16) r.Fail("truncated");
  const std::string_view body = bytes.substr(0, bytes.size() - 8);
  uint64_t stored = 0;
  for (int k = 0; k < 8; ++k)
    stored |= static_cast<uint64_t>(static_cast<uint8_t>(bytes[bytes.size() - 8 + k])) << (8 * k);
  const uint64_t checksum = Fnv(body);
  if (stored != checksum) r.Fail("checksum mismatch: the file is damaged");
  ParseHeader(r, header, &weights->bits, &weights->scale);
  const size_t rows = size_t{1} << weights->bits;
  weights->values.assign(rows * kNumLabels, 0);
  const uint64_t nonzero = r.U64();
  // Bits set in a byte (the baseline x86-64 target has no popcnt instruction,
  // and the library call costs more than a lookup).
  static constexpr auto kBitsSet = [] {
    std::array<uint8_t, 256> t{};
    for (int b = 0; b < 256; ++b) t[b] = static_cast<uint8_t>((b & 1) + t[b >> 1]);
    return t;
  }();
  size_t row = 0;
  for (uint64_t k = 0; k < nonzero; ++k) {
    row += r.Varint();
    if (row >= rows) r.Fail("row index");
    const unsigned char* mask = r.Take(3);
    const uint32_t m = (mask[0] | (static_cast<uint32_t>(mask[1]) << 8) | (static_cast<uint32_t>(mask[2]) << 16)) &
                       ((1u << kNumLabels) - 1);
    // One bounds check per row, not per byte: ~90k rows of up to 17 weights.
    const unsigned char* in = r.Take(2 * static_cast<size_t>(kBitsSet[m & 0xFF] + kBitsSet[(m >> 8) & 0xFF] +
                                                             kBitsSet[m >> 16]));
    if (r.pos() > body.size()) r.Fail("row data");
    // Without a branch per label (the masks are unpredictable): every label
    // reads the next weight and keeps it only when its bit is set. The reads
    // past a row's last weight (2 bytes at most) stay inside `bytes`: the row
    // ends inside the body, and the 8-byte checksum follows it.
    int16_t* out = &weights->values[row * kNumLabels];
    for (int l = 0; l < kNumLabels; ++l) {
      const uint32_t bit = (m >> l) & 1;
      const int16_t v = static_cast<int16_t>(in[0] | (in[1] << 8));
      out[l] = static_cast<int16_t>(v & -static_cast<int16_t>(bit));
      in += 2 * bit;
    }
  }
  if (r.pos() != body.size()) r.Fail("trailing bytes");
  *id = IdFor(*header, checksum);
}

namespace {

// A model file read and checked whole.
struct ModelFile {
  ModelHeader header;
  QuantizedWeights weights;
  std::string id;
};

ModelFile ReadModelFile(const std::filesystem::path& model_file) {
  const std::string bytes = ReadWholeFile(model_file, "model file");
  ModelFile m;
  ParseModel(bytes, model_file.string(), &m.header, &m.weights, &m.id);
  return m;
}

}  // namespace

std::string ReadModelId(const std::filesystem::path& model_file) { return ReadModelFile(model_file).id; }

std::unique_ptr<EntityModel> EntityModel::Load(const std::filesystem::path& model_file,
                                               const std::filesystem::path& gazetteer_dir, GazetteerLists* loaded) {
  ModelFile file = ReadModelFile(model_file);
  ModelHeader& header = file.header;
  QuantizedWeights& weights = file.weights;
  std::string& id = file.id;
  GazetteerLists lists;
  if (loaded && !header.gazetteer_lists.empty() && loaded->names() == header.gazetteer_lists) {
    lists = std::move(*loaded);
  } else if (!header.gazetteer_lists.empty()) {
    lists = GazetteerLists::LoadDirectory(gazetteer_dir, header.gazetteer_lists);
    if (lists.names() != header.gazetteer_lists) {
      spdlog::warn("{}: trained with gazetteer lists that {} does not have in full; accuracy suffers",
                   model_file.string(), gazetteer_dir.string());
    }
  }
  return std::make_unique<EntityModel>(std::move(header), std::move(weights), std::move(lists), std::move(id));
}

EntityModel::EntityModel(ModelHeader header, QuantizedWeights weights, GazetteerLists lists, std::string id)
    : header_(std::move(header)), weights_(std::move(weights)), lists_(std::move(lists)), extractor_(&lists_, &header_.clusters, UsesNameShapes(header_.feature_set)),
      id_(std::move(id)) {}

void EntityModel::Tag(const DocumentView& doc, std::vector<uint8_t>* labels) const {
  thread_local DocumentFeatures features;
  thread_local PredictionHistory history;
  [[maybe_unused]] thread_local const bool tracked = TrackThreadScratch(features) && TrackThreadScratch(history);
  labels->resize(doc.tokens.size());
  if (doc.tokens.empty()) return;
  extractor_.Extract(doc, &features);
  DecodeQuantized(weights_.values.data(), weights_.mask(), features, &history, labels->data());
}

}  // namespace wiretag::model
