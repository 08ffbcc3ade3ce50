// NameIndex on its own: folding, exact-only forms, order of ids, duplicates,
// and that nothing is lost when the table grows.
#include "pipeline/taggers/name_index.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace wiretag {
namespace {

using Ids = std::vector<uint32_t>;

TEST(NameIndex, FindsNamesCaseInsensitivelyInTheOrderAdded) {
  NameIndex index;
  index.Add("Paris", 7);
  index.Add("PARIS", 3);  // same name, another id: comes after
  index.Add("Málaga", 1);
  EXPECT_EQ(index.Find("paris"), (Ids{7, 3}));
  EXPECT_EQ(index.Find("MÁLAGA"), (Ids{1}));
  EXPECT_EQ(index.Find("Lyon"), Ids{});
  EXPECT_EQ(index.size(), 2u);
}

TEST(NameIndex, ShortCapitalFormsMatchOnlyAsWritten) {
  NameIndex index;
  index.Add("US", 1);
  index.Add("Us", 2);  // not an exact-only form: any case
  EXPECT_EQ(index.Find("US"), (Ids{1, 2}));
  EXPECT_EQ(index.Find("us"), (Ids{2}));
}

TEST(NameIndex, AddingTheSameNameAndIdTwiceIsANoOp) {
  NameIndex index;
  index.Add("Berlin", 4);
  index.Add("berlin", 4);
  index.Add("FL", 5);
  index.Add("FL", 5);
  EXPECT_EQ(index.Find("Berlin"), (Ids{4}));
  EXPECT_EQ(index.Find("FL"), (Ids{5}));
}

TEST(NameIndex, KeepsEveryNameAndOrderWhenTheTableGrows) {
  NameIndex index;
  for (uint32_t k = 0; k < 5000; ++k) index.Add("Name " + std::to_string(k), k);
  for (uint32_t k = 0; k < 5000; k += 2) index.Add("name " + std::to_string(k), k + 100000);
  index.Reserve(10);  // growing again later keeps everything too
  ASSERT_EQ(index.size(), 5000u);
  for (uint32_t k = 0; k < 5000; ++k) {
    const Ids want = k % 2 == 0 ? Ids{k, k + 100000} : Ids{k};
    ASSERT_EQ(index.Find("NAME " + std::to_string(k)), want) << k;
  }
}

}  // namespace
}  // namespace wiretag
