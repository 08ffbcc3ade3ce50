#pragma once
// AppendJsonString writes a JSON string literal, quotes included, exactly as
// rapidjson's Writer (UTF-8 in and out, no validation) writes it: '"' and
// '\\' escaped, the control bytes \b \f \n \r \t by name and the others as
// \u00XX (upper-case hex), every other byte, UTF-8 or not, as it is. It exists
// for speed: rapidjson puts a string out byte by byte through its stream,
// one std::string::push_back each, where this appends each run of bytes that
// needs no escape at once. Pure function, thread-safe.

#include <string>
#include <string_view>

namespace wiretag {

void AppendJsonString(std::string_view s, std::string* out);

}  // namespace wiretag
