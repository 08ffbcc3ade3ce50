// `wiretag train`: trains the entity model on CoNLL-format data, prints the
// development F1 after every epoch, and writes the best epoch's model.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "pipeline/config/config_dir.h"
#include "pipeline/cli/commands.h"
#include "pipeline/taggers/model/conll_corpus.h"
#include "pipeline/taggers/model/entity_model.h"
#include "pipeline/taggers/model/perceptron_trainer.h"
#include "pipeline/taggers/story_tagger.h"

namespace wiretag::cli {

namespace {

struct TrainArgs {
  std::string train, dev, out;
  std::string gazetteers;
  std::string clusters;
  bool name_shapes = true;
  std::string name = "ner-en";
  int epochs = 12;
  uint64_t seed = 1;
  uint32_t bits = 19;
};

int RunTrain(const TrainArgs& args) {
  using namespace wiretag::model;
  const auto started = std::chrono::steady_clock::now();
  const auto train = ReadConllFile(args.train);
  std::vector<AnnotatedDocument> dev;
  if (!args.dev.empty()) dev = ReadConllFile(args.dev);
  size_t train_tokens = 0;
  for (const auto& d : train) train_tokens += d.tokens.size();
  const std::filesystem::path gazetteer_dir =
      args.gazetteers.empty() ? DefaultConfigDir() / "gazetteers" : std::filesystem::path(args.gazetteers);
  const GazetteerLists lists = GazetteerLists::LoadDirectory(gazetteer_dir);
  std::fprintf(stderr, "train: %zu documents, %zu tokens; dev: %zu documents; gazetteer lists from %s: %zu",
               train.size(), train_tokens, dev.size(), gazetteer_dir.c_str(), lists.names().size());
  for (const auto& n : lists.names()) std::fprintf(stderr, " %s", n.c_str());
  std::fprintf(stderr, "\n");
  // Word clusters only when asked for: the shipped model is trained without
  // them (they cost ~15% of tagging speed for +0.1 F1 on CoNLL dev; MODEL_CARD.md).
  std::filesystem::path clusters_file;
  if (!args.clusters.empty() && args.clusters != "none") clusters_file = args.clusters;
  const WordClusters clusters = clusters_file.empty() ? WordClusters() : WordClusters::LoadTsv(clusters_file);
  std::fprintf(stderr, "word clusters: %s (%zu words)\n", clusters_file.empty() ? "none" : clusters_file.c_str(),
               clusters.size());
  std::fprintf(stderr, "name shapes: %s\n", args.name_shapes ? "on" : "off");
  const FeatureExtractor extractor(&lists, &clusters, args.name_shapes);
  TrainOptions options;
  options.epochs = args.epochs;
  options.seed = args.seed;
  options.bits = args.bits;
  const TrainResult result = TrainPerceptron(train, dev, extractor, options, [](const EpochReport& r) {
    std::printf("epoch %2d  train mistakes %7llu  dev P %.4f R %.4f F1 %.4f  (%.1fs)\n", r.epoch,
                static_cast<unsigned long long>(r.mistakes), r.dev.overall.Precision(), r.dev.overall.Recall(),
                r.dev.overall.F1(), r.seconds);
    std::fflush(stdout);
  });
  ModelHeader header;
  header.name = args.name;
  header.gazetteer_lists = lists.names();
  header.clusters = clusters;
  header.feature_set = FeatureSetOf(!clusters.empty(), args.name_shapes);
  header.description = "averaged perceptron, greedy BILOU; trained on " +
                       std::filesystem::path(args.train).filename().string() + ", " +
                       std::to_string(args.epochs) + " epochs (best " + std::to_string(result.best_epoch) +
                       "), seed " + std::to_string(args.seed);
  const std::string bytes = SerializeModel(header, result.weights);
  const std::filesystem::path out(args.out);
  if (out.has_parent_path()) std::filesystem::create_directories(out.parent_path());
  const std::filesystem::path tmp = out.string() + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!f) throw std::runtime_error(tmp.string() + ": cannot write");
  }
  std::filesystem::rename(tmp, out);
  ModelHeader parsed;
  QuantizedWeights unused;
  std::string id;
  ParseModel(bytes, out.string(), &parsed, &unused, &id);
  if (!dev.empty()) std::printf("best epoch %d, dev scores:\n%s", result.best_epoch, result.best_dev.Report().c_str());
  std::printf("wrote %s: model %s, %zu bytes, %.1fs\n", out.c_str(), id.c_str(), bytes.size(),
              std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  return 0;
}

}  // namespace

void RegisterTrainCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<TrainArgs>();
  auto* cmd = app.add_subcommand("train", "Train the entity model on CoNLL-format data (token ... tag per line)");
  cmd->add_option("--train", args->train, "Training data, CoNLL column format (IOB1 or IOB2)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--dev", args->dev, "Development data: scored after each epoch; the best epoch is kept")
      ->check(CLI::ExistingFile);
  cmd->add_option("--out", args->out, "Model file to write (e.g. config/models/ner-en.bin)")->required();
  cmd->add_option("--epochs", args->epochs, "Passes over the training data")
      ->capture_default_str()
      ->check(CLI::Range(1, 100));
  cmd->add_option("--seed", args->seed, "Seed of the document order; the same seed gives the same model")
      ->capture_default_str();
  cmd->add_option("--gazetteers", args->gazetteers,
                  "Directory of *.tsv and *.txt name lists used as features (default: <config>/gazetteers)");
  cmd->add_option("--clusters", args->clusters,
                  "Word cluster file (word<TAB>bit path, e.g. config/models/word_clusters.tsv) whose path "
                  "prefixes become features; stored in the model (default: none)");
  cmd->add_flag("--name-shapes,!--no-name-shapes", args->name_shapes,
               "Also the name-shape features: romanised Chinese and Korean syllables (\"Jinping\", \"Min-soo\") "
               "and name particles (\"bin\", \"al-\", \"van\"); feature set 4, 5 with clusters (default: on; "
               "--no-name-shapes gives feature set 2 or 3)");
  cmd->add_option("--bits", args->bits, "log2 of the weight-table rows")
      ->capture_default_str()
      ->check(CLI::Range(10, 24));
  cmd->add_option("--name", args->name, "Model name; the id is <name>-<checksum prefix>")->capture_default_str();
  cmd->callback([args, exit_code] {
    try {
      *exit_code = RunTrain(*args);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "wiretag train: %s\n", e.what());
      *exit_code = 1;
    }
  });
}

}  // namespace wiretag::cli
