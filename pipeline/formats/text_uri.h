#pragma once
// The uri wiretag gives a story that has none (plain-text input, or a JSON
// story without `uri`): "urn:wiretag:sha256:<hex of the text>", so the same text
// always gets the same uri (deterministic keys for compacted topics).
// SHA-256 comes from OpenSSL's libcrypto (EVP). Thread-safe.

#include <string>
#include <string_view>

namespace wiretag {

// Appends "urn:wiretag:sha256:" and 64 lower-case hex digits to *out.
void AppendTextUri(std::string_view text, std::string* out);

}  // namespace wiretag
