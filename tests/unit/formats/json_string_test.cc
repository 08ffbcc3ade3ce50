#include "pipeline/formats/json_string.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <gtest/gtest.h>

#include <string>

namespace wiretag {
namespace {

std::string RapidJsonString(std::string_view s) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string Ours(std::string_view s) {
  std::string out = "prefix";
  AppendJsonString(s, &out);
  EXPECT_EQ(out.substr(0, 6), "prefix");
  return out.substr(6);
}

TEST(JsonString, EveryByteIsWrittenAsRapidJsonWritesIt) {
  for (int c = 0; c < 256; ++c) {
    const std::string alone(1, static_cast<char>(c));
    EXPECT_EQ(Ours(alone), RapidJsonString(alone)) << "byte " << c;
    const std::string inside = "ab" + alone + "cd" + alone;
    EXPECT_EQ(Ours(inside), RapidJsonString(inside)) << "byte " << c;
  }
}

TEST(JsonString, NamesQuotesAndControlBytesAsRapidJson) {
  for (std::string_view s : {std::string_view(""), std::string_view("Peter Blackburn"),
                             std::string_view("Côte d\xe2\x80\x99Ivoire"), std::string_view("say \"hi\"\\\n\t\x01"),
                             std::string_view("\x7f\xff\xfe invalid UTF-8"), std::string_view("\"\"")})
    EXPECT_EQ(Ours(s), RapidJsonString(s)) << s;
}

}  // namespace
}  // namespace wiretag
