#pragma once
// Derives the readable text of an HTML body, the way a reader sees it: tags
// removed, <script>/<style> content dropped, character references decoded, runs
// of white space collapsed to one space, block elements (p, div, br, h1-h6, li,
// tr, blockquote...) ending a line. The result is what entity offsets refer to
// when a story has only an HTML body (it goes out as `wiretag.text`).
//
// The parsing is libxml2's HTML parser (htmlReadMemory, in recover mode): every
// HTML 4 named reference and numeric references are decoded (a reference to
// no character, such as &#0;, is dropped), and malformed markup never fails; it
// degrades to text. Unknown references stay as written (&nosuch;, AT&T). This
// file only walks the tree. Thread-safe. Input must be valid UTF-8; the output
// is valid UTF-8.

#include <cstdint>
#include <string>
#include <string_view>

namespace wiretag {

// Replaces *out with the text of `html`.
void HtmlToText(std::string_view html, std::string* out);

// Appends the UTF-8 of a numeric character reference's code point (&#8212;).
// A reference to nothing printable (NUL, a surrogate, past U+10FFFF) becomes
// U+FFFD, so the text stays valid UTF-8. Shared with the SGML reader of eval.
void AppendReferencedCodePoint(uint32_t code_point, std::string* out);

}  // namespace wiretag
