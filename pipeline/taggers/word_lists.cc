#include "pipeline/taggers/word_lists.h"

#include <algorithm>
#include <stdexcept>

#include "pipeline/taggers/list_files.h"
#include "pipeline/taggers/read_whole_file.h"

namespace wiretag {
namespace {

// The top-level lists the lexicon and the corrections read (the model's
// feature lists, GazetteerLists, read every top-level file on their own).
constexpr std::string_view kTopLevelLists[] = {
    "common_words.txt", "first_names.tsv",  "loc_suffixes.txt", "locations.txt",     "misc.txt",   "misc_suffixes.txt",
    "not_names.txt",    "org_prefixes.txt", "org_suffixes.txt", "organisations.tsv", "titles.txt",
};

}  // namespace

WordList::WordList(std::string name, std::string text) : name_(std::move(name)), text_(std::move(text)) {
  if (text_.size() > UINT32_MAX) throw std::runtime_error(name_ + ": list too large");
  sorted_.reserve(static_cast<size_t>(std::count(text_.begin(), text_.end(), '\n')) + 1);
  ListLines lines(text_);
  for (std::string_view line; lines.Next(&line);) {
    const std::string_view word = line.substr(0, line.find('\t'));
    if (!word.empty())
      sorted_.push_back({static_cast<uint32_t>(word.data() - text_.data()), static_cast<uint32_t>(word.size())});
  }
  // Most lists are written sorted (common_words.txt's 37,000 words): checked
  // in one pass, sorted only when they are not.
  auto less = [&](Word a, Word b) { return At(a) < At(b); };
  if (!std::is_sorted(sorted_.begin(), sorted_.end(), less)) std::sort(sorted_.begin(), sorted_.end(), less);
}

bool WordList::Contains(std::string_view word) const {
  auto it = std::lower_bound(sorted_.begin(), sorted_.end(), word,
                             [&](Word w, std::string_view key) { return At(w) < key; });
  return it != sorted_.end() && At(*it) == word;
}

std::vector<std::filesystem::path> WordLists::OverrideFiles(const std::filesystem::path& gazetteer_dir) {
  return ListFilesIn(gazetteer_dir / "overrides");
}

std::shared_ptr<const WordLists> WordLists::Load(const std::filesystem::path& gazetteer_dir) {
  auto words = std::make_shared<WordLists>();
  words->dir_ = gazetteer_dir;
  for (std::string_view name : kTopLevelLists) {
    const auto path = gazetteer_dir / name;
    if (std::filesystem::exists(path)) words->lists_.emplace_back(std::string(name), ReadWholeFile(path));
  }
  for (const auto& path : OverrideFiles(gazetteer_dir))
    words->lists_.emplace_back("overrides/" + path.filename().string(), ReadWholeFile(path));
  std::sort(words->lists_.begin(), words->lists_.end(),
            [](const WordList& a, const WordList& b) { return a.name() < b.name(); });
  return words;
}

const WordList* WordLists::Find(std::string_view name) const {
  auto it = std::lower_bound(lists_.begin(), lists_.end(), name,
                             [](const WordList& l, std::string_view key) { return l.name() < key; });
  return it != lists_.end() && it->name() == name ? &*it : nullptr;
}

const WordList& WordLists::Require(std::string_view name) const {
  if (const WordList* list = Find(name)) return *list;
  throw std::runtime_error(PathOf(name).string() + ": cannot open");
}

void WordLists::Save(SnapshotWriter* out) const {
  out->Value<uint64_t>(lists_.size());
  for (const WordList& list : lists_) {
    out->String(list.name_);
    out->String(list.text_);
    out->Vector(list.sorted_);
  }
}

std::shared_ptr<const WordLists> WordLists::Restore(SnapshotReader* in, const std::filesystem::path& gazetteer_dir) {
  auto words = std::make_shared<WordLists>();
  words->dir_ = gazetteer_dir;
  const uint64_t n = in->Value<uint64_t>();
  if (n > in->remaining()) throw SnapshotError("word lists: bad count");
  words->lists_.reserve(n);
  for (uint64_t k = 0; k < n; ++k) {
    WordList list;
    list.name_ = std::string(in->String());
    list.text_ = std::string(in->String());
    in->Vector(&list.sorted_);
    for (const WordList::Word w : list.sorted_)
      if (w.begin > list.text_.size() || w.size > list.text_.size() - w.begin)
        throw SnapshotError("word lists: a word outside its list");
    if (!words->lists_.empty() && !(words->lists_.back().name() < list.name_))
      throw SnapshotError("word lists: not sorted by name");
    words->lists_.push_back(std::move(list));
  }
  return words;
}

}  // namespace wiretag
