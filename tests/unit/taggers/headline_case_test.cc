#include "pipeline/taggers/headline_case.h"

#include <gtest/gtest.h>

#include "pipeline/taggers/place_gazetteer.h"
#include "pipeline/taggers/entity_corrections.h"
#include "tests/unit/taggers/entities_test_fixture.h"

namespace wiretag {
namespace {

class HeadlineCaseTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir;
    testing::WriteEntityTestConfig(dir_->path());
    places_ = PlaceGazetteer::Load(dir_->path() / "gazetteers").release();
    corrections_ = EntityCorrections::Load(dir_->path() / "gazetteers", *places_).release();
  }
  static void TearDownTestSuite() {
    delete corrections_;
    delete places_;
    delete dir_;
  }

  // The sentence-case copy, or "-" when the headline is left as it is.
  static std::string Cased(std::string_view headline) {
    std::vector<Token> tokens;
    Tokenize(headline, &tokens);
    auto cased = SentenceCasedHeadline(headline, tokens, *corrections_, *places_);
    if (cased) EXPECT_EQ(cased->size(), headline.size());
    return cased ? *cased : "-";
  }

  static inline testing::TempDir* dir_ = nullptr;
  static inline PlaceGazetteer* places_ = nullptr;
  static inline EntityCorrections* corrections_ = nullptr;
};

TEST_F(HeadlineCaseTest, LowersTheCommonWordsOfATitleCaseHeadline) {
  EXPECT_EQ(Cased("Odyssey Warns of Weak Quarter, CEO Quits"), "Odyssey warns of weak quarter, CEO quits");
  EXPECT_EQ(Cased("Stocks Edge Higher As Oil Prices Retreat"), "Stocks edge higher as oil prices retreat");
}

TEST_F(HeadlineCaseTest, KeepsPlacesNationalitiesGivenNamesAndOrganisationWords) {
  EXPECT_EQ(Cased("Japanese Exporters Lift Tokyo Shares"), "Japanese exporters lift Tokyo shares");
  EXPECT_EQ(Cased("Seahawks Looking at Acquiring Jerry Rice"), "Seahawks looking at acquiring Jerry Rice");
  EXPECT_EQ(Cased("Deutsche Bank Defends Role in Collapse"), "Deutsche Bank defends role in collapse");
  EXPECT_EQ(Cased("Japan Warns United States on Trade"), "Japan warns United States on trade");
}

TEST_F(HeadlineCaseTest, LeavesSentenceCaseAndShortHeadlinesAlone) {
  EXPECT_EQ(Cased("Google puts desktop search privacy up front"), "-");
  EXPECT_EQ(Cased("Ministers meet in Seoul"), "-");
  EXPECT_EQ(Cased("Bono at Apple Promo"), "-");  // fewer than three long words
  EXPECT_EQ(Cased("INTEL CUTS FORECAST AGAIN"), "-");  // capitals: no common word to lower
}

}  // namespace
}  // namespace wiretag
