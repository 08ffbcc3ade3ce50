#include "pipeline/taggers/model/perceptron_trainer.h"

#include <chrono>
#include <cmath>
#include <random>
#include <string_view>

#include "pipeline/taggers/model/greedy_decoder.h"

namespace wiretag::model {

namespace {

DocumentFeatures ExtractDocument(const FeatureExtractor& extractor, const AnnotatedDocument& doc) {
  std::vector<std::string_view> tokens(doc.tokens.begin(), doc.tokens.end());
  DocumentFeatures f;
  extractor.Extract(DocumentView{tokens, doc.sentence_start}, &f);
  return f;
}

// Averaged perceptron weights with the lazy-averaging trick: the average is
// w - total / clock, where total accumulates clock * update.
struct TrainingWeights {
  explicit TrainingWeights(uint32_t bits)
      : bits(bits), w(static_cast<size_t>(kNumLabels) << bits, 0.f), total(w.size(), 0.0) {}
  uint32_t bits;
  std::vector<float> w;
  std::vector<double> total;
  uint64_t clock = 1;
  uint32_t mask() const { return (1u << bits) - 1; }
  void Update(uint32_t id, uint8_t label, float delta) {
    const size_t k = static_cast<size_t>(id & mask()) * kNumLabels + label;
    w[k] += delta;
    total[k] += static_cast<double>(clock) * delta;
  }
  QuantizedWeights Quantize() const {
    QuantizedWeights q;
    q.bits = bits;
    std::vector<float> avg(w.size());
    float max_abs = 0;
    for (size_t k = 0; k < w.size(); ++k) {
      avg[k] = static_cast<float>(w[k] - total[k] / static_cast<double>(clock));
      max_abs = std::max(max_abs, std::fabs(avg[k]));
    }
    q.scale = max_abs > 0 ? 32767.f / max_abs : 1.f;
    q.values.resize(w.size());
    for (size_t k = 0; k < w.size(); ++k)
      q.values[k] = static_cast<int16_t>(std::lrint(avg[k] * q.scale));
    return q;
  }
};

// Fisher-Yates with a fixed generator, so the order does not depend on the
// standard library's shuffle.
void Shuffle(std::vector<size_t>* order, std::mt19937_64* rng) {
  for (size_t i = order->size(); i > 1; --i) {
    const size_t j = static_cast<size_t>((*rng)() % i);
    std::swap((*order)[i - 1], (*order)[j]);
  }
}

}  // namespace

SpanScores Evaluate(const QuantizedWeights& weights, const FeatureExtractor& extractor,
                    const std::vector<AnnotatedDocument>& docs) {
  SpanScores scores;
  PredictionHistory history;
  std::vector<uint8_t> labels;
  for (const auto& doc : docs) {
    const DocumentFeatures f = ExtractDocument(extractor, doc);
    labels.assign(doc.tokens.size(), 0);
    if (!labels.empty())
      DecodeQuantized(weights.values.data(), weights.mask(), f, &history, labels.data());
    scores.Add(doc.gold, LabelsToSpans(labels));
  }
  return scores;
}

TrainResult TrainPerceptron(const std::vector<AnnotatedDocument>& train, const std::vector<AnnotatedDocument>& dev,
                            const FeatureExtractor& extractor, const TrainOptions& options,
                            const std::function<void(const EpochReport&)>& on_epoch) {
  std::vector<DocumentFeatures> features;
  std::vector<std::vector<uint8_t>> gold;
  features.reserve(train.size());
  for (const auto& doc : train) {
    features.push_back(ExtractDocument(extractor, doc));
    gold.push_back(SpansToLabels(doc.gold, doc.tokens.size()));
  }
  TrainingWeights weights(options.bits);
  std::mt19937_64 rng(options.seed);
  std::vector<size_t> order(train.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  PredictionHistory history;
  std::vector<uint8_t> labels;
  TrainResult result;
  double best_f1 = -1;
  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    const auto started = std::chrono::steady_clock::now();
    Shuffle(&order, &rng);
    EpochReport report;
    report.epoch = epoch;
    for (size_t d : order) {
      const auto& f = features[d];
      const auto& g = gold[d];
      if (g.empty()) continue;
      labels.assign(g.size(), 0);
      auto hook = [&](size_t i, std::span<const uint32_t> ids, std::span<const uint32_t> dyn, uint8_t pred) {
        if (pred != g[i]) {
          ++report.mistakes;
          for (uint32_t id : ids) {
            weights.Update(id, g[i], 1.f);
            weights.Update(id, pred, -1.f);
          }
          for (uint32_t id : dyn) {
            weights.Update(id, g[i], 1.f);
            weights.Update(id, pred, -1.f);
          }
        }
        ++weights.clock;
        return pred;
      };
      DecodeGreedy<float, float>(weights.w.data(), weights.mask(), f, &history, labels.data(), hook);
    }
    QuantizedWeights q = weights.Quantize();
    if (!dev.empty()) report.dev = Evaluate(q, extractor, dev);
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (on_epoch) on_epoch(report);
    const double f1 = dev.empty() ? epoch : report.dev.overall.F1();
    if (f1 > best_f1) {
      best_f1 = f1;
      result.weights = std::move(q);
      result.best_epoch = epoch;
      result.best_dev = report.dev;
    }
  }
  return result;
}

}  // namespace wiretag::model
