#include "pipeline/formats/html_text.h"

#include <gtest/gtest.h>

#include "pipeline/formats/code_point_offsets.h"

namespace wiretag {
namespace {

std::string Text(std::string_view html) {
  std::string out;
  HtmlToText(html, &out);
  return out;
}

TEST(HtmlToText, BlockElementsEndLinesAndInlineOnesDoNot) {
  EXPECT_EQ(Text("<p>One <b>bold</b> word.</p><p>Two</p>"), "One bold word.\nTwo");
  EXPECT_EQ(Text("<h1>Title</h1>Line<br>Next<li>item</li>"), "Title\nLine\nNext\nitem");
}

TEST(HtmlToText, CollapsesWhiteSpaceAndTrimsTheEnds) {
  EXPECT_EQ(Text("  \n<div>\n  a \t b  </div>\n "), "a b");
}

TEST(HtmlToText, DropsCommentsScriptsAndStyles) {
  EXPECT_EQ(Text("a<!-- x > y -->b<script>if (a < b) {}</script>c<STYLE>p{}</STYLE>d"), "abcd");
}

TEST(HtmlToText, DecodesReferencesAndKeepsUnknownOnes) {
  EXPECT_EQ(Text("&lt;a&gt; &amp; &quot;q&quot; &#233; &#xE9; &mdash; &nosuch; AT&T"),
            "<a> & \"q\" é é — &nosuch; AT&T");
  EXPECT_EQ(Text("&#0;&#xD800;&#x110000;"), "\uFFFD\uFFFD\uFFFD");
}

TEST(HtmlToText, QuotedAttributesMayHoldAngleBrackets) {
  EXPECT_EQ(Text("<a title=\"1 > 0\" href='x'>link</a> after"), "link after");
}

TEST(HtmlToText, MalformedMarkupDegradesToText) {
  EXPECT_EQ(Text("a < b and <unclosed"), "a < b and");
  EXPECT_EQ(Text("<p>Café"), "Café");
}

TEST(CodePointOffsets, CountsCodePointsBeforeEachByteOffset) {
  std::string text = "aé김😀b";  // 1 + 2 + 3 + 4 + 1 bytes
  CodePointOffsets offsets;
  offsets.Reset(text);
  for (uint32_t b : {11u, 0u, 1u, 3u, 6u, 10u, 3u}) offsets.Add(b);
  offsets.Resolve();
  EXPECT_EQ(offsets.CodePoints(0), 0u);
  EXPECT_EQ(offsets.CodePoints(1), 1u);
  EXPECT_EQ(offsets.CodePoints(3), 2u);
  EXPECT_EQ(offsets.CodePoints(6), 3u);
  EXPECT_EQ(offsets.CodePoints(10), 4u);
  EXPECT_EQ(offsets.CodePoints(11), 5u);
}

TEST(CodePointOffsets, AnOffsetInsideASequenceCountsTheCodePointsStartedBeforeIt) {
  std::string text = "é";
  CodePointOffsets offsets;
  offsets.Reset(text);
  offsets.Add(1);
  offsets.Resolve();
  EXPECT_EQ(offsets.CodePoints(1), 1u);
}

}  // namespace
}  // namespace wiretag
