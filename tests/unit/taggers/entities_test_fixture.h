#pragma once
// A small place gazetteer and agency table for the entity tests, written by the
// tests themselves, plus the shipped name lists (first names, titles, ...)
// copied from config/gazetteers/ so the rule tagger sees what users get.

#include "wiretag/build_paths.h"
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "tests/unit/taggers/places_test_fixture.h"

namespace wiretag::testing {

inline void WriteEntityTestConfig(const std::filesystem::path& config) {
  std::filesystem::path gaz = config / "gazetteers";
  std::filesystem::create_directories(gaz);
  WriteFile(gaz / "countries.tsv",
            "code\tname\taliases\n"
            "US\tUnited States\tUnited States of America|U.S.|USA|US|America\n"
            "JP\tJapan\t\n"
            "KP\tNorth Korea\tDPRK\n"
            "KR\tSouth Korea\tRepublic of Korea\n"
            "CN\tChina\t\n"
            "GU\tGuam\t\n");
  WriteFile(gaz / "regions.tsv", "code\tcountry\tname\taliases\nUS-DC\tUS\tDistrict of Columbia\tD.C.\n");
  WriteFile(gaz / "cities.tsv",
            "name\tcountry\tregion\tpopulation\taliases\n"
            "Tokyo\tJP\t\t37000000\t\n"
            "Pyongyang\tKP\t\t3000000\t\n"
            "Seoul\tKR\t\t21794000\t\n"
            "Washington\tUS\tUS-DC\t5379184\t\n"
            "Brennan\tUS\t\t1200\t\n");  // a small town: must not beat the surname
  WriteFile(gaz / "demonyms.tsv", "demonym\tcountry\nJapanese\tJP\nAmerican\tUS\nNorth Korean\tKP\n");
  for (const char* name : {"first_names.tsv", "titles.txt", "org_suffixes.txt", "org_prefixes.txt",
                           "organisations.tsv", "misc.txt", "misc_suffixes.txt", "not_names.txt",
                           "locations.txt", "common_words.txt", "loc_suffixes.txt"}) {
    std::filesystem::copy_file(std::filesystem::path(WIRETAG_SOURCE_DIR) / "config/gazetteers" / name, gaz / name,
                               std::filesystem::copy_options::overwrite_existing);
  }
  WriteTestAgencies(config / "agencies.tsv");
}

inline std::string ReadFixture(const std::string& name) {
  std::ifstream in(std::filesystem::path(WIRETAG_SOURCE_DIR) / "tests/unit/fixtures" / name, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace wiretag::testing
