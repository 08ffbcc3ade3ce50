#include "pipeline/stage/log_fields.h"

namespace wiretag {
namespace {

std::vector<LogField>& ThreadFields() {
  thread_local std::vector<LogField> fields;
  return fields;
}

}  // namespace

ScopedLogFields::ScopedLogFields(std::initializer_list<LogField> fields) : outer_size_(ThreadFields().size()) {
  auto& all = ThreadFields();
  all.insert(all.end(), fields.begin(), fields.end());
}

ScopedLogFields::~ScopedLogFields() { ThreadFields().resize(outer_size_); }

const std::vector<LogField>& CurrentLogFields() { return ThreadFields(); }

}  // namespace wiretag
