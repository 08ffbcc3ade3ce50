#include "pipeline/formats/record_writer.h"

#include <rapidjson/writer.h>

#include <algorithm>
#include <cstring>

#include "pipeline/formats/json_string.h"

namespace wiretag {
namespace {

// RapidJSON output stream appending to a std::string (the caller's buffer, reused).
struct StringSink {
  typedef char Ch;
  std::string* out = nullptr;
  void Put(char c) { out->push_back(c); }
  void Flush() {}
};

// rapidjson's Writer, but strings and keys are written by AppendJsonString
// and raw values appended whole: the same bytes, without rapidjson's
// push_back per byte (a quarter of the record path).
class JsonWriter : public rapidjson::Writer<StringSink> {
 public:
  using Base = rapidjson::Writer<StringSink>;
  using Base::Key;
  using Base::String;
  bool String(const char* s, rapidjson::SizeType length, bool = false) {
    Prefix(rapidjson::kStringType);
    AppendJsonString(std::string_view(s, length), os_->out);
    return EndValue(true);
  }
  bool String(const char* s) { return String(s, static_cast<rapidjson::SizeType>(std::strlen(s))); }
  bool Key(const char* s, rapidjson::SizeType length, bool copy = false) { return String(s, length, copy); }
  bool Key(const char* s) { return String(s); }
  // A raw value (a record's own fields, its body among them) in one append,
  // not a push_back per byte.
  bool RawValue(const char* json, size_t length, rapidjson::Type type) {
    Prefix(type);
    os_->out->append(json, length);
    return EndValue(true);
  }
};

bool SameName(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
    if (x != y) return false;
  }
  return true;
}

template <typename Names>
bool Contains(const Names& names, std::string_view name) {
  for (const auto& n : names)
    if (SameName(n, name)) return true;
  return false;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

}  // namespace

struct RecordWriter::Impl {
  StringSink sink, scratch_sink;
  JsonWriter writer, scratch_writer;
  std::string scratch, merged;
  CodePointOffsets body_offsets, headline_offsets;
  std::vector<std::string_view> new_names;

  void String(std::string_view s) { writer.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); }
  void Key(std::string_view s) { writer.Key(s.data(), static_cast<rapidjson::SizeType>(s.size())); }
  void RawKey(std::string_view raw) { writer.RawValue(raw.data(), raw.size(), rapidjson::kStringType); }
  void RawValue(std::string_view raw) { writer.RawValue(raw.data(), raw.size(), rapidjson::kObjectType); }

  // Writes `key` as an array: the existing raw array (if any) with `new_names`
  // appended as `item_writer` items. A non-array existing value is kept as is.
  template <typename ItemWriter>
  void WriteMergedArray(std::string_view key, const RawField* existing, ItemWriter&& item_writer) {
    if (existing) {
      std::string_view raw = Trim(existing->value);
      if (new_names.empty() || raw.size() < 2 || raw.front() != '[' || raw.back() != ']') {
        RawKey(existing->key);
        RawValue(existing->value);
        return;
      }
      // Items for the new names, serialised once into scratch as "[...]".
      scratch.clear();
      scratch_sink.out = &scratch;
      scratch_writer.Reset(scratch_sink);
      scratch_writer.StartArray();
      for (std::string_view name : new_names) item_writer(scratch_writer, name);
      scratch_writer.EndArray();
      std::string_view inner = Trim(raw.substr(1, raw.size() - 2));
      merged.assign(raw.substr(0, raw.size() - 1));
      while (!merged.empty() && (merged.back() == ' ' || merged.back() == '\n' || merged.back() == '\t' ||
                                 merged.back() == '\r'))
        merged.pop_back();
      if (!inner.empty()) merged.push_back(',');
      merged.append(scratch, 1, std::string::npos);  // without scratch's '[', with its ']'
      RawKey(existing->key);
      RawValue(merged);
      return;
    }
    if (new_names.empty()) return;
    Key(key);
    writer.StartArray();
    for (std::string_view name : new_names) item_writer(writer, name);
    writer.EndArray();
  }

  void CollectEntityNames(const Tags& tags, EntityType type, const std::vector<std::string>& existing) {
    new_names.clear();
    for (const Entity& e : tags.entities) {
      if (e.type != type) continue;
      std::string_view name = e.canonical.empty() ? std::string_view(e.text) : std::string_view(e.canonical);
      if (name.empty() || Contains(existing, name) || Contains(new_names, name)) continue;
      new_names.push_back(name);
    }
  }

  static void MentionItem(JsonWriter& w, std::string_view name) {
    w.StartObject();
    w.Key("name");
    w.String(name.data(), static_cast<rapidjson::SizeType>(name.size()));
    w.Key("rel");
    w.String("mentions");
    w.EndObject();
  }
  // A place of `tags` named `name` with its GeoNames place: the ninjs uri
  // convention for a place is its GeoNames URI.
  static void PlaceItem(JsonWriter& w, std::string_view name, const Tags& tags) {
    w.StartObject();
    w.Key("name");
    w.String(name.data(), static_cast<rapidjson::SizeType>(name.size()));
    w.Key("rel");
    w.String("mentions");
    for (const Entity& e : tags.entities) {
      if (e.type != EntityType::kLocation || !e.geo) continue;
      std::string_view entity_name = e.canonical.empty() ? std::string_view(e.text) : std::string_view(e.canonical);
      if (!SameName(entity_name, name)) continue;
      const std::string uri = GeoNamesUri(e.geo->geonames_id);
      w.Key("uri");
      w.String(uri.data(), static_cast<rapidjson::SizeType>(uri.size()));
      break;
    }
    w.EndObject();
  }
  static std::string GeoNamesUri(uint32_t id) { return "https://sws.geonames.org/" + std::to_string(id) + "/"; }

  // {"geonames_id", "country", "lat", "lon"}; the coordinates only when known.
  void Geo(const GeoRef& geo) {
    writer.StartObject();
    Key("geonames_id");
    writer.Uint(geo.geonames_id);
    Key("country");
    String(geo.country);
    if (geo.lat && geo.lon) {
      Key("lat");
      writer.Double(*geo.lat);
      Key("lon");
      writer.Double(*geo.lon);
    }
    writer.EndObject();
  }

  static void SourceItem(JsonWriter& w, std::string_view name) {
    w.StartObject();
    w.Key("name");
    w.String(name.data(), static_cast<rapidjson::SizeType>(name.size()));
    w.Key("role");
    w.String("source");
    w.EndObject();
  }

  void OptionalString(const char* key, const std::optional<std::string>& value) {
    writer.Key(key);
    if (value) String(*value);
    else writer.Null();
  }

  void WriteWiretag(const ParsedStory& story, const Tags& tags, std::string_view version) {
    Key("wiretag");
    writer.StartObject();
    Key("version");
    String(version);
    if (story.text_derived) {
      Key("text");
      String(story.text);
    }
    Key("dateline");
    if (tags.dateline) {
      const Dateline& d = *tags.dateline;
      writer.StartObject();
      Key("text");
      String(d.text);
      Key("city");
      String(d.city);
      OptionalString("region", d.region);
      OptionalString("region_code", d.region_code);
      OptionalString("country", d.country);
      OptionalString("date", d.date);
      OptionalString("agency", d.agency);
      if (d.geo) {
        Key("geo");
        Geo(*d.geo);
      }
      Key("start");
      writer.Uint(body_offsets.CodePoints(d.start));
      Key("end");
      writer.Uint(body_offsets.CodePoints(d.end));
      writer.EndObject();
    } else {
      writer.Null();
    }
    Key("agencies");
    writer.StartArray();
    for (const AgencyMention& a : tags.agencies) {
      writer.StartObject();
      Key("name");
      String(a.name);
      Key("code");
      String(a.code);
      Key("role");
      writer.String(a.role == AgencyRole::kSource ? "source" : "mentioned");
      Key("start");
      if (a.from_metadata) writer.Null();
      else writer.Uint(body_offsets.CodePoints(a.start));
      Key("end");
      if (a.from_metadata) writer.Null();
      else writer.Uint(body_offsets.CodePoints(a.end));
      writer.EndObject();
    }
    writer.EndArray();
    Key("entities");
    writer.StartArray();
    for (const Entity& e : tags.entities) {
      const CodePointOffsets& offsets = e.field == Field::kHeadline ? headline_offsets : body_offsets;
      writer.StartObject();
      Key("type");
      writer.String(EntityTypeName(e.type));
      Key("text");
      String(e.text);
      Key("canonical");
      String(e.canonical.empty() ? e.text : e.canonical);
      Key("start");
      writer.Uint(offsets.CodePoints(e.start));
      Key("end");
      writer.Uint(offsets.CodePoints(e.end));
      if (e.field == Field::kHeadline) {
        Key("field");
        writer.String("headline");
      }
      if (e.geo) {
        Key("geo");
        Geo(*e.geo);
      }
      writer.EndObject();
    }
    writer.EndArray();
    writer.EndObject();
  }

  void WriteManaged(ManagedField which, const RawField* existing, const ParsedStory& story, const Tags& tags,
                    std::string_view version) {
    switch (which) {
      case ManagedField::kLocated:
        if (existing && !story.located.empty()) {
          RawKey(existing->key);
          RawValue(existing->value);
        } else if (tags.dateline && !tags.dateline->city.empty()) {
          if (existing) RawKey(existing->key);
          else Key("located");
          String(tags.dateline->city);
        } else if (existing) {
          RawKey(existing->key);
          RawValue(existing->value);
        }
        return;
      case ManagedField::kInfosources:
        new_names.clear();
        for (const AgencyMention& a : tags.agencies) {
          if (a.role != AgencyRole::kSource || a.name.empty()) continue;
          if (Contains(story.meta.infosource_names, a.name) || Contains(new_names, a.name)) continue;
          new_names.push_back(a.name);
        }
        WriteMergedArray("infosources", existing, SourceItem);
        return;
      case ManagedField::kPeople:
        CollectEntityNames(tags, EntityType::kPerson, story.people_names);
        WriteMergedArray("people", existing, MentionItem);
        return;
      case ManagedField::kOrganisations:
        CollectEntityNames(tags, EntityType::kOrganisation, story.organisation_names);
        WriteMergedArray("organisations", existing, MentionItem);
        return;
      case ManagedField::kPlaces:
        CollectEntityNames(tags, EntityType::kLocation, story.place_names);
        WriteMergedArray("places", existing,
                         [&tags](JsonWriter& w, std::string_view name) { PlaceItem(w, name, tags); });
        return;
      case ManagedField::kWiretag:
        WriteWiretag(story, tags, version);
        return;
      case ManagedField::kNone:
        return;
    }
  }
};

RecordWriter::RecordWriter() : impl_(new Impl) {}
size_t RecordWriter::RetainedBytes() const {
  return impl_->scratch.capacity() + impl_->merged.capacity() +
         impl_->new_names.capacity() * sizeof(std::string_view);
}

void RecordWriter::ReleaseMemory() {
  delete impl_;
  impl_ = new Impl;
}

RecordWriter::~RecordWriter() { delete impl_; }

void RecordWriter::Write(const ParsedStory& story, const Tags& tags, std::string_view version, std::string* out) {
  Impl& d = *impl_;
  out->clear();
  d.sink.out = out;
  d.writer.Reset(d.sink);

  d.body_offsets.Reset(story.text);
  d.headline_offsets.Reset(story.headline);
  if (tags.dateline) {
    d.body_offsets.Add(tags.dateline->start);
    d.body_offsets.Add(tags.dateline->end);
  }
  for (const AgencyMention& a : tags.agencies) {
    d.body_offsets.Add(a.start);
    d.body_offsets.Add(a.end);
  }
  for (const Entity& e : tags.entities) {
    CodePointOffsets& offsets = e.field == Field::kHeadline ? d.headline_offsets : d.body_offsets;
    offsets.Add(e.start);
    offsets.Add(e.end);
  }
  d.body_offsets.Resolve();
  d.headline_offsets.Resolve();

  d.writer.StartObject();
  if (!story.from_json || !story.has_uri) {
    d.Key("uri");
    d.String(story.uri);
  }
  if (!story.from_json) {
    d.Key("bodies");
    d.writer.StartArray();
    d.writer.StartObject();
    d.Key("role");
    d.writer.String("main");
    d.Key("contenttype");
    d.writer.String("text/plain");
    d.Key("value");
    d.String(story.text);
    d.writer.EndObject();
    d.writer.EndArray();
  }
  constexpr int kManagedCount = 7;
  bool written[kManagedCount] = {};
  for (const RawField& field : story.fields) {
    if (field.managed == ManagedField::kNone) {
      d.RawKey(field.key);
      d.RawValue(field.value);
      continue;
    }
    auto index = static_cast<int>(field.managed);
    if (written[index]) continue;  // a repeated key: the first one stands
    written[index] = true;
    d.WriteManaged(field.managed, &field, story, tags, version);
  }
  for (ManagedField which : {ManagedField::kLocated, ManagedField::kInfosources, ManagedField::kPeople,
                             ManagedField::kOrganisations, ManagedField::kPlaces, ManagedField::kWiretag}) {
    if (!written[static_cast<int>(which)]) d.WriteManaged(which, nullptr, story, tags, version);
  }
  d.writer.EndObject();
}

}  // namespace wiretag
