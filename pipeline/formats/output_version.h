#pragma once
// The version stamped on everything the process outputs: the record's
// wiretag.version, the Kafka header of the same name and wiretag_build_info.
// It is the release plus the id of the taggers' data actually loaded
// ("0.1.0+ner-en-87213c04"), which is known only once the model is read, so
// whoever loads the taggers calls SetOutputDataId() before starting any thread
// that reads OutputVersion(), and again when the stage reloads its taggers
// (SIGHUP). Until then OutputVersion() is the build's default,
// VersionString(kDataId).
// Thread-safe: a reference once returned stays valid for the process's life.

#include <string>
#include <string_view>

namespace wiretag {

// "<release>+<data id>": the one place a version string is built (records,
// headers, metrics, `wiretag version` and --version).
std::string VersionString(std::string_view data_id);

const std::string& OutputVersion();
void SetOutputDataId(std::string_view data_id);

}  // namespace wiretag
