#pragma once
// A tiny gazetteer and agency table written by the tests themselves, so unit
// tests do not depend on the shipped lists (which may grow or change).

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "pipeline/taggers/agency_table.h"
#include "pipeline/taggers/place_gazetteer.h"
#include "tests/unit/temp_dir.h"

namespace wiretag::testing {

inline void WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

inline void WriteTestGazetteer(const std::filesystem::path& dir) {
  WriteFile(dir / "countries.tsv",
            "# test countries\n"
            "code\tname\taliases\n"
            "US\tUnited States\tUnited States of America|U.S.|USA|US|America\n"
            "GB\tUnited Kingdom\tBritain|Great Britain|U.K.|UK\n"
            "KR\tSouth Korea\tKorea, Republic of|S. Korea|Republic of Korea\n"
            "SG\tSingapore\t\n"
            "ID\tIndonesia\t\n"
            "NG\tNigeria\t\n"
            "BE\tBelgium\t\n"
            "HK\tHong Kong\t\n"
            "CA\tCanada\t\n"
            "DE\tGermany\tWest Germany\n"
            "JP\tJapan\t\n"
            "SA\tSaudi Arabia\t\n"
            "ES\tSpain\t\n"
            "GE\tGeorgia\t\n"
            "MX\tMexico\t\n"
            "IN\tIndia\t\n"
            "NL\tNetherlands\tHolland|The Netherlands|the Netherlands\n"
            "PR\tPuerto Rico\t\n"
            "PK\tPakistan\t\n"
            "CN\tChina\t\n"
            "AF\tAfghanistan\t\n");
  WriteFile(dir / "regions.tsv",
            "code\tcountry\tname\taliases\n"
            "US-FL\tUS\tFlorida\tFla.|FL\n"
            "US-NC\tUS\tNorth Carolina\tN.C.|NC\n"
            "US-KS\tUS\tKansas\tKan.|Kans.|KS\n"
            "US-TX\tUS\tTexas\tTex.|TX\n"
            "US-IN\tUS\tIndiana\tInd.|IN\n"
            "US-DC\tUS\tDistrict of Columbia\tD.C.|DC\n"
            "CA-ON\tCA\tOntario\tOnt.|ON\n"
            "US-NY\tUS\tNew York\tN.Y.|NY\n"
            "US-GA\tUS\tGeorgia\tGa.|GA\n"
            "US-VA\tUS\tVirginia\tVa.|VA\n"
            "US-MD\tUS\tMaryland\tMd.|MD\n"
            "IN-PB\tIN\tPunjab\t\n"
            "PK-PB\tPK\tPunjab\t\n"
            "CN-GD\tCN\tGuangdong Sheng\t\n"
            "AF-HEL\tAF\tHelmand\t\n");
  WriteFile(dir / "cities.tsv",
            "name\tcountry\tregion\tpopulation\taliases\n"
            "Washington\tUS\tUS-DC\t5379184\t\n"
            "London\tGB\t\t11262000\t\n"
            "London\tCA\tCA-ON\t422324\t\n"
            "Seoul\tKR\t\t21794000\t\n"
            "Orlando\tUS\tUS-FL\t1822394\t\n"
            "Dodge City\tUS\tUS-KS\t27104\t\n"
            "Winston-Salem\tUS\tUS-NC\t419935\t\n"
            "Brussels\tBE\t\t1743000\tBruxelles\n"
            "Abuja\tNG\t\t1235880\t\n"
            "Hong Kong\tHK\t\t7450000\t\n"
            "Jakarta\tID\t\t33756000\t\n"
            "Paris\tUS\tUS-TX\t24171\t\n"
            "Paris\tFR\t\t11060000\t\n"
            "New York\tUS\tUS-NY\t18908608\t\n"
            "St. Louis\tUS\t\t2024074\t\n"
            "Dar es Salaam\tTZ\t\t7404689\t\n"
            "Málaga\tES\t\t592346\tMalaga\n"
            "Obama\tJP\t\t29000\t\n"
            "Tbilisi\tGE\t\t1118035\t\n"
            "Atlanta\tUS\tUS-GA\t5180179\t\n"
            "Mexico City\tMX\t\t21804000\t\n"
            "New Delhi\tIN\t\t249998\t\n"
            "Richmond\tUS\tUS-VA\t1000000\t\n"
            "Tokyo\tJP\t\t37732000\t\n"
            "The Hague\tNL\t\t1406000\tDen Haag\n"
            "Amsterdam\tNL\t\t1031000\t\n"
            "San Juan\tPR\t\t2478905\t\n"
            "Coral Gables\tUS\tUS-FL\t49700\t\n"
            "Lahore\tPK\tPK-PB\t13004135\t\n"
            "Guangzhou\tCN\tCN-GD\t13858700\t\n");
  WriteFile(dir / "demonyms.tsv",
            "demonym\tcountry\n"
            "American\tUS\n"
            "South Korean\tKR\n"
            "British\tGB\n");
}

// geonames/admin1.tsv: the English names of a few first-level divisions
// (the shipped list covers every country; build_admin1.py).
inline void WriteTestDivisions(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir / "geonames");
  WriteFile(dir / "geonames" / "admin1.tsv",
            "# test divisions\n"
            "code\tgeonameid\tname\tcountry\tadmin1\tpopulation\tlat\tlon\taliases\n"
            "AF-HEL\t1140043\tHelmand\tAF\t10\t900000\t31.00000\t64.00000\tHelmand Province\n"
            "AF-KAN\t1138335\tKandahar\tAF\t23\t523300\t31.62057\t65.71576\tKandahar Province\n"
            "CN-GD\t1809935\tGuangdong\tCN\t30\t90000000\t23.13577\t113.19827\tGuangdong Sheng|Guangdong Province\n"
            "IN-PB\t1259223\tPunjab\tIN\t23\t10514831\t30.92932\t75.50048\t\n"
            "PK-PB\t1167710\tPunjab\tPK\t04\t50643365\t31.00000\t72.00000\tPunjab Province\n"
            "US-FL\t4155751\tFlorida\tUS\tFL\t15005619\t27.75677\t-81.46398\t\n"
            "UY-FD\t3442584\tFlorida\tUY\t07\t42601\t-33.83333\t-55.91667\tFlorida Department\n"
            "JM-09\t3490145\tHanover\tJM\t02\t17714\t18.38507\t-78.13099\tHanover Parish\n"
            "CA-NL\t6354959\tNewfoundland and Labrador\tCA\t05\t301240\t53.82173\t-61.22955\tNL\n"
            "RU-MOW\t524894\tMoscow\tRU\t48\t18398433\t55.62558\t37.60639\tMoskva\n");
}

inline void WriteTestAgencies(const std::filesystem::path& path) {
  WriteFile(path,
            "# test agencies\n"
            "name\tcode\tcountry\taliases\n"
            "Associated Press\tAP\tUS\t~AP|Associated Press|The Associated Press\n"
            "Reuters\tRTRS\tGB\tReuters|~Reuter|Thomson Reuters\n"
            "Yonhap\tYNA\tKR\tYonhap|Yonhap News Agency\n"
            "dpa\tDPA\tDE\tdpa|Deutsche Presse-Agentur\n"
            "Dow Jones\tDJ\tUS\t~Dow Jones|Dow Jones Newswires\n"
            "Antara\tANT\tID\tAntara\n"
            "Canadian Press\tCP\tCA\t~CP|Canadian Press|The Canadian Press\n"
            "Bloomberg\tBN\tUS\t~Bloomberg|Bloomberg News\n"
            "Agence France-Presse\tAFP\tFR\tAFP|Agence France-Presse|Agence France Presse\n"
            "Press Association\tPA\tGB\t~PA|PA Media|Press Association\n"
            "United News of India\tUNI\tIN\t~UNI|United News of India\n");
}

struct TestPlaces {
  TempDir dir;
  std::unique_ptr<PlaceGazetteer> places;
  std::unique_ptr<AgencyTable> agencies;
  TestPlaces() {
    WriteTestGazetteer(dir.path());
    WriteTestAgencies(dir.path() / "agencies.tsv");
    places = PlaceGazetteer::Load(dir.path());
    agencies = AgencyTable::Load(dir.path() / "agencies.tsv");
  }
};

}  // namespace wiretag::testing
