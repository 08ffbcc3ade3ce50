#include "pipeline/taggers/list_lines.h"

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace wiretag {
namespace {

std::vector<std::pair<size_t, std::string>> AllLines(std::string_view text) {
  std::vector<std::pair<size_t, std::string>> out;
  ListLines lines(text);
  for (std::string_view line; lines.Next(&line);) out.emplace_back(lines.line_number(), std::string(line));
  return out;
}

TEST(ListLines, SkipsBlankAndCommentLinesAndKeepsTheNumbersOfTheRest) {
  EXPECT_EQ(AllLines("# header comment\nalpha\r\n\n beta\t2\n#x\ngamma"),
            (std::vector<std::pair<size_t, std::string>>{{2, "alpha"}, {4, " beta\t2"}, {6, "gamma"}}));
}

TEST(ListLines, EmptyTextAndOnlyCommentsGiveNoLines) {
  EXPECT_TRUE(AllLines("").empty());
  EXPECT_TRUE(AllLines("#a\n\r\n\n#b\n").empty());
}

}  // namespace
}  // namespace wiretag
