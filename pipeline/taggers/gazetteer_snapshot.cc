#include "pipeline/taggers/gazetteer_snapshot.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <functional>
#include <stdexcept>

#include "pipeline/taggers/model/feature_hash.h"
#include "pipeline/taggers/read_whole_file.h"
#include "wiretag/version.h"

namespace wiretag {

namespace {

constexpr char kMagic[8] = {'W', 'T', 'A', 'G', 'G', 'A', 'Z', '1'};

// Values of the hash functions the saved tables are addressed by: a build
// whose hashing differs would probe them in the wrong places.
uint64_t HashWitness() {
  constexpr std::string_view kProbe = "wiretag gazetteer snapshot";
  return model::HashBytes(kProbe) ^ (std::hash<std::string_view>{}(kProbe) * 0x9E3779B97F4A7C15ULL);
}

// The snapshot's bytes, mapped rather than read: restoring copies them once,
// into the tables, instead of first into a zero-filled buffer.
class MappedFile {
 public:
  explicit MappedFile(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw std::runtime_error("cannot open");
    struct stat st {};
    if (::fstat(fd, &st) == 0 && st.st_size > 0) {
      size_ = static_cast<size_t>(st.st_size);
      void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
      data_ = p == MAP_FAILED ? nullptr : static_cast<const char*>(p);
    }
    ::close(fd);
    if (!data_) throw std::runtime_error("cannot read");
    ::madvise(const_cast<char*>(data_), size_, MADV_WILLNEED);
  }
  ~MappedFile() { ::munmap(const_cast<char*>(data_), size_); }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  std::string_view bytes() const { return {data_, size_}; }

 private:
  const char* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace

CompiledGazetteers BuildGazetteers(const std::filesystem::path& gazetteer_dir) {
  CompiledGazetteers g;
  g.places = PlaceGazetteer::Load(gazetteer_dir);
  g.lists = model::GazetteerLists::LoadDirectory(gazetteer_dir);
  g.geonames = GeoNamesTable::Load(gazetteer_dir);
  g.words = WordLists::Load(gazetteer_dir);
  return g;
}

uint64_t GazetteerFingerprint(const std::filesystem::path& gazetteer_dir) {
  uint64_t h = 0;
  for (const auto& file : model::GazetteerLists::ListFiles(gazetteer_dir)) {
    h = ContentHash(file.filename().string(), h);
    h = ContentHash(ReadWholeFile(file), h);
  }
  for (const auto& file : WordLists::OverrideFiles(gazetteer_dir)) {
    h = ContentHash("overrides/" + file.filename().string(), h);
    h = ContentHash(ReadWholeFile(file), h);
  }
  for (const auto& file : GeoNamesTable::ListFiles(gazetteer_dir)) {
    h = ContentHash("geonames/" + file.filename().string(), h);
    h = ContentHash(ReadWholeFile(file), h);
  }
  return h;
}

void WriteGazetteerSnapshot(const std::filesystem::path& gazetteer_dir, const std::filesystem::path& file) {
  const uint64_t fingerprint = GazetteerFingerprint(gazetteer_dir);
  const CompiledGazetteers g = BuildGazetteers(gazetteer_dir);
  SnapshotWriter payload;
  g.places->Save(&payload);
  g.lists.Save(&payload);
  g.geonames->Save(&payload);
  g.words->Save(&payload);
  SnapshotWriter out;
  for (char c : kMagic) out.Value(c);
  out.Value(kGazetteerSnapshotFormat);
  out.String(kSemver);
  out.Value(HashWitness());
  out.Value(fingerprint);
  out.String(payload.bytes());
  out.Value(ContentHash(payload.bytes()));
  const std::filesystem::path temp = file.string() + ".tmp";
  {
    std::ofstream f(temp, std::ios::binary | std::ios::trunc);
    f.write(out.bytes().data(), static_cast<std::streamsize>(out.bytes().size()));
    f.close();
    if (!f) throw std::runtime_error(temp.string() + ": cannot write the gazetteer snapshot");
  }
  std::error_code ec;
  std::filesystem::rename(temp, file, ec);
  if (ec) {
    std::filesystem::remove(temp, ec);
    throw std::runtime_error(file.string() + ": cannot write the gazetteer snapshot");
  }
}

std::optional<CompiledGazetteers> ReadGazetteerSnapshot(const std::filesystem::path& file,
                                                        const std::filesystem::path& gazetteer_dir,
                                                        std::string* why) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    *why = "no snapshot at " + file.string();
    return std::nullopt;
  }
  try {
    const MappedFile mapped(file);
    SnapshotReader in(mapped.bytes());
    for (char c : kMagic)
      if (in.Value<char>() != c) throw SnapshotError("not a gazetteer snapshot");
    if (in.Value<uint32_t>() != kGazetteerSnapshotFormat) throw SnapshotError("another snapshot format");
    if (in.String() != kSemver) throw SnapshotError("written by another wiretag version");
    if (in.Value<uint64_t>() != HashWitness()) throw SnapshotError("written by a build that hashes differently");
    if (in.Value<uint64_t>() != GazetteerFingerprint(gazetteer_dir))
      throw SnapshotError("made from other lists than those in " + gazetteer_dir.string());
    const std::string_view payload = in.String();
    if (in.Value<uint64_t>() != ContentHash(payload)) throw SnapshotError("checksum mismatch: the file is damaged");
    if (in.remaining() != 0) throw SnapshotError("trailing bytes");
    SnapshotReader body(payload);
    CompiledGazetteers g;
    g.places = PlaceGazetteer::Restore(&body);
    g.lists = model::GazetteerLists::Restore(&body);
    g.geonames = GeoNamesTable::Restore(&body);
    g.words = WordLists::Restore(&body, gazetteer_dir);
    if (body.remaining() != 0) throw SnapshotError("trailing bytes");
    return g;
  } catch (const std::exception& e) {
    *why = file.string() + ": " + e.what();
    return std::nullopt;
  }
}

}  // namespace wiretag
