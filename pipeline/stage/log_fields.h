#pragma once
// Structured fields for log lines. While a ScopedLogFields lives, the log
// lines its thread writes carry its key/value pairs: the json log format
// (pipeline/cli/logging.cc) writes them as keys of the line's object beside
// ts, level and msg ({"ts":…,"level":"warn","msg":…,"partition":3,"offset":812,…}),
// so a log shipper can filter on them; the text format leaves them out, since
// the message says the same for a human. Scopes nest: an inner scope adds its
// fields after the outer scope's.
//
// Thread safety: the fields are thread-local. A log call sees the fields of the
// thread that makes it, which is the thread that formats the line: wiretag's
// loggers are synchronous.

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace wiretag {

struct LogField {
  std::string key;
  std::variant<std::string, int64_t> value;  // a JSON string or a JSON integer
};

class ScopedLogFields {
 public:
  explicit ScopedLogFields(std::initializer_list<LogField> fields);
  ~ScopedLogFields();
  ScopedLogFields(const ScopedLogFields&) = delete;
  ScopedLogFields& operator=(const ScopedLogFields&) = delete;

 private:
  size_t outer_size_;  // the fields that were there before this scope
};

// The calling thread's fields, outermost scope first.
const std::vector<LogField>& CurrentLogFields();

}  // namespace wiretag
