#include "pipeline/taggers/model/feature_extractor.h"

#include <algorithm>
#include <string>

#include <utf8proc.h>

#include "pipeline/taggers/case_fold.h"
#include "pipeline/taggers/model/bilou.h"
#include "pipeline/taggers/model/feature_hash.h"
#include "pipeline/taggers/model/name_shape.h"
#include "pipeline/taggers/quote_marks.h"
#include "pipeline/taggers/thread_scratch.h"

namespace wiretag::model {

namespace {

// Feature templates. Values are part of the model's meaning: never renumber,
// only add (and bump kFeatureSetId when a definition changes).
enum Template : uint32_t {
  kBias = 1, kWord, kLower, kShape, kShortShape, kPrefix1, kPrefix2, kPrefix3, kPrefix4,
  kSuffix1, kSuffix2, kSuffix3, kSuffix4, kLowerM1, kLowerP1, kLowerM2, kLowerP2,
  kShortShapeM1, kShortShapeP1, kBigramM1, kBigramP1, kShapeTrigram, kSentenceStartShape,
  kCapsSentenceLower, kSentenceIndexShape, kDocSeenLower, kDocSeenCapitalised, kGazetteer,
  kGazetteerCap, kGazetteerM1, kGazetteerP1, kLengthShape, kWordShapeM1, kWordShapeP1,
  kCapsSentenceShape, kDocFirstSentenceLower, kShortShapeM2, kShortShapeP2, kWordM1, kWordP1,
  kShapeBigramM1, kShapeBigramP1, kSuffix5, kPrefix5, kContextM1, kContextP1, kCluster, kClusterM1, kClusterP1,
  kSyllables, kSyllablesM1, kSyllablesP1, kNameParticle, kAfterParticle, kBeforeParticle,
  // dynamic
  kPrev1 = 100, kPrev12, kPrev1Lower, kPrev1ShortShape, kPrev1Shape, kHistoryHas, kHistoryMajor, kHistoryMajorShape,
};

struct TokenInfo {
  uint64_t word, lower, shape, short_shape;
  uint64_t prefix[4], suffix[4];
  uint64_t cluster[4];     // the cluster-path prefixes (kClusterPrefixes); 0 without a cluster
  uint8_t length;          // code points, capped at 15
  uint8_t syllables;       // SyllableShape (name shapes only)
  uint8_t particle;        // 1 a name particle between capitalised words, 2 glued to one ("al-Sisi"); 0 none
  bool has_upper, has_lower, first_upper, has_letter, has_digit;
};

constexpr uint64_t kBoundaryM = 0x1111, kBoundaryP = 0x2222;

// Cluster-path prefix lengths, as in Ratinov & Roth (2009): coarse to fine.
constexpr uint32_t kClusterPrefixes[4] = {4, 6, 10, 20};

// The prefixes of a word's cluster path as feature values (length in the
// high bits, so "0110" and "01100" differ); a path shorter than a prefix
// length gives the whole path, as Brown-cluster features do.
void ClusterPrefixes(const WordClusters::Entry* e, uint64_t out[4]) {
  for (int k = 0; k < 4; ++k) {
    if (!e) {
      out[k] = 0;
      continue;
    }
    const uint32_t len = std::min(e->length, kClusterPrefixes[k]);
    out[k] = (static_cast<uint64_t>(len) << 32 | (e->path >> (e->length - len))) + 1;
  }
}

// Appends the UTF-8 of `cp` at out[*n] (room for 4 bytes is the caller's).
void PutUtf8(utf8proc_int32_t cp, char* out, size_t* n) {
  *n += static_cast<size_t>(utf8proc_encode_char(cp, reinterpret_cast<utf8proc_uint8_t*>(out + *n)));
}

// Buffers Analyse writes into, kept per thread and only ever grown, so the
// per-character work is a store rather than a std::string::push_back.
struct AnalyseBuffers {
  std::string lower, shape, short_shape, folded;
};
size_t ScratchBytesOf(const AnalyseBuffers& b) {
  return b.lower.capacity() + b.shape.capacity() + b.short_shape.capacity();
}
void ReleaseScratchOf(AnalyseBuffers& b) { b = AnalyseBuffers{}; }

// The token with its typographic quotes and apostrophes in ASCII ("O’Neill" ->
// "O'Neill"): the model learnt from ASCII text.
std::string_view FoldQuotes(std::string_view tok, std::string* out) {
  out->clear();
  for (size_t i = 0; i < tok.size();) {
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(tok.data() + i),
                                                static_cast<utf8proc_ssize_t>(tok.size() - i), &cp);
    const size_t len = n > 0 ? static_cast<size_t>(n) : 1;
    if (const char q = n > 0 ? AsciiQuoteFor(static_cast<char32_t>(cp)) : 0) out->push_back(q);
    else out->append(tok.substr(i, len));
    i += len;
  }
  return *out;
}

void Analyse(std::string_view tok, TokenInfo* info, AnalyseBuffers* buf) {
  // Each code point takes at least one byte of `tok` and gives at most 4 bytes
  // of lower case (utf8proc_tolower may lengthen a character) and one byte of
  // each shape.
  if (buf->lower.size() < 4 * tok.size()) buf->lower.resize(4 * tok.size());
  if (buf->shape.size() < tok.size()) {
    buf->shape.resize(tok.size());
    buf->short_shape.resize(tok.size());
  }
  char* const lower = buf->lower.data();
  char* const shape = buf->shape.data();
  char* const short_shape = buf->short_shape.data();
  size_t num_lower = 0, num_shape = 0, num_short = 0;
  info->has_upper = info->has_lower = info->first_upper = info->has_letter = info->has_digit = false;
  char last_class = 0;
  bool folded = false;  // a typographic quote was read as its ASCII form
  int run = 0;
  size_t cps = 0;
  for (size_t i = 0; i < tok.size();) {
    const unsigned char c = static_cast<unsigned char>(tok[i]);
    char cls;
    if (c < 0x80) {
      if (IsAsciiUpper(c)) {
        cls = 'X';
        lower[num_lower++] = static_cast<char>(c + 32);
      } else if (IsAsciiLower(c)) {
        cls = 'x';
        lower[num_lower++] = static_cast<char>(c);
      } else if (IsAsciiDigit(c)) {
        cls = 'd';
        lower[num_lower++] = '0';
      } else {
        cls = static_cast<char>(c);
        lower[num_lower++] = static_cast<char>(c);
      }
      ++i;
    } else {
      utf8proc_int32_t cp = 0;
      const utf8proc_ssize_t n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(tok.data() + i),
                                                  static_cast<utf8proc_ssize_t>(tok.size() - i), &cp);
      if (n <= 0) {
        cls = '?';
        lower[num_lower++] = static_cast<char>(c);
        ++i;
      } else if (const char q = AsciiQuoteFor(static_cast<char32_t>(cp))) {
        cls = q;
        lower[num_lower++] = q;
        folded = true;
        i += static_cast<size_t>(n);
      } else {
        if (utf8proc_isupper(cp)) cls = 'X';
        else if (utf8proc_islower(cp)) cls = 'x';
        else {
          const auto cat = utf8proc_category(cp);
          cls = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ? 'x'
                : cat == UTF8PROC_CATEGORY_ND                               ? 'd'
                                                                            : '~';
        }
        PutUtf8(cls == 'd' ? '0' : utf8proc_tolower(cp), lower, &num_lower);
        i += static_cast<size_t>(n);
      }
    }
    if (cls == 'X') info->has_upper = true;
    if (cls == 'd') info->has_digit = true;
    if (cls == 'x') info->has_lower = true;
    if (cls == 'X' || cls == 'x') info->has_letter = true;
    if (cps == 0) info->first_upper = cls == 'X';
    ++cps;
    if (cls == last_class) {
      ++run;
    } else {
      run = 1;
      last_class = cls;
      short_shape[num_short++] = cls;
    }
    if (run <= 4) shape[num_shape++] = cls;
  }
  info->length = static_cast<uint8_t>(std::min<size_t>(cps, 15));
  // The lower case and its four prefixes in one FNV pass: a prefix's hash is
  // the state after its bytes, finished with its length. A word shorter than
  // four bytes has prefixes equal to the whole word, as HashBytes would give.
  uint64_t h = kFnvBasis;
  size_t k = 0;
  for (; k < 4 && k < num_lower; ++k) {
    h = FnvStep(h, lower[k]);
    info->prefix[k] = FinishHash(h, k + 1);
  }
  for (size_t j = k; j < num_lower; ++j) h = FnvStep(h, lower[j]);
  info->lower = FinishHash(h, num_lower);
  for (; k < 4; ++k) info->prefix[k] = info->lower;
  // Most tokens are already lower case: the same bytes, the same hash.
  const std::string_view lw(lower, num_lower);
  if (folded) tok = FoldQuotes(tok, &buf->folded);
  info->word = tok == lw ? info->lower : HashBytes(tok);
  info->shape = HashBytes(std::string_view(shape, num_shape));
  info->short_shape = HashBytes(std::string_view(short_shape, num_short));
  for (size_t s = 0; s < 4; ++s) info->suffix[s] = HashBytes(lw.substr(num_lower - std::min(num_lower, s + 1)));
}

}  // namespace

void FeatureExtractor::Extract(const DocumentView& doc, DocumentFeatures* out) const {
  const size_t n = doc.tokens.size();
  out->offsets.assign(n + 1, 0);
  out->word.resize(n);
  out->short_shape.resize(n);
  out->history_eligible.resize(n);
  out->sentence_end.assign(n, 0);

  thread_local std::vector<TokenInfo> info;
  thread_local std::vector<uint32_t> sentence_index;
  thread_local std::vector<uint8_t> caps_sentence;
  thread_local std::vector<GazetteerLists::Hit> hits;
  thread_local std::vector<uint64_t> lower_hashes;
  thread_local AnalyseBuffers buffers;
  // Registered once per thread, so a large document's peak can be given back.
  [[maybe_unused]] thread_local const bool tracked =
      TrackThreadScratch(info) && TrackThreadScratch(sentence_index) && TrackThreadScratch(caps_sentence) &&
      TrackThreadScratch(hits) && TrackThreadScratch(lower_hashes) && TrackThreadScratch(buffers);
  info.resize(n);
  sentence_index.resize(n);
  lower_hashes.resize(n);

  const bool use_lists = lists_ && !lists_->names().empty();
  // Pass 1: per-token analysis and sentences.
  caps_sentence.clear();
  for (size_t i = 0; i < n; ++i) {
    Analyse(doc.tokens[i], &info[i], &buffers);
    out->word[i] = info[i].lower;
    out->short_shape[i] = info[i].short_shape;
    out->history_eligible[i] = info[i].has_upper;
    ClusterPrefixes(clusters_ ? clusters_->Find(info[i].lower) : nullptr, info[i].cluster);
    info[i].syllables = name_shapes_ && info[i].first_upper ? static_cast<uint8_t>(SyllableShapeOf(doc.tokens[i])) : 0;
    info[i].particle = name_shapes_ && HasNameParticlePrefix(doc.tokens[i]) ? 2 : 0;
    // Gazetteers match the lower case without digit normalisation: the same
    // string (and hash) unless the token has digits.
    if (use_lists)
      lower_hashes[i] = info[i].has_digit ? HashBytes(GazetteerLists::Lower(doc.tokens[i])) : info[i].lower;
    const bool starts = i == 0 || doc.sentence_start[i];
    if (starts) {
      if (i > 0) out->sentence_end[i - 1] = 1;
      caps_sentence.push_back(1);
    }
    sentence_index[i] = static_cast<uint32_t>(caps_sentence.size() - 1);
    if (info[i].has_lower) caps_sentence.back() = 0;
  }
  if (n > 0) out->sentence_end[n - 1] = 1;
  // A particle alone counts between two capitalised words of one sentence
  // ("Mohammed bin Salman", "Robin van Persie").
  if (name_shapes_)
    for (size_t i = 1; i + 1 < n; ++i)
      if (!info[i].particle && !doc.sentence_start[i] && !doc.sentence_start[i + 1] && info[i - 1].first_upper &&
          info[i + 1].first_upper && doc.tokens[i].size() <= 5 && IsNameParticle(doc.tokens[i]))
        info[i].particle = 1;

  // Pass 2: how each word is written elsewhere in the document.
  thread_local PredictionHistory seen;  // counts[0]: lower-case occurrences, counts[1]: capitalised mid-sentence
  [[maybe_unused]] thread_local const bool seen_tracked = TrackThreadScratch(seen);
  seen.Reset(n);
  for (size_t i = 0; i < n; ++i) {
    const TokenInfo& t = info[i];
    if (!t.has_letter) continue;
    if (!t.has_upper) seen.Record(t.lower, 0);
    else if (t.first_upper && t.has_lower && !(i == 0 || doc.sentence_start[i]) &&
             !caps_sentence[sentence_index[i]])
      seen.Record(t.lower, 1);
  }

  // Context aggregation: the neighbours of the same capitalised word at its
  // other occurrences in the document (grouped by sorting word hashes).
  thread_local std::vector<std::pair<uint64_t, uint32_t>> groups;
  groups.clear();
  for (size_t i = 0; i < n; ++i)
    if (info[i].has_upper) groups.push_back({info[i].lower, static_cast<uint32_t>(i)});
  std::sort(groups.begin(), groups.end());
  thread_local std::vector<uint32_t> group_of;  // index into groups of each token's group start, or ~0
  [[maybe_unused]] thread_local const bool groups_tracked = TrackThreadScratch(groups) && TrackThreadScratch(group_of);
  group_of.assign(n, ~0u);
  for (size_t g = 0; g < groups.size();) {
    size_t e = g;
    while (e < groups.size() && groups[e].first == groups[g].first) ++e;
    if (e - g > 1)
      for (size_t k = g; k < e; ++k) group_of[groups[k].second] = static_cast<uint32_t>(g);
    g = e;
  }

  // Gazetteers.
  hits.clear();
  if (use_lists) lists_->Match(lower_hashes, doc.sentence_start, &hits);
  thread_local std::vector<uint32_t> hit_begin;
  hit_begin.assign(n + 1, 0);
  for (const auto& h : hits) ++hit_begin[h.token + 1];
  for (size_t i = 0; i < n; ++i) hit_begin[i + 1] += hit_begin[i];
  // Hits grouped by token, in the order Match gave them (a counting sort:
  // the counts are taken anyway, and a stable_sort allocated per document).
  thread_local std::vector<GazetteerLists::Hit> by_token;
  thread_local std::vector<uint32_t> next;
  [[maybe_unused]] thread_local const bool hits_tracked =
      TrackThreadScratch(hit_begin) && TrackThreadScratch(by_token) && TrackThreadScratch(next);
  by_token.resize(hits.size());
  next.assign(hit_begin.begin(), hit_begin.end() - 1);
  for (const auto& h : hits) by_token[next[h.token]++] = h;
  hits.swap(by_token);

  // Pass 3: emit. `ids` keeps its size between documents (offsets say what is
  // valid), so steady state neither allocates nor zero-fills.
  size_t pos = 0;
  for (size_t i = 0; i < n; ++i) {
    const TokenInfo& t = info[i];
    const size_t most = 80 + 2 * (hit_begin[i + 1] - hit_begin[i]) + (i > 0 ? hit_begin[i] - hit_begin[i - 1] : 0) +
                        (i + 1 < n ? hit_begin[i + 2] - hit_begin[i + 1] : 0);
    if (pos + most > out->ids.size()) out->ids.resize(std::max(out->ids.size() * 2, pos + most + 4096));
    uint32_t* ids = out->ids.data();
    auto emit = [&](uint32_t id) { ids[pos++] = id; };
    const bool sent_start = i == 0 || doc.sentence_start[i];
    const bool has_m1 = !sent_start;
    const bool has_m2 = has_m1 && !(i - 1 == 0 || doc.sentence_start[i - 1]);
    const bool has_p1 = !out->sentence_end[i];
    const bool has_p2 = has_p1 && !out->sentence_end[i + 1];
    const uint64_t lm1 = has_m1 ? info[i - 1].lower : kBoundaryM;
    const uint64_t lm2 = has_m2 ? info[i - 2].lower : kBoundaryM;
    const uint64_t lp1 = has_p1 ? info[i + 1].lower : kBoundaryP;
    const uint64_t lp2 = has_p2 ? info[i + 2].lower : kBoundaryP;
    const uint64_t sm1 = has_m1 ? info[i - 1].short_shape : kBoundaryM;
    const uint64_t sp1 = has_p1 ? info[i + 1].short_shape : kBoundaryP;
    const bool caps = caps_sentence[sentence_index[i]];

    emit(FeatureId(kBias, 0));
    emit(FeatureId(kWord, t.word));
    emit(FeatureId(kLower, t.lower));
    emit(FeatureId(kShape, t.shape));
    emit(FeatureId(kShortShape, t.short_shape));
    for (uint32_t k = 0; k < 4; ++k) {
      emit(FeatureId(kPrefix1 + k, t.prefix[k]));
      emit(FeatureId(kSuffix1 + k, t.suffix[k]));
    }
    emit(FeatureId(kLowerM1, lm1));
    emit(FeatureId(kLowerP1, lp1));
    emit(FeatureId(kLowerM2, lm2));
    emit(FeatureId(kLowerP2, lp2));
    emit(FeatureId(kShortShapeM1, sm1));
    emit(FeatureId(kShortShapeM2, has_m2 ? info[i - 2].short_shape : kBoundaryM));
    emit(FeatureId(kShortShapeP2, has_p2 ? info[i + 2].short_shape : kBoundaryP));
    emit(FeatureId(kWordM1, has_m1 ? info[i - 1].word : kBoundaryM));
    emit(FeatureId(kWordP1, has_p1 ? info[i + 1].word : kBoundaryP));
    emit(FeatureId(kShapeBigramM1, sm1, t.short_shape));
    emit(FeatureId(kShapeBigramP1, t.short_shape, sp1));
    emit(FeatureId(kShortShapeP1, sp1));
    emit(FeatureId(kBigramM1, lm1, t.lower));
    emit(FeatureId(kBigramP1, t.lower, lp1));
    emit(FeatureId(kShapeTrigram, Combine(sm1, t.short_shape), sp1));
    emit(FeatureId(kWordShapeM1, t.lower, sm1));
    emit(FeatureId(kWordShapeP1, t.lower, sp1));
    emit(FeatureId(kSentenceStartShape, sent_start, t.short_shape));
    emit(FeatureId(kLengthShape, t.length, t.short_shape));
    emit(FeatureId(kCapsSentenceShape, caps, t.short_shape));
    if (caps) emit(FeatureId(kCapsSentenceLower, t.lower));
    const uint32_t si = std::min<uint32_t>(sentence_index[i] + doc.first_sentence_index, 3);
    emit(FeatureId(kSentenceIndexShape, si * 2 + caps, t.short_shape));
    if (si == 0) emit(FeatureId(kDocFirstSentenceLower, t.lower));
    if (t.has_upper) {
      const uint16_t* c = seen.Find(t.lower);
      const bool seen_lower = c && c[0] > 0;
      const bool seen_cap = c && c[1] > 0;
      emit(FeatureId(kDocSeenLower, seen_lower * 2 + caps, t.short_shape));
      emit(FeatureId(kDocSeenCapitalised, seen_cap * 2 + sent_start, caps));
    }
    if (group_of[i] != ~0u) {
      constexpr int kMaxOccurrences = 4;
      int used = 0;
      for (size_t g = group_of[i]; g < groups.size() && groups[g].first == t.lower && used < kMaxOccurrences; ++g) {
        const uint32_t j = groups[g].second;
        if (j == i) continue;
        ++used;
        const bool j_start = j == 0 || doc.sentence_start[j];
        emit(FeatureId(kContextM1, j_start ? kBoundaryM : info[j - 1].lower));
        emit(FeatureId(kContextP1, out->sentence_end[j] ? kBoundaryP : info[j + 1].lower));
      }
    }
    if (clusters_) {
      for (uint32_t k = 0; k < 4; ++k) {
        if (t.cluster[k]) emit(FeatureId(kCluster, k, t.cluster[k]));
        if (has_m1 && info[i - 1].cluster[k]) emit(FeatureId(kClusterM1, k, info[i - 1].cluster[k]));
        if (has_p1 && info[i + 1].cluster[k]) emit(FeatureId(kClusterP1, k, info[i + 1].cluster[k]));
      }
    }
    if (name_shapes_) {
      const uint8_t sm = has_m1 ? info[i - 1].syllables : 0, sp = has_p1 ? info[i + 1].syllables : 0;
      if (t.syllables) {
        emit(FeatureId(kSyllables, t.syllables, caps));
        emit(FeatureId(kSyllablesM1, t.syllables, sm));
        emit(FeatureId(kSyllablesP1, t.syllables, sp));
      }
      if (t.particle) emit(FeatureId(kNameParticle, t.particle, t.has_upper));
      if (has_m1 && info[i - 1].particle == 1) emit(FeatureId(kAfterParticle, 1));
      if (has_p1 && info[i + 1].particle) emit(FeatureId(kBeforeParticle, info[i + 1].particle));
    }
    for (uint32_t k = hit_begin[i]; k < hit_begin[i + 1]; ++k) {
      const auto& h = hits[k];
      const uint64_t v = Combine(lists_->list_hash(h.list), h.part);
      emit(FeatureId(kGazetteer, v));
      emit(FeatureId(kGazetteerCap, v, t.first_upper * 2 + caps));
    }
    if (has_m1)
      for (uint32_t k = hit_begin[i - 1]; k < hit_begin[i]; ++k) emit(FeatureId(kGazetteerM1, lists_->list_hash(hits[k].list)));
    if (has_p1)
      for (uint32_t k = hit_begin[i + 1]; k < hit_begin[i + 2]; ++k) emit(FeatureId(kGazetteerP1, lists_->list_hash(hits[k].list)));
    out->offsets[i + 1] = static_cast<uint32_t>(pos);
  }
}

void PredictionHistory::Reset(size_t expected_words) {
  size_t cap = 64;
  while (cap < expected_words * 2) cap <<= 1;
  ++generation_;
  if (slots_.size() < cap || generation_ == 0) {
    slots_.assign(std::max(cap, slots_.size()), Slot{0, 0, {}});
    generation_ = 1;
  }
  mask_ = slots_.size() - 1;
  used_ = 0;
}

PredictionHistory::Slot* PredictionHistory::Locate(uint64_t key) {
  size_t pos = key & mask_;
  while (slots_[pos].generation == generation_ && slots_[pos].key != key) pos = (pos + 1) & mask_;
  return &slots_[pos];
}

void PredictionHistory::Record(uint64_t word, int cls) {
  Slot* s = Locate(word);
  if (s->generation != generation_) {
    if ((used_ + 1) * 2 > slots_.size()) {  // grow
      std::vector<Slot> old = std::move(slots_);
      const uint32_t gen = generation_;
      slots_.assign(old.size() * 2, Slot{0, 0, {}});
      mask_ = slots_.size() - 1;
      for (const Slot& o : old)
        if (o.generation == gen) *Locate(o.key) = o;
      s = Locate(word);
    }
    *s = Slot{word, generation_, {}};
    ++used_;
  }
  uint16_t& count = s->counts[cls];
  if (count < 0xFFFF) ++count;
}

const uint16_t* PredictionHistory::Find(uint64_t word) const {
  if (slots_.empty()) return nullptr;
  size_t pos = word & mask_;
  while (slots_[pos].generation == generation_) {
    if (slots_[pos].key == word) return slots_[pos].counts;
    pos = (pos + 1) & mask_;
  }
  return nullptr;
}

int DynamicFeatures(const DocumentFeatures& f, size_t i, uint8_t prev1, uint8_t prev2,
                    const PredictionHistory& history, uint32_t* out) {
  int n = 0;
  out[n++] = FeatureId(kPrev1, prev1);
  out[n++] = FeatureId(kPrev12, prev1, prev2);
  out[n++] = FeatureId(kPrev1Lower, prev1, f.word[i]);
  out[n++] = FeatureId(kPrev1ShortShape, prev1, f.short_shape[i]);
  if (f.history_eligible[i]) {
    if (const uint16_t* c = history.Find(f.word[i])) {
      int major = 0;
      for (int k = 0; k < 5; ++k) {
        if (c[k] > 0) out[n++] = FeatureId(kHistoryHas, k);
        if (c[k] > c[major]) major = k;
      }
      out[n++] = FeatureId(kHistoryMajor, major);
      out[n++] = FeatureId(kHistoryMajorShape, major, prev1 == kNoLabel);
    }
  }
  return n;
}

}  // namespace wiretag::model
