#include "pipeline/taggers/local_names.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "pipeline/taggers/list_lines.h"
#include "pipeline/taggers/read_whole_file.h"
#include "pipeline/taggers/snapshot_io.h"

namespace wiretag {
namespace {

struct ListFile {
  const char* name;
  EntityType type;
};
constexpr ListFile kListFiles[] = {{"people.txt", EntityType::kPerson},
                                   {"organisations.txt", EntityType::kOrganisation},
                                   {"places.txt", EntityType::kLocation},
                                   {"misc.txt", EntityType::kMisc}};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

void LocalNames::Add(EntityType type, std::string_view written, std::string_view canonical) {
  std::vector<Token> tokens;
  Tokenize(written, &tokens);
  if (tokens.empty()) return;
  Name name{{}, std::string(canonical.empty() ? written : canonical), type};
  for (const Token& t : tokens) name.tokens.emplace_back(written.substr(t.start, t.end - t.start));
  auto& bucket = by_first_token_[name.tokens.front()];
  bucket.push_back(static_cast<uint32_t>(names_.size()));
  names_.push_back(std::move(name));
  std::stable_sort(bucket.begin(), bucket.end(),
                   [this](uint32_t a, uint32_t b) { return names_[a].tokens.size() > names_[b].tokens.size(); });
}

std::unique_ptr<LocalNames> LocalNames::Load(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    throw std::runtime_error(dir.string() + ": the local lists directory does not exist");
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string file = entry.path().filename().string();
    if (file.empty() || file[0] == '.' || entry.is_directory()) continue;
    files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  auto names = std::unique_ptr<LocalNames>(new LocalNames());
  uint64_t hash = 0;
  for (const auto& path : files) {
    const std::string file = path.filename().string();
    const ListFile* list = nullptr;
    for (const ListFile& l : kListFiles)
      if (file == l.name) list = &l;
    if (!list)
      throw std::runtime_error(path.string() +
                               ": not a local list (people.txt, organisations.txt, places.txt or misc.txt)");
    const std::string bytes = ReadWholeFile(path, "local list");
    hash = ContentHash(file, hash);
    hash = ContentHash(bytes, hash);
    ListLines lines(bytes);
    for (std::string_view line; lines.Next(&line);) {
      if (Trim(line).empty() || Trim(line).front() == '#') continue;  // blank or comment, indented
      const size_t tab = line.find('\t');
      const std::string_view written = Trim(line.substr(0, tab));
      const std::string_view canonical = tab == std::string_view::npos ? std::string_view() : Trim(line.substr(tab + 1));
      if (written.empty() || (tab != std::string_view::npos && (canonical.empty() || canonical.find('\t') != std::string_view::npos)))
        throw std::runtime_error(path.string() + ":" + std::to_string(lines.line_number()) +
                                 ": expected NAME or NAME<TAB>CANONICAL");
      names->Add(list->type, written, canonical);
    }
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  names->fingerprint_ = hex;
  return names;
}

void LocalNames::Find(std::string_view text, std::span<const Token> tokens, std::vector<EntityOverride>* out) const {
  if (names_.empty()) return;
  auto token_text = [&](size_t i) { return text.substr(tokens[i].start, tokens[i].end - tokens[i].start); };
  for (size_t i = 0; i < tokens.size(); ++i) {
    auto it = by_first_token_.find(std::string(token_text(i)));
    if (it == by_first_token_.end()) continue;
    for (uint32_t index : it->second) {  // longest first
      const Name& name = names_[index];
      if (i + name.tokens.size() > tokens.size()) continue;
      bool match = true;
      for (size_t k = 1; k < name.tokens.size() && match; ++k) match = token_text(i + k) == name.tokens[k];
      if (!match) continue;
      const size_t last = i + name.tokens.size() - 1;
      const uint32_t start = tokens[i].start, end = tokens[last].end;
      out->push_back({Entity{name.type, start, end, std::string(text.substr(start, end - start)), name.canonical},
                      /*yields_to_containing=*/true});
      i = last;
      break;
    }
  }
}

}  // namespace wiretag
