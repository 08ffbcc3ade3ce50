#include "pipeline/stage/log_fields.h"

namespace wiretag {
namespace {

thread_local std::vector<LogField> t_fields;  // the calling thread's, outermost scope first

}  // namespace

ScopedLogFields::ScopedLogFields(std::initializer_list<LogField> fields) : outer_size_(t_fields.size()) {
  t_fields.insert(t_fields.end(), fields.begin(), fields.end());
}

ScopedLogFields::~ScopedLogFields() { t_fields.resize(outer_size_); }

const std::vector<LogField>& CurrentLogFields() { return t_fields; }

}  // namespace wiretag
