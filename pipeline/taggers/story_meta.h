#pragma once
// What the taggers may know about a story besides its text: the metadata fields
// of the input record that bear on the dateline's year and on the source agency.
// Plain value; every field may be empty.

#include <string>
#include <vector>

namespace wiretag {

struct StoryMeta {
  std::string versioncreated;   // RFC 3339 as in the input, or empty
  std::string firstcreated;     // RFC 3339 as in the input, or empty
  std::string headline;         // the main headline, or empty
  std::string by;               // byline field
  std::string copyrightholder;
  std::vector<std::string> infosource_names;  // infosources[].name
  std::string language;         // "en" when absent
};

}  // namespace wiretag
