#include "pipeline/formats/html_text.h"

#include <climits>
#include <cstdint>
#include <cstring>
#include <memory>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <utf8proc.h>

namespace wiretag {
namespace {

// Elements after which (or at whose start) a reader sees a new line.
bool IsBlock(const char* name) {
  static const char* const kBlocks[] = {"p",   "div",  "br",  "h1",    "h2",         "h3",         "h4",      "h5",
                                        "h6",  "li",   "ul",  "ol",    "tr",         "table",      "blockquote", "pre",
                                        "section", "article", "header", "footer", "hr", "dd", "dt", "dl", "figure",
                                        "figcaption"};
  for (const char* b : kBlocks)
    if (std::strcmp(name, b) == 0) return true;
  return false;
}

// Elements whose content a reader never sees. (The parser lower-cases names.)
bool IsHidden(const char* name) {
  return std::strcmp(name, "script") == 0 || std::strcmp(name, "style") == 0 || std::strcmp(name, "template") == 0;
}

// Collects text with runs of white space collapsed to one space, a pending
// line break winning over a pending space, and nothing at either end.
class TextBuilder {
 public:
  explicit TextBuilder(std::string* out) : out_(out) {}
  void Break() { pending_break_ = true; }
  // Appends the UTF-8 `text`; white space (and U+00A0, what &nbsp; decodes
  // to) becomes a pending space.
  void Text(const unsigned char* text) {
    for (const unsigned char* p = text; *p;) {
      const unsigned char c = *p;
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        pending_space_ = true;
        ++p;
      } else if (c == 0xC2 && p[1] == 0xA0) {
        pending_space_ = true;
        p += 2;
      } else {
        const unsigned char* start = p;
        while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' && *p != '\f' && !(*p == 0xC2 && p[1] == 0xA0))
          ++p;
        Flush();
        out_->append(reinterpret_cast<const char*>(start), static_cast<size_t>(p - start));
      }
    }
  }

 private:
  void Flush() {
    if (!out_->empty()) {
      if (pending_break_) out_->push_back('\n');
      else if (pending_space_) out_->push_back(' ');
    }
    pending_space_ = pending_break_ = false;
  }
  std::string* out_;
  bool pending_space_ = false, pending_break_ = false;
};

struct DocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};

void InitialiseLibxml2Once() {
  // xmlInitParser must run once before threads parse concurrently.
  static const bool initialised = [] {
    xmlInitParser();
    return true;
  }();
  (void)initialised;
}

}  // namespace

void HtmlToText(std::string_view html, std::string* out) {
  out->clear();
  if (html.empty() || html.size() > static_cast<size_t>(INT_MAX)) return;
  InitialiseLibxml2Once();
  out->reserve(html.size());
  // Recover from any markup, never print or fetch anything; the encoding is
  // fixed to UTF-8 (the input's), so a <meta charset> in a body cannot change it.
  // XML_PARSE_HUGE lifts the nesting limit of 256, past which the parser would
  // drop the rest of the body: the input's size is already bounded
  // (max_message_bytes), and neither the parser nor the walk below recurses.
  constexpr int kOptions = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                           HTML_PARSE_COMPACT | XML_PARSE_HUGE;
  std::unique_ptr<xmlDoc, DocFree> doc(
      htmlReadMemory(html.data(), static_cast<int>(html.size()), nullptr, "UTF-8", kOptions));
  if (!doc) return;
  TextBuilder text(out);
  // Depth-first over the tree without recursion (nesting depth is the input's).
  xmlNode* node = doc->children;
  while (node) {
    bool descend = false;
    if (node->type == XML_ELEMENT_NODE) {
      const char* name = reinterpret_cast<const char*>(node->name);
      if (!IsHidden(name)) {
        if (IsBlock(name)) text.Break();
        descend = node->children != nullptr;
        if (!descend && IsBlock(name)) text.Break();
      }
    } else if ((node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) && node->content) {
      text.Text(node->content);
    }
    if (descend) {
      node = node->children;
      continue;
    }
    // Next sibling, or climb, ending each block element left on the way up.
    while (node && !node->next) {
      node = node->parent;
      if (!node || node->type != XML_ELEMENT_NODE) {
        node = nullptr;
        break;
      }
      if (IsBlock(reinterpret_cast<const char*>(node->name))) text.Break();
    }
    if (node) node = node->next;
  }
}

void AppendReferencedCodePoint(uint32_t cp, std::string* out) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  utf8proc_uint8_t bytes[4];
  utf8proc_ssize_t n = utf8proc_encode_char(static_cast<utf8proc_int32_t>(cp), bytes);
  out->append(reinterpret_cast<const char*>(bytes), static_cast<size_t>(n));
}

}  // namespace wiretag
