#include "pipeline/stage/replay_checkpoint.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace wiretag {
namespace {

// Line-oriented text so an operator can read (and, in an emergency, edit) it:
//   wiretag-replay-checkpoint 1
//   input wire.raw
//   from beginning
//   to end
//   partition 0 from 0 to 1200 next 640
constexpr const char* kMagic = "wiretag-replay-checkpoint 1";

[[noreturn]] void IoError(const std::string& what, const std::filesystem::path& file) {
  throw std::runtime_error(what + " " + file.string() + ": " + std::strerror(errno));
}

void WriteAll(int fd, const std::string& data, const std::filesystem::path& file) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) IoError("cannot write checkpoint", file);
    done += static_cast<size_t>(n);
  }
}

}  // namespace

bool ReplayCheckpoint::Complete() const {
  for (const auto& [p, progress] : partitions)
    if (progress.next < progress.to) return false;
  return true;
}

void ReplayCheckpoint::Save(const std::filesystem::path& file) const {
  std::ostringstream text;
  text << kMagic << "\ninput " << input << "\nfrom " << from_spec << "\nto " << to_spec << "\n";
  for (const auto& [p, progress] : partitions)
    text << "partition " << p << " from " << progress.from << " to " << progress.to << " next "
         << progress.next << "\n";

  std::filesystem::path tmp = file;
  tmp += ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) IoError("cannot create checkpoint", tmp);
  try {
    WriteAll(fd, text.str(), tmp);
    if (::fsync(fd) != 0) IoError("cannot fsync checkpoint", tmp);
  } catch (...) {
    ::close(fd);
    throw;
  }
  if (::close(fd) != 0) IoError("cannot close checkpoint", tmp);
  if (::rename(tmp.c_str(), file.c_str()) != 0) IoError("cannot rename checkpoint onto", file);
  // The rename itself is durable only once the directory is synced.
  std::filesystem::path dir = file.has_parent_path() ? file.parent_path() : ".";
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

std::optional<ReplayCheckpoint> ReplayCheckpoint::Load(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) {
    if (!std::filesystem::exists(file)) return std::nullopt;
    IoError("cannot read checkpoint", file);
  }
  ReplayCheckpoint cp;
  std::string line;
  int line_no = 0;
  auto fail = [&](const std::string& why) -> void {
    throw std::runtime_error("checkpoint " + file.string() + " line " + std::to_string(line_no) + ": " +
                             why);
  };
  bool have_input = false, have_from = false, have_to = false;
  while (std::getline(in, line)) {
    ++line_no;
    if (line_no == 1) {
      if (line != kMagic) fail("not a wiretag replay checkpoint (expected '" + std::string(kMagic) + "')");
      continue;
    }
    if (line.empty()) continue;
    size_t space = line.find(' ');
    std::string word = line.substr(0, space);
    std::string rest = space == std::string::npos ? "" : line.substr(space + 1);
    if (word == "input") {
      cp.input = rest, have_input = true;
    } else if (word == "from") {
      cp.from_spec = rest, have_from = true;
    } else if (word == "to") {
      cp.to_spec = rest, have_to = true;
    } else if (word == "partition") {
      std::istringstream fields(rest);
      int32_t p;
      std::string k1, k2, k3, extra;
      ReplayPartitionProgress pr;
      if (!(fields >> p >> k1 >> pr.from >> k2 >> pr.to >> k3 >> pr.next) || k1 != "from" || k2 != "to" ||
          k3 != "next" || (fields >> extra))
        fail("expected 'partition P from O to O next O'");
      if (p < 0 || pr.from < 0 || pr.from > pr.to || pr.next < pr.from || pr.next > pr.to)
        fail("offsets out of order (need 0 <= from <= next <= to)");
      if (!cp.partitions.emplace(p, pr).second) fail("partition " + std::to_string(p) + " listed twice");
    } else {
      fail("unknown entry '" + word + "'");
    }
  }
  if (line_no == 0) fail("empty file");
  if (!have_input || !have_from || !have_to || cp.partitions.empty())
    fail("incomplete (needs input, from, to and at least one partition)");
  return cp;
}

}  // namespace wiretag
