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
  // A reference to nothing printable (NUL, a surrogate, past U+10FFFF) is
  // dropped by libxml2's parser: the text stays valid UTF-8.
  EXPECT_EQ(Text("a&#0;b&#xD800;c&#x110000;d"), "abcd");
}

TEST(HtmlToText, DecodesEveryNamedReferenceOfHtml4NotJustACommonFew) {
  // Once only 45 names were known: &oslash; stayed literal and "S&aelig;ther"
  // reached the taggers as markup.
  EXPECT_EQ(Text("<p>Bj&oslash;rn S&aelig;ther &Aring;se, &THORN;&oacute;ra &amp; &Ccedil;elik &hellip; &sect;3 &apos;</p>"),
            "Bjørn Sæther Åse, Þóra & Çelik … §3 '");
  EXPECT_EQ(Text("&alpha;&Omega; &rarr; &frac34; &nbsp;x"), "αΩ → ¾ x") << "&nbsp; is white space";
}

TEST(HtmlToText, AMetaCharsetCannotChangeTheEncoding) {
  EXPECT_EQ(Text("<meta charset=\"iso-8859-1\"><p>Café ø 김</p>"), "Café ø 김");
}

TEST(HtmlToText, DeepNestingNeitherFailsNorOverflowsTheStack) {
  std::string html;
  for (int i = 0; i < 100000; ++i) html += "<span>";
  html += "deep";
  EXPECT_EQ(Text(html), "deep");
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
