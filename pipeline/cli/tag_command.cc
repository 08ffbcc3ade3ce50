// `wiretag tag [--format auto|ninjs|text] [--max-bytes N] [--config-dir DIR] [--local-lists-dir DIR] [FILE...]`:
// tags stories from files (or stdin) and writes one enriched JSON record per
// good story to stdout, in input order. A bad story gets one line on stderr
// (file, line, reason class, detail) and no record; the others go on, and the
// exit status is 2 at the end if any story failed.
//
// Input is read in large blocks and output written in large blocks: the
// command is meant to be measured as a whole (benchmarks/README.md).

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/config/config_dir.h"
#include "pipeline/cli/commands.h"
#include "pipeline/formats/message_size.h"
#include "pipeline/formats/record_processor.h"
#include "pipeline/taggers/case_fold.h"
#include "pipeline/taggers/story_tagger.h"

namespace wiretag::cli {
namespace {

constexpr size_t kReadBlock = 1 << 20;
constexpr size_t kWriteBlock = 1 << 20;

// Buffered stdout: records are appended and written in large blocks.
class RecordOutput {
 public:
  RecordOutput() { buffer_.reserve(2 * kWriteBlock); }
  bool Add(std::string_view record) {
    buffer_.append(record);
    buffer_.push_back('\n');
    return buffer_.size() < kWriteBlock || Flush();
  }
  bool Flush() {
    size_t done = 0;
    while (done < buffer_.size()) {
      ssize_t n = ::write(STDOUT_FILENO, buffer_.data() + done, buffer_.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      done += static_cast<size_t>(n);
    }
    buffer_.clear();
    return true;
  }

 private:
  std::string buffer_;
};

// One input file (or stdin) read in large blocks.
class InputFile {
 public:
  explicit InputFile(int fd) : fd_(fd) {}
  ~InputFile() {
    if (fd_ > STDIN_FILENO) ::close(fd_);
  }
  // Appends up to `max` more bytes to *buffer; returns bytes read, 0 at EOF, -1 on error.
  ssize_t ReadInto(std::string* buffer, size_t max = kReadBlock) {
    size_t old = buffer->size();
    buffer->resize(old + max);
    ssize_t n;
    do n = ::read(fd_, buffer->data() + old, max);
    while (n < 0 && errno == EINTR);
    buffer->resize(old + (n > 0 ? static_cast<size_t>(n) : 0));
    return n;
  }

 private:
  int fd_;
};

struct TagRun {
  RecordProcessor* json_processor;
  RecordProcessor* text_processor;
  RecordOutput* output;
  InputFormat format;
  size_t max_message_bytes;
  std::string record;
  bool any_failed = false;
  bool output_failed = false;

  void Fail(const std::string& name, size_t line, const char* reason, std::string_view detail) {
    any_failed = true;
    std::fprintf(stderr, "wiretag tag: %s:%zu: %s: %.*s\n", name.c_str(), line, reason,
                 static_cast<int>(detail.size()), detail.data());
  }

  void Story(RecordProcessor* processor, const std::string& name, size_t line, std::string_view text) {
    if (auto error = processor->Process(text, &record)) {
      Fail(name, line, ErrorClassName(error->kind), error->detail);
      return;
    }
    if (!output->Add(record)) output_failed = true;
  }

  // JSON Lines: `buffer` holds what was read so far (at least the first block).
  void JsonLines(InputFile& in, const std::string& name, std::string& buffer) {
    size_t begin = 0, line = 1;
    bool eof = false;
    bool skipping = false;  // inside a line longer than max_message_bytes: counted, not kept
    size_t skipped = 0;
    while (!output_failed) {
      const char* data = buffer.data();
      const void* nl = std::memchr(data + begin, '\n', buffer.size() - begin);
      if (nl == nullptr && !eof) {
        // Keep the partial line, read more.
        if (skipping) {
          skipped += buffer.size() - begin;
          buffer.clear();
        } else {
          buffer.erase(0, begin);
          if (OverMessageLimit(buffer.size(), max_message_bytes)) {
            skipping = true;
            skipped = buffer.size();
            buffer.clear();
          }
        }
        begin = 0;
        ssize_t n = in.ReadInto(&buffer);
        if (n < 0) {
          Fail(name, line, "read_error", std::strerror(errno));
          return;
        }
        eof = n == 0;
        continue;
      }
      size_t end = nl ? static_cast<size_t>(static_cast<const char*>(nl) - data) : buffer.size();
      std::string_view text(data + begin, end - begin);
      if (skipping) {
        skipped += text.size();
        Fail(name, line, ErrorClassName(ErrorClass::kTooLarge), TooLargeDetail(skipped, max_message_bytes));
        skipping = false;
      } else {
        if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
        bool blank = true;
        for (char c : text)
          if (!IsAsciiSpace(c)) { blank = false; break; }
        if (!blank) Story(json_processor, name, line, text);
      }
      if (!nl) return;  // EOF after the last line
      begin = end + 1;
      ++line;
      if (begin == buffer.size() && eof) return;
    }
  }

  // One plain-text story: the whole file.
  void WholeText(InputFile& in, const std::string& name, std::string& buffer) {
    for (;;) {
      if (OverMessageLimit(buffer.size(), max_message_bytes)) {
        // Read no further than needed to know it is too large.
        Fail(name, 1, ErrorClassName(ErrorClass::kTooLarge),
             TooLargeDetail(buffer.size(), max_message_bytes, /*at_least=*/true));
        return;
      }
      ssize_t n = in.ReadInto(&buffer);
      if (n < 0) {
        Fail(name, 1, "read_error", std::strerror(errno));
        return;
      }
      if (n == 0) break;
    }
    Story(text_processor, name, 1, buffer);
  }

  void File(const std::string& path, std::string& buffer) {
    const bool is_stdin = path == "-";
    const std::string name = is_stdin ? "<stdin>" : path;
    int fd = is_stdin ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      Fail(name, 0, "read_error", std::string("cannot open: ") + std::strerror(errno));
      return;
    }
    InputFile in(fd);
    buffer.clear();
    // Read until the first non-space byte decides the format (auto).
    size_t first = 0;
    for (;;) {
      while (first < buffer.size() && IsAsciiSpace(buffer[first])) ++first;
      if (first < buffer.size()) break;
      ssize_t n = in.ReadInto(&buffer);
      if (n < 0) {
        Fail(name, 1, "read_error", std::strerror(errno));
        return;
      }
      if (n == 0) break;
    }
    bool json = format == InputFormat::kNinjs ||
                (format == InputFormat::kAuto && first < buffer.size() && buffer[first] == '{');
    if (json) JsonLines(in, name, buffer);
    else WholeText(in, name, buffer);
  }
};

}  // namespace

void RegisterTagCommand(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand(
      "tag",
      "Tag stories (ninjs JSON Lines or plain text) and print one enriched JSON record per story.\n"
      "Bad stories are reported on stderr (file:line: reason: detail); exit status 2 if any failed.");
  struct Options {
    std::string format = "auto";
    size_t max_message_bytes = kDefaultMaxMessageBytes;
    std::string config_dir;
    std::string local_lists_dir;
    std::vector<std::string> files;
  };
  auto options = std::make_shared<Options>();
  cmd->add_option("--format", options->format,
                  "auto: JSON Lines when the first non-space byte is '{', else one plain-text story per file")
      ->check(CLI::IsMember({"auto", "ninjs", "text"}))
      ->capture_default_str();
  cmd->add_option("--max-message-bytes,--max-bytes", options->max_message_bytes,
                  "Stories larger than this are rejected (too_large); --max-bytes is its older name")
      ->capture_default_str();
  cmd->add_option("--config-dir", options->config_dir,
                  std::string("Gazetteers, agency table and models (default: ") + kConfigDirSearchOrder + ")");
  cmd->add_option("--local-lists-dir", options->local_lists_dir,
                  "The newsroom's own name lists (as tagging.local_lists_dir of `run`)");
  cmd->add_option("files", options->files, "Input files; '-' or none for stdin");
  cmd->callback([options, exit_code] {
    std::unique_ptr<StoryTagger> tagger;
    try {
      tagger = StoryTagger::Load(
          options->config_dir.empty() ? DefaultConfigDir() : std::filesystem::path(options->config_dir),
          EntityTaggerChoice::kAuto, DefaultGazetteerSnapshot(), options->local_lists_dir);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "wiretag tag: cannot load the taggers: %s\n", e.what());
      *exit_code = 1;
      return;
    }
    InputFormat format = options->format == "ninjs" ? InputFormat::kNinjs
                         : options->format == "text" ? InputFormat::kText
                                                     : InputFormat::kAuto;
    RecordProcessor json_processor(*tagger, ProcessorOptions{options->max_message_bytes, InputFormat::kNinjs});
    RecordProcessor text_processor(*tagger, ProcessorOptions{options->max_message_bytes, InputFormat::kText});
    RecordOutput output;
    TagRun run{&json_processor, &text_processor, &output, format, options->max_message_bytes, {}};
    std::vector<std::string> files = options->files;
    if (files.empty()) files.push_back("-");
    std::string buffer;
    buffer.reserve(2 * kReadBlock);
    for (const std::string& file : files) {
      run.File(file, buffer);
      if (run.output_failed) break;
    }
    if (run.output_failed || !output.Flush()) {
      std::fprintf(stderr, "wiretag tag: cannot write to stdout: %s\n", std::strerror(errno));
      *exit_code = 1;
      return;
    }
    *exit_code = run.any_failed ? 2 : 0;
  });
}

}  // namespace wiretag::cli
