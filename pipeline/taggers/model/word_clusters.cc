#include "pipeline/taggers/model/word_clusters.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "pipeline/taggers/list_lines.h"
#include "pipeline/taggers/model/feature_hash.h"
#include "pipeline/taggers/read_whole_file.h"

namespace wiretag::model {

WordClusters WordClusters::LoadTsv(const std::filesystem::path& file) {
  const std::string text = ReadWholeFile(file, "word cluster file");
  WordClusters clusters;
  ListLines lines(text);
  std::string_view line;
  while (lines.Next(&line)) {
    const size_t tab = line.find('\t');
    const std::string_view word = line.substr(0, tab);
    const std::string_view path = tab == std::string_view::npos ? std::string_view() : line.substr(tab + 1);
    const bool bits_only = std::all_of(path.begin(), path.end(), [](char c) { return c == '0' || c == '1'; });
    if (word.empty() || path.empty() || path.size() > 32 || !bits_only)
      throw std::runtime_error(file.string() + ":" + std::to_string(lines.line_number()) +
                               ": expected word<TAB>path of at most 32 bits (0/1)");
    clusters.Add(word, path);
  }
  return clusters;
}

void WordClusters::Add(std::string_view word, std::string_view path) {
  Entry e;
  e.key = HashBytes(word);
  for (char c : path) e.path = (e.path << 1) | static_cast<uint32_t>(c == '1');
  e.length = static_cast<uint32_t>(path.size());
  AddEntry(e);
}

void WordClusters::AddEntry(const Entry& e) {
  if (e.key == 0 || e.length == 0 || e.length > 32) return;
  if ((size_ + 1) * 2 > slots_.size()) Grow();
  for (size_t pos = e.key & mask_;; pos = (pos + 1) & mask_) {
    if (slots_[pos].key == e.key) return;
    if (slots_[pos].key == 0) {
      slots_[pos] = e;
      ++size_;
      return;
    }
  }
}

void WordClusters::Reserve(size_t n) {
  size_t cap = 64;
  while (cap < 2 * n) cap <<= 1;
  if (cap > slots_.size()) Resize(cap);
}

void WordClusters::Grow() { Resize(std::max<size_t>(64, slots_.size() * 2)); }

void WordClusters::Resize(size_t capacity) {
  std::vector<Entry> old = std::move(slots_);
  slots_.assign(capacity, Entry{});
  mask_ = slots_.size() - 1;
  size_ = 0;
  for (const Entry& e : old)
    if (e.key) AddEntry(e);
}

std::vector<WordClusters::Entry> WordClusters::SortedEntries() const {
  std::vector<Entry> out;
  out.reserve(size_);
  for (const Entry& e : slots_)
    if (e.key) out.push_back(e);
  std::sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) { return a.key < b.key; });
  return out;
}

}  // namespace wiretag::model
