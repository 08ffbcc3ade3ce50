#pragma once
// Reads the Reuters-21578 SGML files (reut2-NNN.sgm): one <REUTERS> element per
// story with <DATE>, <TITLE>, <DATELINE> and <BODY> inside. Entity references
// (&lt; &amp; &#3; ...) are decoded. This is not a general SGML parser: it
// relies on the collection's flat, regular markup, which is all it must read.
// Pure functions, thread-safe.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wiretag {

struct ReutersStory {
  std::string newid;     // NEWID attribute of <REUTERS>
  std::string date;      // <DATE> as written: "26-FEB-1987 15:01:01.79"
  std::string title;     // decoded; empty when absent
  std::string dateline;  // decoded; empty when absent
  std::string body;      // decoded; empty when absent
  bool has_dateline = false;
  bool has_body = false;
};

// Every <REUTERS> element of `sgml`, in order.
std::vector<ReutersStory> ParseReutersSgml(std::string_view sgml);

// Decodes &lt; &gt; &amp; &quot; &apos; and numeric references (&#3;, &#x3;);
// anything else is kept as written.
std::string DecodeSgmlEntities(std::string_view text);

// "26-FEB-1987 15:01:01.79" -> "1987-02-26T15:01:01Z"; nullopt when malformed.
std::optional<std::string> ReutersDateToRfc3339(std::string_view date);

}  // namespace wiretag
