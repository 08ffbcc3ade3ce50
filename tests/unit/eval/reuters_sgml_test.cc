#include "pipeline/eval/reuters_sgml.h"

#include <gtest/gtest.h>

namespace wiretag {
namespace {

// Two stories in the collection's markup, written for this test.
constexpr std::string_view kSgml =
    "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n"
    "<REUTERS TOPICS=\"YES\" NEWID=\"7\">\n"
    "<DATE> 5-MAR-1987 09:12:30.11</DATE>\n"
    "<TEXT>&#2;\n<TITLE>WIDGET MAKER &lt;WDG> RAISES DIVIDEND</TITLE>\n"
    "<DATELINE>    TOLEDO, Ohio, March 5 - </DATELINE><BODY>Widget Corp &amp; Co said it\n"
    "raised its quarterly dividend.\n Reuter\n&#3;</BODY></TEXT>\n</REUTERS>\n"
    "<REUTERS NEWID=\"8\">\n<DATE>26-FEB-1987 15:01:01.79</DATE>\n"
    "<TEXT TYPE=\"BRIEF\">&#2;\n<TITLE>NO DATELINE HERE</TITLE>\n&#3;</TEXT>\n</REUTERS>\n";

TEST(ReutersSgml, ParsesStoriesAndDecodesEntities) {
  auto stories = ParseReutersSgml(kSgml);
  ASSERT_EQ(stories.size(), 2u);
  EXPECT_EQ(stories[0].newid, "7");
  EXPECT_EQ(stories[0].date, " 5-MAR-1987 09:12:30.11");
  EXPECT_EQ(stories[0].title, "WIDGET MAKER <WDG> RAISES DIVIDEND");
  EXPECT_TRUE(stories[0].has_dateline);
  EXPECT_EQ(stories[0].dateline, "    TOLEDO, Ohio, March 5 - ");
  EXPECT_TRUE(stories[0].has_body);
  EXPECT_EQ(stories[0].body, "Widget Corp & Co said it\nraised its quarterly dividend.\n Reuter\n\x03");
  EXPECT_EQ(stories[1].newid, "8");
  EXPECT_FALSE(stories[1].has_dateline);
  EXPECT_FALSE(stories[1].has_body);
}

TEST(ReutersSgml, DecodesNamedAndNumericReferencesOnly) {
  EXPECT_EQ(DecodeSgmlEntities("a &lt;b&gt; &amp;&quot;&apos; &#65;&#x42; &nbsp; &#0; & x"),
            "a <b> &\"' AB &nbsp; &#0; & x");
}

TEST(ReutersSgml, DateToRfc3339) {
  EXPECT_EQ(ReutersDateToRfc3339("26-FEB-1987 15:01:01.79"), "1987-02-26T15:01:01Z");
  EXPECT_EQ(ReutersDateToRfc3339(" 5-MAR-1987 09:12:30.11"), "1987-03-05T09:12:30Z");
  EXPECT_EQ(ReutersDateToRfc3339("5-MAR-1987  09:12:30.11"), "1987-03-05T09:12:30Z");
  EXPECT_FALSE(ReutersDateToRfc3339("yesterday"));
  EXPECT_FALSE(ReutersDateToRfc3339("26-XYZ-1987 15:01:01"));
}

}  // namespace
}  // namespace wiretag
