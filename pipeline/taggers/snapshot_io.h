#pragma once
// SnapshotWriter and SnapshotReader carry loaded tables to a file and back
// (see gazetteer_snapshot.h): plain values, strings and vectors of trivially
// copyable structs, each vector as its element count and its bytes, so that
// reading one back is one bounds check and one copy rather than a rebuild.
//
// The bytes are in this machine's layout and only meant to be read back by
// the same build; the snapshot file records what build made it.
// SnapshotReader never reads past its input: a short or malformed input makes
// it throw SnapshotError. Neither class is thread-safe.

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace wiretag {

class SnapshotError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class SnapshotWriter {
 public:
  template <typename T>
  void Value(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    out_.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void String(std::string_view s) {
    Value<uint64_t>(s.size());
    out_.append(s);
  }
  template <typename T, typename Alloc>
  void Vector(const std::vector<T, Alloc>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    Value<uint64_t>(v.size());
    if (!v.empty()) out_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }
  const std::string& bytes() const { return out_; }

 private:
  std::string out_;
};

class SnapshotReader {
 public:
  explicit SnapshotReader(std::string_view bytes) : bytes_(bytes) {}

  template <typename T>
  T Value() {
    static_assert(std::is_trivially_copyable_v<T>);
    T v;
    std::memcpy(&v, Take(sizeof v), sizeof v);
    return v;
  }
  std::string_view String() {
    const uint64_t n = Value<uint64_t>();
    if (n > remaining()) throw SnapshotError("truncated");
    return std::string_view(Take(n), n);
  }
  template <typename T, typename Alloc>
  void Vector(std::vector<T, Alloc>* v) {
    static_assert(std::is_trivially_copyable_v<T>);
    const uint64_t n = Value<uint64_t>();
    if (n > remaining() / sizeof(T)) throw SnapshotError("truncated");
    v->resize(n);
    if (n) std::memcpy(v->data(), Take(n * sizeof(T)), n * sizeof(T));
  }
  size_t remaining() const { return bytes_.size() - pos_; }

 private:
  const char* Take(size_t n) {
    if (n > remaining()) throw SnapshotError("truncated");
    const char* p = bytes_.data() + pos_;
    pos_ += n;
    return p;
  }
  std::string_view bytes_;
  size_t pos_ = 0;
};

// A 64-bit hash of `bytes` for telling files apart and catching damage, at
// several bytes per cycle (four independent lanes of 8-byte words). Not
// cryptographic, and fixed: the same bytes give the same value everywhere.
uint64_t ContentHash(std::string_view bytes, uint64_t seed = 0);

}  // namespace wiretag
