#pragma once
// EntityCorrections repairs, after the entity taggers' spans are merged, a few
// mistakes that a model trained on CoNLL-2003 (1996 Reuters, heavy on sports
// pages) makes on wire copy, using lists the model does not read as features
// (so the lists can change without retraining), in the order they run:
//
//   1. Titles are not part of names (CoNLL and AP alike: "Defense Secretary
//      Jim Mattis" is PER "Jim Mattis"). A PER or ORG span holding a title
//      (titles.txt) before a person's name is cut after it: the name is the
//      PER, and what came before the title stays only as a known place
//      ("Ontario Transportation Minister Gregory Adams" -> LOC "Ontario") or,
//      for an organisation of two or more words, as that ORG. A given name
//      left alone by the cut takes the capitalised word after it ("Defense
//      Secretary Daniel" + "Whitcombe"), and a person's trailing lower-case
//      words go ("Adams said"). An ORG that holds a title and then two or
//      three words that are no common word, place or organisation word is
//      cut too ("Foreign Minister Wang Yi": given names no list knows), and a
//      span of two or more words that is a title alone ("Interior Minister")
//      is dropped. Runs first.
//   2. A PER or MISC span whose last word is a sure organisation suffix
//      ("Walt Disney Co", "World Food Programme") becomes ORG, taking in a
//      demonym written right before it ("Nigerian Meteorological Agency").
//   2b. An ORG ending in a sure suffix takes in the capitalised words right
//      before it that no tagger tagged ("Sun Hung" + "Kai Properties"), up to
//      three, stopping at punctuation, a lower-case word, an article or
//      preposition, a day, a month or a title.
//   3. A mention that is an organisation's name without its legal form
//      ("Sunshine Parks" of "Sunshine Parks Inc" in the same story) is that
//      organisation, with its canonical form.
//   4. A national capital tagged ORG ("talks with Pyongyang": CoNLL teaches
//      that a city standing for a team or government is an ORG) becomes LOC,
//      except on a line of sports results ("Canberra 24 Penrith 18").
//   4b. A PER, ORG or MISC name of two or more words that ends in a place word
//      ("Atacama Desert", "Hindu Kush Mountains", "Kandahar Province") or opens
//      with one ("Mount Kilimanjaro", "Lake Titicaca", "Gulf of Aden";
//      overrides/place_words.txt) becomes LOC, unless a word of it is an
//      organisation suffix ("Mount Sinai Hospital"; sure_org_suffixes.txt,
//      org_suffixes.txt), it is a listed organisation, or it stands on a line
//      of sports results. A prefix's head noun tagged apart from the place
//      after it ("Gulf" + "of" + LOC "Aden") is one LOC with it.
//   4c. "X County" (two or three words, no other organisation word, not a
//      listed organisation) is LOC in a story that holds no score such as
//      "2-1", off a line of results; in sports copy it is a club ("Notts
//      County"), which is why
//      place_words.txt leaves "County" out.
//   5. An organisation whose head noun is a sure suffix that is no legal
//      form, or one of Bank, Office, Department, University, Court, Board,
//      followed by "of", "for" or "of the" and an ORG or LOC ("Ministry" +
//      "of" + "Defence", "Bank" + "of" + "England"), is one ORG.
//   5b. A "The" that opens a sentence is cut from a name of two or more
//      words after it ("The Bank of England kept rates") or from a
//      nationality ("The Indonesian" + "government": MISC by correction 8);
//      it stays before one other word ("The Hague"), in a listed
//      organisation, and inside a sentence ("told The New York Times").
//   6. A lone common English word tagged ORG after "the" ("the Alliance") is
//      dropped, unless it is a plural (teams: "the Braves"), a listed
//      organisation, or the story also uses the word inside another name;
//      so is such a word tagged LOC that no place list knows ("the Gulf"
//      stays: locations.txt has it; a city must have 100,000 people).
//   7. Long names cut at "and" or "of": a PER span, or an ORG of two or three
//      words each side, holding "and" between words that are no common word,
//      organisation word or nationality is two people ("Recep Tayyip Erdogan
//      and Mevlut Cavusoglu"); an ORG "X of PLACE" whose word before "of" is
//      such a word is the ORG and the LOC ("Ferencvaros of Hungary"; "Bank of
//      England" stays whole: "Bank" is an organisation word).
//   8. MISC discipline: an ORG with no evidence of being an organisation
//      that names a law, plan or event by its last word ("Clean Air Act",
//      "Belt and Road Initiative", "Davis Cup": misc_heads.txt) or that is
//      made only of group names and nationalities ("Rohingya", "Shi'ite
//      Muslims": groups.txt, demonyms) is MISC, as CoNLL-2003 has it.
//      Evidence: a word of org_suffixes.txt in the name ("Election
//      Commission"), a first word of org_prefixes.txt, a listed
//      organisation, or a context cue of org_evidence.txt around the mention
//      ("spokesman for the X", "X said"). A LOC or PER made only of words
//      of groups.txt that no place list knows ("Rohingya") is MISC too.
//      misc_heads.txt also holds "Index" ("Shanghai Composite Index").
//   8b. A compass or regional word and a nationality ("South American",
//      "West African") are MISC; an ORG keeps its type with correction 8's
//      evidence of an organisation.
//   8c. The climate pattern's phases ("El Nino", "La Niña") are MISC.
//   8d. A plural acronym ("SUVs", "MPs") is no name, unless listed as an
//      organisation.
//   8e. A line opening with "By" (after dashes) names its writer: two to four
//      capitalised words ending the line or followed by a comma or semicolon
//      are a PER ("-By Vincent Tam; Dow Jones Newswires").
//   8f. A person's name runs on across a lower-case name particle (one or
//      two: "bin", "da", "von der") to the capitalised word after it, tagged
//      or not, or across a glued "al-Sisi": the model cuts "Mohammed bin
//      Salman" after "Mohammed" and makes "Lula da Silva" PER + ORG.
//   9. One name, one type within a story: mentions with the same text whose
//      types differ all take the type most of them have (the first mention's
//      on a tie), outside sports-results lines, where a city is a team; a
//      one-word mention that is the last word of a person's full name in the
//      story is that person ("Okonjo-Iweala"). The last of Correct().
//  10. Places get the gazetteer's name as canonical form: "US", "U.S.",
//      "America" -> "United States", "Britain" -> "United Kingdom", the
//      AP-style "Fla." -> "Florida" (a country's part written alone, such as
//      "England", and an ambiguous alias such as "Congo" stay as written).
//
// Lists: config/gazetteers/overrides/ capitals.tsv, sure_org_suffixes.txt,
// place_words.txt, places_as_written.txt, misc_heads.txt, groups.txt and
// org_evidence.txt (outside the model's feature lists, which are the top level
// of config/gazetteers/), plus common_words.txt, organisations.tsv,
// titles.txt, first_names.tsv, org_suffixes.txt and org_prefixes.txt, all
// taken from the WordLists it is given (word_lists.h: read once per start for
// the rule tagger's lexicon too, or restored from the gazetteer snapshot).
// A missing list disables its correction. Corrections 4b and 8 ask one
// question of a name, HasOrganisationEvidence, each with the kinds of
// evidence it was measured with.
// Immutable after Load(); const methods are thread-safe.

#include <algorithm>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "pipeline/taggers/place_gazetteer.h"
#include "pipeline/taggers/tags.h"
#include "pipeline/taggers/word_lists.h"

namespace wiretag {

class EntityCorrections {
 public:
  // Reads the lists of `words` (kept alive by the result); `places` must
  // outlive the result. Throws std::runtime_error naming the file and line on
  // a malformed list.
  static std::unique_ptr<EntityCorrections> Load(std::shared_ptr<const WordLists> words,
                                                 const PlaceGazetteer& places);
  // The same with the lists of `gazetteer_dir` read from text.
  static std::unique_ptr<EntityCorrections> Load(const std::filesystem::path& gazetteer_dir,
                                                 const PlaceGazetteer& places);

  explicit EntityCorrections(const PlaceGazetteer& places) : places_(places) {}
  EntityCorrections(const EntityCorrections&) = delete;  // common_words_ points into words_
  EntityCorrections& operator=(const EntityCorrections&) = delete;

  // Corrections 1 to 9 (with 2b, 4b, 4c, 5b, 8b-8e). `entities`: byte spans into `text`, sorted by start,
  // not overlapping; they stay so. Run before document-level canonical linking.
  void Correct(std::string_view text, std::vector<Entity>* entities) const;

  // Correction 10, on LOC entities. Run after canonical linking.
  void CanonicalisePlaces(std::vector<Entity>* entities) const;

  bool IsCapital(std::string_view name) const { return capitals_.find(name) != capitals_.end(); }
  // Word lookups the corrections make, also read by headline_case.h: a given
  // name as written ("Daniel"), a common English word in any case, an
  // organisation word as written ("Bank", "Inc"; org_suffixes.txt and
  // sure_org_suffixes.txt).
  bool IsFirstName(std::string_view word) const { return first_names_ && first_names_->Contains(word); }
  bool IsCommonWord(std::string_view word) const;
  bool IsOrganisationWord(std::string_view word) const { return org_words_.count(word) || IsSureOrgSuffix(word); }

 private:
  void CapitalsAreLocations(std::string_view text, std::vector<Entity>* entities) const;
  void PlaceWordsMakeLocations(std::string_view text, std::vector<Entity>* entities) const;
  static void OneTypePerName(std::string_view text, std::vector<Entity>* entities);
  void OrganisationsTakeTheirOf(std::string_view text, std::vector<Entity>* entities) const;
  void SuffixedNamesAreOrganisations(std::string_view text, std::vector<Entity>* entities) const;
  void ShortOrganisationMentions(std::vector<Entity>* entities) const;
  void DropCommonWordsAfterThe(std::string_view text, std::vector<Entity>* entities) const;
  // Correction 7.
  void LongNamesCutAtAndOrOf(std::string_view text, std::vector<Entity>* entities) const;
  // Correction 8.
  void UnprovenOrganisationsAreMisc(std::string_view text, std::vector<Entity>* entities) const;
  // What shows that a name names an organisation; corrections 4b and 8 each
  // take the kinds they were measured with.
  enum OrgEvidence : unsigned {
    kListedOrganisation = 1 << 0,  // the name is in organisations.tsv (name or alias)
    kOrgWordInName = 1 << 1,       // a word of it is in org_suffixes.txt ("Election Commission")
    kSureSuffixInName = 1 << 2,    // a word of it is a sure suffix ("Mount Sinai Hospital")
    kOrgPrefixFirst = 1 << 3,      // its first word opens org_prefixes.txt ("Real", "Air")
    kContextCue = 1 << 4,          // org_evidence.txt around the mention ("spokesman for the X")
  };
  // `words`: the name's words; `kinds`: OrgEvidence bits.
  bool HasOrganisationEvidence(std::string_view text, const Entity& e, std::span<const std::string_view> words,
                               unsigned kinds) const;
  bool IsGroupWord(std::string_view word) const { return groups_.count(word) || places_.FindDemonym(word); }
  // Corrections 2b, 4c, 5b and 8b-8f (the sample stories and names from every region, issue 16), each apart.
  void CompaniesTakeTheirWholeName(std::string_view text, std::vector<Entity>* entities) const;
  void CountiesArePlaces(std::string_view text, std::vector<Entity>* entities) const;
  void NamesDoNotOpenWithASentencesArticle(std::string_view text, std::vector<Entity>* entities) const;
  void RegionalDemonymsAreMisc(std::string_view text, std::vector<Entity>* entities) const;
  static void ClimatePatternsAreMisc(std::vector<Entity>* entities);
  void PluralAcronymsAreNoNames(std::vector<Entity>* entities) const;
  void BylinesNamePeople(std::string_view text, std::vector<Entity>* entities) const;
  static void NamesJoinAcrossParticles(std::string_view text, std::vector<Entity>* entities);
  // Correction 1 and its phases.
  void TitlesAreNotNames(std::string_view text, std::vector<Entity>* entities) const;
  struct SpanWords {  // an entity's words, and where each begins in the text
    std::vector<std::string_view> words;
    std::vector<size_t> begins;
    void Split(std::string_view text, const Entity& e);
  };
  struct TitledName {  // word indices; both words.size() when there is none
    size_t title, name;
  };
  TitledName FindTitledName(EntityType type, const std::vector<std::string_view>& words) const;
  bool LooksLikeUnlistedFullName(const std::vector<std::string_view>& words, size_t from) const;
  void KeepWhatPrecedesTitle(std::string_view text, const Entity& e, const SpanWords& span, size_t title,
                             std::vector<Entity>* out) const;
  void GivenNameTakesSurname(std::string_view text, const std::vector<Entity>& entities, size_t* k, Entity* e) const;
  void DropTrailingCommonWords(std::string_view text, Entity* e) const;
  // Words of a title starting at words[at] (longest listed title), or 0.
  size_t TitleAt(std::span<const std::string_view> words, size_t at) const;
  bool IsSureOrgSuffix(std::string_view word) const { return org_suffixes_.find(word) != org_suffixes_.end(); }

  // Looked up by string_view without building a std::string.
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using WordSet = std::unordered_set<std::string, Hash, std::equal_to<>>;

  const PlaceGazetteer& places_;
  WordSet capitals_;                            // as written
  WordSet org_suffixes_;                        // as written
  WordSet legal_forms_;                         // the suffixes that are legal forms ("Inc", "SA")
  WordSet organisations_;                       // lower case, names and aliases
  WordSet locations_;                           // locations.txt, lower case
  WordSet place_suffixes_;                      // overrides/place_words.txt, as written
  std::vector<std::string> place_prefixes_;     // its prefixes ("Mount", "Gulf of")
  WordSet org_words_;                           // org_suffixes.txt, as written
  WordSet places_as_written_;                   // lower case: ambiguous country aliases ("Congo")
  std::shared_ptr<const WordLists> words_;      // what the lists below were read from
  const WordList* common_words_ = nullptr;      // common_words.txt (lower case), or null
  WordSet titles_;                              // lower case, words joined by one space
  WordSet title_first_words_;                   // lower case
  size_t longest_title_ = 0;                    // in words
  WordSet misc_heads_;                          // as written: "Act", "Initiative", "Cup"
  WordSet groups_;                              // as written: "Rohingya", "Muslims"
  WordSet org_first_words_;                     // org_prefixes.txt (first words), as written
  std::vector<std::string> cues_before_;        // lower case: "spokesman for"
  std::vector<std::string> cues_after_;         // as written: "said", "'s chief executive"
  const WordList* first_names_ = nullptr;       // first_names.tsv, as written ("Daniel"), or null
};

}  // namespace wiretag
