// `wiretag eval conll FILE`: exact-span P/R/F1 of the entity taggers on a
// CoNLL-2003 style file (see pipeline/eval/conll_eval.h for the method).
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <string>

#include <CLI/CLI.hpp>

#include "pipeline/config/config_dir.h"
#include "pipeline/eval/conll_eval.h"
#include "pipeline/taggers/story_tagger.h"

namespace wiretag::cli {
namespace {

std::string ChunkText(const eval::DocumentText& doc, const eval::Chunk& c) {
  if (c.begin >= doc.token_start.size() || c.end == 0 || c.end > doc.token_end.size()) return "(not on token boundaries)";
  return doc.text.substr(doc.token_start[c.begin], doc.token_end[c.end - 1] - doc.token_start[c.begin]);
}

}  // namespace

void RegisterEvalConllCommand(CLI::App& eval, int* exit_code) {
  auto* cmd = eval.add_subcommand("conll", "Entity P/R/F1 on CoNLL-2003 column data (IOB1 or IOB2)");
  auto file = std::make_shared<std::string>();
  auto config_dir = std::make_shared<std::string>();
  auto errors_file = std::make_shared<std::string>();
  cmd->add_option("FILE", *file, "CoNLL file: token first, NER tag last, -DOCSTART- between documents")
      ->required();
  cmd->add_option("--config-dir", *config_dir, "Directory with gazetteers and models (default: config/)");
  cmd->add_option("--errors", *errors_file, "Write every missed and spurious entity to this file");
  auto entity_tagger = std::make_shared<std::string>("auto");
  cmd->add_option("--entity-tagger", *entity_tagger,
                  "auto (default): the trained model when config/models/ner-en.bin exists, else the rules; "
                  "model: the trained model; rules: the rules and gazetteers alone")
      ->check(CLI::IsMember({"auto", "model", "rules"}));
  cmd->callback([=] {
    std::ifstream in(*file);
    if (!in) {
      std::fprintf(stderr, "wiretag eval conll: cannot open %s: %s\n", file->c_str(), std::strerror(errno));
      *exit_code = 2;
      return;
    }
    std::vector<eval::ConllDocument> docs;
    try {
      docs = eval::ParseConll(in);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "wiretag eval conll: %s: %s\n", file->c_str(), e.what());
      *exit_code = 2;
      return;
    }
    std::unique_ptr<StoryTagger> tagger;
    try {
      tagger = StoryTagger::Load(config_dir->empty() ? DefaultConfigDir() : std::filesystem::path(*config_dir),
                                 *entity_tagger == "model"   ? EntityTaggerChoice::kModel
                                 : *entity_tagger == "rules" ? EntityTaggerChoice::kRules
                                                             : EntityTaggerChoice::kAuto,
                                 DefaultGazetteerSnapshot());
    } catch (const std::exception& e) {
      std::fprintf(stderr, "wiretag eval conll: %s\n", e.what());
      *exit_code = 1;
      return;
    }
    std::ofstream errors;
    if (!errors_file->empty()) errors.open(*errors_file);
    eval::ConllScore score;
    size_t tokens = 0;
    double tag_seconds = 0;
    StoryMeta meta;
    for (size_t d = 0; d < docs.size(); ++d) {
      eval::DocumentText text = eval::BuildText(docs[d]);
      tokens += text.token_start.size();
      std::clock_t t0 = std::clock();
      Tags tags = tagger->Tag(text.text, meta);
      tag_seconds += double(std::clock() - t0) / CLOCKS_PER_SEC;
      std::vector<eval::Chunk> gold = eval::GoldChunks(docs[d]);
      std::vector<eval::Chunk> predicted = eval::PredictedChunks(text, tags.entities);
      score.Add(gold, predicted);
      if (errors.is_open()) {
        std::sort(gold.begin(), gold.end());
        std::vector<eval::Chunk> pred_sorted = predicted;
        std::sort(pred_sorted.begin(), pred_sorted.end());
        for (const auto& g : gold) {
          if (!std::binary_search(pred_sorted.begin(), pred_sorted.end(), g))
            errors << "doc " << d << "\tmissed\t" << g.type << "\t" << ChunkText(text, g) << "\n";
        }
        for (const auto& p : predicted) {
          if (!std::binary_search(gold.begin(), gold.end(), p))
            errors << "doc " << d << "\tspurious\t" << p.type << "\t" << ChunkText(text, p) << "\n";
        }
      }
    }
    std::printf("%s", score.Table().c_str());
    std::printf("%zu documents, %zu tokens, tagging %.0f tokens per CPU-second\n", docs.size(), tokens,
                tag_seconds > 0 ? double(tokens) / tag_seconds : 0.0);
    *exit_code = 0;
  });
}

}  // namespace wiretag::cli
