#pragma once
// Trains the entity model: an averaged perceptron over the greedy decoder
// (greedy_decoder.h), learning from its own left-to-right decisions, so the
// previous-label and prediction-history features see at training time what
// they will see when tagging. After each epoch the averaged weights are
// quantised to int16 exactly as shipped and scored on the development set;
// the best epoch is kept.
//
// Deterministic: the same data, options and seed give identical weights.
// Memory: 2^bits rows x 17 labels x 12 bytes (bits = 19: about 107 MB).

#include <cstdint>
#include <functional>
#include <vector>

#include "pipeline/taggers/model/conll_corpus.h"
#include "pipeline/taggers/model/entity_model.h"
#include "pipeline/taggers/model/span_scores.h"

namespace wiretag::model {

struct TrainOptions {
  int epochs = 12;
  uint64_t seed = 1;
  uint32_t bits = 19;
};

struct EpochReport {
  int epoch = 0;
  uint64_t mistakes = 0;  // training tokens mislabelled during the epoch
  SpanScores dev;
  double seconds = 0;
};

struct TrainResult {
  QuantizedWeights weights;
  int best_epoch = 0;
  SpanScores best_dev;
};

// `dev` may be empty: then the last epoch is kept. `on_epoch` (optional) is
// called after each epoch.
TrainResult TrainPerceptron(const std::vector<AnnotatedDocument>& train, const std::vector<AnnotatedDocument>& dev,
                            const FeatureExtractor& extractor, const TrainOptions& options,
                            const std::function<void(const EpochReport&)>& on_epoch = {});

// Scores `weights` on `docs`.
SpanScores Evaluate(const QuantizedWeights& weights, const FeatureExtractor& extractor,
                    const std::vector<AnnotatedDocument>& docs);

}  // namespace wiretag::model
