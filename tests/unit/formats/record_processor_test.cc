#include "pipeline/formats/record_processor.h"
#include "pipeline/formats/story_reader.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>
#include <rapidjson/document.h>

#include <string>

#include "tests/unit/fake_story_tagger.h"

namespace wiretag {
namespace {

using testing::FakeSpan;
using testing::FakeStoryTagger;

// text[start:end] in code points, as Python slices it.
std::string CodePointSlice(std::string_view text, size_t start, size_t end) {
  std::vector<size_t> starts;  // byte offset of each code point, plus the end
  for (size_t i = 0; i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) starts.push_back(i);
  starts.push_back(text.size());
  EXPECT_LE(end, starts.size() - 1);
  if (end > starts.size() - 1 || start > end) return "<out of range>";
  return std::string(text.substr(starts[start], starts[end] - starts[start]));
}

rapidjson::Document ParseOutput(const std::string& out) {
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseValidateEncodingFlag>(out.c_str(), out.size());
  EXPECT_FALSE(doc.HasParseError()) << out;
  EXPECT_TRUE(doc.IsObject()) << out;
  return doc;
}

class RecordProcessorTest : public ::testing::Test {
 protected:
  RecordProcessorTest() {
    tagger.spans = {{"José Martí", EntityType::kPerson, ""},
                    {"Martí", EntityType::kPerson, "José Martí"},
                    {"Kim Jong-un", EntityType::kPerson, ""},
                    {"김정은", EntityType::kPerson, "Kim Jong-un"},
                    {"Zürich", EntityType::kLocation, ""},
                    {"Seoul", EntityType::kLocation, ""},
                    {"Yonhap", EntityType::kOrganisation, ""},
                    {"Nordic", EntityType::kMisc, ""}};
    tagger.dateline_prefix = "SEOUL, Aug. 18 (Yonhap) --";
    tagger.dateline_city = "Seoul";
  }
  std::string Run(std::string_view input, ProcessorOptions options = {}) {
    RecordProcessor processor(tagger, options);
    std::string out = "stale";
    auto error = processor.Process(input, &out);
    EXPECT_FALSE(error) << ErrorClassName(error->kind) << ": " << error->detail;
    return out;
  }
  ProcessError RunBad(std::string_view input, ProcessorOptions options = {}) {
    RecordProcessor processor(tagger, options);
    std::string out = "stale";
    auto error = processor.Process(input, &out);
    EXPECT_TRUE(error.has_value()) << out;
    EXPECT_TRUE(out.empty());
    if (!error) return ProcessError{ErrorClass::kTaggerFailure, ""};
    EXPECT_EQ(error->detail.find('\n'), std::string::npos) << error->detail;
    EXPECT_FALSE(error->detail.empty());
    return *error;
  }
  FakeStoryTagger tagger;
};

constexpr const char* kStory =
    R"({"uri":"urn:test:1", "type" : "text","version":"3","headlines":[{"role":"main","value":"Martí in Zürich"}],)"
    R"("bodies":[{"role":"main","contenttype":"text/plain","value":"SEOUL, Aug. 18 (Yonhap) -- José Martí met \u00e9lite Kim Jong-un (김정은) in Zürich. Martí said so."}],)"
    R"("versioncreated":"2017-08-18T10:00:00+09:00","firstcreated":"2017-08-18T09:00:00+09:00","language":"en",)"
    R"("by":"Jane Roe","copyrightholder":"Yonhap","subjects":[{"name":"politics","uri":"http://cv.iptc.org/newscodes/mediatopic/11000000"}],)"
    R"("priority":5,"score":1.50e2,"embargoed":null,"signal":true,"nested":{"a":{"b":[1,[2,{"c":"\"q\""}]]}},)"
    R"("infosources":[{"name":"Yonhap","role":"source","uri":"http://www.yna.co.kr"}]})";

TEST_F(RecordProcessorTest, KeepsEveryInputFieldVerbatim) {
  std::string out = Run(kStory);
  for (const char* raw : {R"("uri":"urn:test:1")", R"("type":"text")", R"("version":"3")",
                          R"("headlines":[{"role":"main","value":"Martí in Zürich"}])",
                          R"(\u00e9lite)", R"("priority":5)", R"("score":1.50e2)", R"("embargoed":null)",
                          R"("signal":true)", R"("nested":{"a":{"b":[1,[2,{"c":"\"q\""}]]}})",
                          R"("subjects":[{"name":"politics","uri":"http://cv.iptc.org/newscodes/mediatopic/11000000"}])",
                          R"("by":"Jane Roe")", R"("copyrightholder":"Yonhap")"}) {
    EXPECT_NE(out.find(raw), std::string::npos) << raw << "\n" << out;
  }
  auto doc = ParseOutput(out);
  EXPECT_STREQ(doc["uri"].GetString(), "urn:test:1");
  // The source agency already listed is not repeated; its extra members stay.
  ASSERT_EQ(doc["infosources"].Size(), 1u);
  EXPECT_STREQ(doc["infosources"][0]["uri"].GetString(), "http://www.yna.co.kr");
  EXPECT_STREQ(doc["located"].GetString(), "Seoul");
  EXPECT_STREQ(doc["wiretag"]["version"].GetString(), "0.2.0+fake1");
}

TEST_F(RecordProcessorTest, PassesMetadataToTheTagger) {
  Run(kStory);
  EXPECT_EQ(tagger.last_meta.versioncreated, "2017-08-18T10:00:00+09:00");
  EXPECT_EQ(tagger.last_meta.firstcreated, "2017-08-18T09:00:00+09:00");
  EXPECT_EQ(tagger.last_meta.by, "Jane Roe");
  EXPECT_EQ(tagger.last_meta.copyrightholder, "Yonhap");
  EXPECT_EQ(tagger.last_meta.headline, "Martí in Zürich");
  ASSERT_EQ(tagger.last_meta.infosource_names.size(), 1u);
  EXPECT_EQ(tagger.last_meta.infosource_names[0], "Yonhap");
  EXPECT_EQ(tagger.last_text.find("\u00e9lite") != std::string::npos, true) << "escapes decoded for tagging";
}

TEST_F(RecordProcessorTest, OffsetsAreCodePointsIntoTheTaggedText) {
  auto doc = ParseOutput(Run(kStory));
  std::string body = doc["bodies"][0]["value"].GetString();
  std::string headline = doc["headlines"][0]["value"].GetString();
  const auto& entities = doc["wiretag"]["entities"];
  ASSERT_EQ(entities.Size(), 9u);  // 7 in the body (Martí also inside "José Martí"), 2 in the headline
  int headline_entities = 0;
  for (const auto& e : entities.GetArray()) {
    bool in_headline = e.HasMember("field");
    if (in_headline) {
      EXPECT_STREQ(e["field"].GetString(), "headline");
      ++headline_entities;
    }
    const std::string& text = in_headline ? headline : body;
    EXPECT_EQ(CodePointSlice(text, e["start"].GetUint(), e["end"].GetUint()), e["text"].GetString());
  }
  EXPECT_EQ(headline_entities, 2);
  // 김정은 is at code point 61 (byte 68): "SEOUL, Aug. 18 (Yonhap) -- José Martí met élite Kim Jong-un (" before it.
  bool found = false;
  for (const auto& e : entities.GetArray()) {
    if (std::string(e["text"].GetString()) == "김정은") {
      EXPECT_EQ(e["start"].GetUint(), 61u);
      EXPECT_EQ(e["end"].GetUint(), 64u);
      EXPECT_STREQ(e["canonical"].GetString(), "Kim Jong-un");
      found = true;
    }
  }
  EXPECT_TRUE(found);
  const auto& dateline = doc["wiretag"]["dateline"];
  EXPECT_EQ(dateline["start"].GetUint(), 0u);
  EXPECT_EQ(dateline["end"].GetUint(), 26u);
  EXPECT_STREQ(dateline["city"].GetString(), "Seoul");
  EXPECT_TRUE(dateline["region"].IsNull());
}

TEST_F(RecordProcessorTest, FillsNinjsListsOncePerDistinctEntity) {
  auto doc = ParseOutput(Run(kStory));
  const auto& people = doc["people"];
  ASSERT_EQ(people.Size(), 2u);
  EXPECT_STREQ(people[0]["name"].GetString(), "José Martí");
  EXPECT_STREQ(people[0]["rel"].GetString(), "mentions");
  EXPECT_STREQ(people[1]["name"].GetString(), "Kim Jong-un");
  ASSERT_EQ(doc["places"].Size(), 1u);
  EXPECT_STREQ(doc["places"][0]["name"].GetString(), "Zürich");
  ASSERT_EQ(doc["organisations"].Size(), 1u);
  EXPECT_FALSE(doc.HasMember("misc"));
}

TEST_F(RecordProcessorTest, MergesWithExistingListsWithoutDuplicates) {
  tagger.source_agency = "Yonhap";
  std::string out = Run(
      R"({"uri":"u","located":"Busan","infosources":[{"name":"AP","role":"source"}],)"
      R"("people":[{"name":"josé martí","rel":"subject"}],"places":[],)"
      R"("bodies":[{"role":"main","contenttype":"text/plain","value":"SEOUL, Aug. 18 (Yonhap) -- José Martí spoke in Seoul."}]})");
  auto doc = ParseOutput(out);
  EXPECT_STREQ(doc["located"].GetString(), "Busan") << "an editor's located stands";
  ASSERT_EQ(doc["infosources"].Size(), 2u);
  EXPECT_STREQ(doc["infosources"][0]["name"].GetString(), "AP");
  EXPECT_STREQ(doc["infosources"][1]["name"].GetString(), "Yonhap");
  EXPECT_STREQ(doc["infosources"][1]["role"].GetString(), "source");
  ASSERT_EQ(doc["people"].Size(), 1u) << "same name, other case: not added again";
  EXPECT_STREQ(doc["people"][0]["rel"].GetString(), "subject");
  ASSERT_EQ(doc["places"].Size(), 1u);
  EXPECT_STREQ(doc["places"][0]["name"].GetString(), "Seoul");
  // Metadata-only agencies carry no offsets.
  const auto& agency = doc["wiretag"]["agencies"][0];
  EXPECT_STREQ(agency["role"].GetString(), "source");
  EXPECT_TRUE(agency["start"].IsNull());
}

TEST_F(RecordProcessorTest, ReplacesAnEarlierWiretagObject) {
  std::string once = Run(kStory);
  std::string twice = Run(once);
  EXPECT_EQ(twice, once) << "re-tagging an enriched record changes nothing";
}

TEST_F(RecordProcessorTest, PlainTextBecomesNinjsWithAContentUri) {
  std::string out = Run("abc", ProcessorOptions{1 << 20, InputFormat::kText});
  auto doc = ParseOutput(out);
  EXPECT_STREQ(doc["uri"].GetString(),
               "urn:wiretag:sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  ASSERT_EQ(doc["bodies"].Size(), 1u);
  EXPECT_STREQ(doc["bodies"][0]["role"].GetString(), "main");
  EXPECT_STREQ(doc["bodies"][0]["contenttype"].GetString(), "text/plain");
  EXPECT_STREQ(doc["bodies"][0]["value"].GetString(), "abc");
  EXPECT_TRUE(doc["wiretag"]["dateline"].IsNull());
  EXPECT_EQ(doc["wiretag"]["entities"].Size(), 0u);
  EXPECT_FALSE(doc.HasMember("people"));
}

TEST_F(RecordProcessorTest, AutoFormatTellsJsonFromText) {
  auto json = ParseOutput(Run("  \n{\"uri\":\"a\",\"body_text\":\"Seoul\"}"));
  EXPECT_STREQ(json["uri"].GetString(), "a");
  auto text = ParseOutput(Run("SEOUL, Aug. 18 (Yonhap) -- {not json}"));
  EXPECT_STREQ(text["located"].GetString(), "Seoul");
}

TEST_F(RecordProcessorTest, JsonWithoutUriGetsTheUriOfItsBody) {
  auto doc = ParseOutput(Run(R"({"body_text":"abc"})"));
  EXPECT_STREQ(doc["uri"].GetString(),
               "urn:wiretag:sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_F(RecordProcessorTest, ReadsNinjs1FlatFields) {
  auto doc = ParseOutput(Run(R"({"uri":"old","headline":"Martí visits","body_text":"José Martí in Seoul."})"));
  EXPECT_STREQ(doc["headline"].GetString(), "Martí visits");
  const auto& entities = doc["wiretag"]["entities"];
  ASSERT_GE(entities.Size(), 1u);
  const auto& last = entities[entities.Size() - 1];
  EXPECT_STREQ(last["field"].GetString(), "headline");
  EXPECT_EQ(last["start"].GetUint(), 0u);
  EXPECT_EQ(last["end"].GetUint(), 5u);
}

TEST_F(RecordProcessorTest, PrefersPlainMainBodyOverHtmlAndOtherRoles) {
  Run(R"({"uri":"a","bodies":[{"role":"main","contenttype":"text/html","value":"<p>html</p>"},)"
      R"({"role":"summary","contenttype":"text/plain","value":"summary"},)"
      R"({"role":"main","contenttype":"text/plain; charset=utf-8","value":"main plain"}]})");
  EXPECT_EQ(tagger.last_text, "main plain");
  Run(R"({"uri":"a","bodies":[{"role":"summary","contenttype":"text/plain","value":"summary"},{"contenttype":"image/png","value":"x"}]})");
  EXPECT_EQ(tagger.last_text, "summary");
}

TEST_F(RecordProcessorTest, StripsHtmlBodyAndCarriesTheText) {
  auto doc = ParseOutput(Run(
      R"({"uri":"h","bodies":[{"role":"main","contenttype":"text/html","value":)"
      R"("<div class=\"x\"><p>SEOUL, Aug. 18 (Yonhap) -- Jos&eacute; Mart&#237; &amp; Kim Jong-un</p><script>var a='<p>';</script>)"
      R"(<p>met   in&nbsp;<b>Zürich</b>.<br/>End &#x2014; &unknown;</p></div>"}]})"));
  const char* text = doc["wiretag"]["text"].GetString();
  EXPECT_STREQ(text, "SEOUL, Aug. 18 (Yonhap) -- José Martí & Kim Jong-un\nmet in Zürich.\nEnd — &unknown;");
  for (const auto& e : doc["wiretag"]["entities"].GetArray())
    EXPECT_EQ(CodePointSlice(text, e["start"].GetUint(), e["end"].GetUint()), e["text"].GetString());
  EXPECT_EQ(doc["wiretag"]["entities"].Size(), 5u);  // José Martí, Martí, Kim Jong-un, Seoul?, Zürich
}

TEST_F(RecordProcessorTest, ClassifiesBadInput) {
  EXPECT_EQ(RunBad(R"({"uri": })").kind, ErrorClass::kInvalidJson);
  EXPECT_EQ(RunBad(R"({"uri":"a","body_text":"x")").kind, ErrorClass::kInvalidJson);
  EXPECT_EQ(RunBad(R"({"uri":"a","body_text":"x"} {"b":1})").kind, ErrorClass::kInvalidJson);
  EXPECT_EQ(RunBad(R"({"uri":"a","body_text":"x","n":[1,,2]})").kind, ErrorClass::kInvalidJson);
  EXPECT_EQ(RunBad(R"({"uri":"a","body_text":"x","n":01})").kind, ErrorClass::kInvalidJson);
  EXPECT_EQ(RunBad(R"({"uri":"a","body_text":"x","n":{"k":tru}})").kind, ErrorClass::kInvalidJson);
  EXPECT_EQ(RunBad(R"([{"body_text":"x"}])", ProcessorOptions{100, InputFormat::kNinjs}).kind, ErrorClass::kInvalidJson);
  EXPECT_EQ(RunBad("{\"body_text\":\"caf\xC3\"}").kind, ErrorClass::kInvalidUtf8);
  EXPECT_EQ(RunBad("caf\xff plain", ProcessorOptions{100, InputFormat::kText}).kind, ErrorClass::kInvalidUtf8);
  EXPECT_EQ(RunBad(R"({"body_text":"lone \ud800 surrogate"})").kind == ErrorClass::kInvalidUtf8 ||
                RunBad(R"({"body_text":"lone \ud800 surrogate"})").kind == ErrorClass::kInvalidJson,
            true);
  EXPECT_EQ(RunBad(R"({"uri":"a","bodies":[]})").kind, ErrorClass::kNoBody);
  EXPECT_EQ(RunBad(R"({"uri":"a","bodies":[{"contenttype":"image/png","value":"x"}]})").kind, ErrorClass::kNoBody);
  EXPECT_EQ(RunBad(R"({"uri":"a","body_text":"  \n "})").kind, ErrorClass::kNoBody);
  EXPECT_EQ(RunBad(R"({"uri":"a","body_html":"<p> </p>"})").kind, ErrorClass::kNoBody);
  EXPECT_EQ(RunBad(" \n\t ").kind, ErrorClass::kNoBody);
  EXPECT_EQ(RunBad("not json", ProcessorOptions{100, InputFormat::kNinjs}).kind, ErrorClass::kInvalidJson);
  ProcessError large = RunBad(std::string(101, 'a'), ProcessorOptions{100, InputFormat::kText});
  EXPECT_EQ(large.kind, ErrorClass::kTooLarge);
  EXPECT_NE(large.detail.find("101"), std::string::npos) << large.detail;
}

// `open` repeated `levels` times, the matching closers after.
std::string Nested(size_t levels, std::string_view open, std::string_view close) {
  std::string out;
  out.reserve(levels * (open.size() + close.size()));
  for (size_t i = 0; i < levels; ++i) out.append(open);
  for (size_t i = 0; i < levels; ++i) out.append(close);
  return out;
}

TEST_F(RecordProcessorTest, A200KbDeeplyNestedRecordIsTooDeepNotAStackOverflow) {
  // The issue's poison record: ~100,000 levels in 200 KB overflowed the stack
  // of the recursive validator. Arrays, objects, and nesting inside bodies[]
  // (read by another walk) are all refused the same way.
  const size_t levels = 100000;
  const std::string arrays = R"({"uri":"a","body_text":"x","n":)" + Nested(levels, "[", "]") + "}";
  const std::string objects = R"({"uri":"a","body_text":"x","n":)" + Nested(levels, R"({"k":)", "}") + "0}";
  const std::string in_bodies = R"({"uri":"a","bodies":[{"value":"x","n":)" + Nested(levels, "[", "]") + "}]}";
  ASSERT_GE(arrays.size(), 200000u);
  for (const std::string* input : {&arrays, &objects, &in_bodies}) {
    ProcessError error = RunBad(*input);
    EXPECT_EQ(error.kind, ErrorClass::kTooDeep) << error.detail;
    EXPECT_NE(error.detail.find("deeper than 1024 levels"), std::string::npos) << error.detail;
    EXPECT_EQ(error.detail.rfind("in field \"", 0), 0u) << "names the top-level field: " << error.detail;
  }
}

TEST_F(RecordProcessorTest, NestingUpToTheLimitIsAcceptedOneLevelMoreIsTooDeep) {
  // The record's object is level 1 and the value of "n" level 2.
  RecordProcessor processor(tagger, {});
  std::string out;
  const std::string at_limit = R"({"uri":"a","body_text":"x","n":)" + Nested(kMaxJsonDepth - 1, "[", "]") + "}";
  EXPECT_FALSE(processor.Process(at_limit, &out).has_value());
  const std::string over = R"({"uri":"a","body_text":"x","n":)" + Nested(kMaxJsonDepth, "[", "]") + "}";
  auto error = processor.Process(over, &out);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->kind, ErrorClass::kTooDeep);
  EXPECT_FALSE(processor.Process(kStory, &out).has_value()) << "the processor goes on";
}

TEST_F(RecordProcessorTest, ErrorNamingAnInputKeyStaysOneShortLine) {
  // Found by the fuzzer: the key of a broken field, unescaped, held newlines.
  std::string key = "line one\\nline two" + std::string(200, 'k');
  ProcessError error = RunBad(R"({"uri":"a","body_text":"x",")" + key + R"(": tru})");  // RunBad checks: no newline
  EXPECT_EQ(error.kind, ErrorClass::kInvalidJson);
  EXPECT_NE(error.detail.find("line one\\x0aline two"), std::string::npos) << error.detail;
  EXPECT_LT(error.detail.size(), 200u) << error.detail;
}

TEST_F(RecordProcessorTest, ReportsTaggerFailureOnOneLine) {
  tagger.throw_on_tag = true;
  ProcessError error = RunBad(kStory);
  EXPECT_EQ(error.kind, ErrorClass::kTaggerFailure);
  EXPECT_NE(error.detail.find("fake tagger exploded"), std::string::npos);
}

TEST_F(RecordProcessorTest, GoesOnAfterAnError) {
  RecordProcessor processor(tagger, {});
  std::string out;
  ASSERT_TRUE(processor.Process("{", &out).has_value());
  ASSERT_FALSE(processor.Process(kStory, &out).has_value());
  EXPECT_EQ(processor.last_uri(), "urn:test:1");
  EXPECT_EQ(processor.last_tags().entities.size(), 9u);
  ParseOutput(out);
}

// The dead-letter log line names the story when the input got as far as its uri.
TEST_F(RecordProcessorTest, AFailedStoryStillNamesItsUriWhenItHadOne) {
  RecordProcessor processor(tagger, {});
  std::string out;
  ASSERT_FALSE(processor.Process(kStory, &out).has_value());
  auto error = processor.Process(R"({"uri":"urn:no:body","headlines":[{"value":"Only a headline"}]})", &out);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->kind, ErrorClass::kNoBody);
  EXPECT_EQ(processor.last_uri(), "urn:no:body");
  ASSERT_TRUE(processor.Process("{", &out).has_value());
  EXPECT_EQ(processor.last_uri(), "") << "invalid JSON: no uri, and not the previous story's";
}

TEST_F(RecordProcessorTest, OutputIsDeterministic) {
  RecordProcessor a(tagger, {}), b(tagger, {});
  std::string first, second, other;
  ASSERT_FALSE(a.Process(kStory, &first));
  ASSERT_FALSE(a.Process(R"({"uri":"z","body_text":"Seoul Seoul"})", &other));
  ASSERT_FALSE(a.Process(kStory, &second));
  EXPECT_EQ(first, second);
  ASSERT_FALSE(b.Process(kStory, &second));
  EXPECT_EQ(first, second);
}

TEST(ErrorClassName, UsesTheWireNames) {
  EXPECT_STREQ(ErrorClassName(ErrorClass::kInvalidJson), "invalid_json");
  EXPECT_STREQ(ErrorClassName(ErrorClass::kInvalidUtf8), "invalid_utf8");
  EXPECT_STREQ(ErrorClassName(ErrorClass::kNoBody), "no_body");
  EXPECT_STREQ(ErrorClassName(ErrorClass::kTooLarge), "too_large");
  EXPECT_STREQ(ErrorClassName(ErrorClass::kTaggerFailure), "tagger_failure");
  EXPECT_STREQ(ErrorClassName(ErrorClass::kTooDeep), "too_deep");
}

RC_GTEST_PROP(RecordProcessorProperty, AnyInputGivesAValidRecordOrAnError, (const std::string& input)) {
  FakeStoryTagger tagger;
  tagger.spans = {{"a", EntityType::kPerson, ""}, {"é", EntityType::kLocation, ""}};
  for (InputFormat format : {InputFormat::kAuto, InputFormat::kText}) {
    RecordProcessor processor(tagger, ProcessorOptions{1 << 20, format});
    std::string out;
    auto error = processor.Process(input, &out);
    if (error) {
      RC_ASSERT(out.empty());
      continue;
    }
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseValidateEncodingFlag>(out.c_str(), out.size());
    RC_ASSERT(!doc.HasParseError());
    std::string body = doc["bodies"][0]["value"].GetString();
    for (const auto& e : doc["wiretag"]["entities"].GetArray())
      RC_ASSERT(CodePointSlice(body, e["start"].GetUint(), e["end"].GetUint()) == e["text"].GetString());
  }
}

}  // namespace
}  // namespace wiretag
