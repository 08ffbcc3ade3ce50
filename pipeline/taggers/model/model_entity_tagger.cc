#include "pipeline/taggers/model/model_entity_tagger.h"

#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "pipeline/taggers/model/bilou.h"
#include "pipeline/taggers/model/entity_model.h"
#include "pipeline/taggers/thread_scratch.h"
#include "pipeline/taggers/quote_marks.h"

namespace wiretag {

namespace {

// Whether the span's words hold a letter or a digit. Any byte of a multi-byte
// UTF-8 character counts: quotation marks are trimmed before this is asked.
bool HasAlphanumeric(std::span<const std::string_view> words, const model::TokenSpan& s) {
  for (uint32_t k = s.begin; k < s.end; ++k)
    for (const char c : words[k]) {
      const auto b = static_cast<unsigned char>(c);
      if (b >= 0x80 || (b >= '0' && b <= '9') || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z')) return true;
    }
  return false;
}

bool IsWeekday(std::string_view w) {
  for (std::string_view day : {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"})
    if (w == day) return true;
  return false;
}

// A weekday inside a person's, organisation's or place's name ends it, with
// the lower-case words before it: "Federal Communications Commission Friday",
// "Heathrow Airport Tuesday after British Airways", "Republican National
// Convention on Sunday" (the model runs on over the date the wire puts right
// after a name). Event names keep theirs ("Super Tuesday", MISC), so do names
// that open with one ("Sunday Times") and the one club named after a weekday
// ("Sheffield Wednesday", frequent in CoNLL-2003; kept out of the model's
// lists, which are features: adding it there changes the trained model).
void CutAtWeekday(std::span<const std::string_view> words, model::TokenSpan* s) {
  auto lower = [&](uint32_t k) { return !words[k].empty() && words[k][0] >= 'a' && words[k][0] <= 'z'; };
  for (uint32_t k = s->begin + 1; k < s->end; ++k) {
    if (!IsWeekday(words[k]) || (words[k - 1] == "Sheffield" && words[k] == "Wednesday")) continue;
    s->end = k;
    while (s->end > s->begin + 1 && lower(s->end - 1)) --s->end;
    return;
  }
}

class ModelEntityTagger final : public EntityTagger {
 public:
  explicit ModelEntityTagger(std::unique_ptr<model::EntityModel> model) : model_(std::move(model)) {
    for (const char* list : {"countries"})
      if (const int k = model_->lists().IndexOf(list); k >= 0) place_lists_ |= 1u << k;
  }

  void Tag(std::string_view text, std::span<const Token> tokens, std::vector<Entity>* out) const override {
    thread_local std::vector<std::string_view> words;
    thread_local std::vector<uint8_t> starts;
    thread_local std::vector<uint8_t> labels;
    [[maybe_unused]] thread_local const bool tracked =
        TrackThreadScratch(words) && TrackThreadScratch(starts) && TrackThreadScratch(labels);
    words.clear();
    starts.clear();
    size_t line_begin = 0;
    bool opens_with_dateline = false;
    for (size_t i = 0; i < tokens.size(); ++i) {
      const Token& t = tokens[i];
      if (t.line_start) line_begin = i;
      words.push_back(text.substr(t.start, t.end - t.start));
      // The story proper starts after a dateline's dash ("WASHINGTON, Aug. 17
      // (Yonhap) -- The United States ..."): a sentence start for the model.
      if (i > 0 && i - line_begin < 16 && IsDatelineDash(words[i - 1])) {
        opens_with_dateline |= line_begin == 0;
        starts.push_back(1);
        continue;
      }
      // A line break also ends a sentence for the model: wire paragraphs and
      // headline/dateline lines rarely end in a full stop.
      starts.push_back(i == 0 || t.sentence_start || t.line_start ? 1 : 0);
    }
    // A text that opens with its dateline has no headline before it: its
    // sentences count from CoNLL's dateline line (see DocumentView).
    model_->Tag(model::DocumentView{words, starts, opens_with_dateline ? 1u : 0u}, &labels);
    const size_t first = out->size();
    thread_local std::vector<model::TokenSpan> spans;
    spans.clear();
    for (const model::TokenSpan& whole : model::LabelsToSpans(labels)) {
      // A semicolon ends a name whatever the model says ("Hakan Fidan; Kemal
      // Kilicdaroglu"): each side is a span of its own.
      model::TokenSpan part = whole;
      for (uint32_t k = whole.begin; k < whole.end; ++k) {
        if (words[k] != ";") continue;
        part.end = k;
        spans.push_back(part);
        part.begin = k + 1;
      }
      part.end = whole.end;
      spans.push_back(part);
    }
    for (model::TokenSpan s : spans) {
      // A quotation mark is never part of a name ("“Belt and Road”" gives
      // "Belt and Road"), whatever the model says of it.
      while (s.begin < s.end && IsQuoteToken(words[s.begin])) ++s.begin;
      while (s.end > s.begin && IsQuoteToken(words[s.end - 1])) --s.end;
      if (s.begin == s.end) continue;
      if (model::ToEntityType(s.type) != EntityType::kMisc) CutAtWeekday(words, &s);
      // A name has a letter or a digit: "+" of "2+2" is no entity, whatever
      // the model says of it.
      if (!HasAlphanumeric(words, s)) continue;
      Entity e;
      e.type = model::ToEntityType(s.type);
      // Gazetteer override: a listed country or city name alone is a place,
      // even where the model reads it as a government ("talks with Pyongyang").
      if (e.type == EntityType::kOrganisation && place_lists_ &&
          (model_->lists().ListsNaming(std::span(words).subspan(s.begin, s.end - s.begin)) & place_lists_))
        e.type = EntityType::kLocation;
      e.start = tokens[s.begin].start;
      e.end = tokens[s.end - 1].end;
      e.text = std::string(text.substr(e.start, e.end - e.start));
      e.canonical = e.text;
      out->push_back(std::move(e));
    }
    LinkShortMentions(out, first, text, tokens);
  }

  std::string_view Id() const override { return model_->id(); }

 private:
  // A one-word person mention takes the canonical form of an earlier
  // multi-word person name ending (or starting) with that word.
  static void LinkShortMentions(std::vector<Entity>* out, size_t first, std::string_view text,
                                std::span<const Token> tokens) {
    std::unordered_map<std::string, std::string> full_name_of;
    for (size_t k = first; k < out->size(); ++k) {
      Entity& e = (*out)[k];
      if (e.type != EntityType::kPerson) continue;
      const size_t space = e.text.find(' ');
      if (space == std::string::npos) {
        if (auto it = full_name_of.find(e.text); it != full_name_of.end()) e.canonical = it->second;
        continue;
      }
      const std::string last = e.text.substr(e.text.rfind(' ') + 1);
      const std::string given = e.text.substr(0, space);
      full_name_of[last] = e.text;
      full_name_of.try_emplace(given, e.text);
    }
    (void)text;
    (void)tokens;
  }

  static bool IsDatelineDash(std::string_view w) {
    return w == "--" || w == "\u2014" || w == "\u2015" || w == "---";
  }

  std::unique_ptr<model::EntityModel> model_;
  uint32_t place_lists_ = 0;  // bits of the "cities" and "countries" lists
};

}  // namespace

std::unique_ptr<EntityTagger> LoadModelEntityTagger(const std::filesystem::path& model_file,
                                                    const std::filesystem::path& gazetteer_dir,
                                                    model::GazetteerLists* loaded) {
  return std::make_unique<ModelEntityTagger>(model::EntityModel::Load(model_file, gazetteer_dir, loaded));
}

}  // namespace wiretag
