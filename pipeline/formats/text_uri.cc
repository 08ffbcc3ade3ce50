#include "pipeline/formats/text_uri.h"

#include <openssl/evp.h>

#include <stdexcept>

namespace wiretag {

void AppendTextUri(std::string_view text, std::string* out) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed (OpenSSL EVP_Digest)");
  static constexpr char kHex[] = "0123456789abcdef";
  out->append("urn:wiretag:sha256:");
  for (unsigned int i = 0; i < length; ++i) {
    out->push_back(kHex[digest[i] >> 4]);
    out->push_back(kHex[digest[i] & 0xF]);
  }
}

}  // namespace wiretag
