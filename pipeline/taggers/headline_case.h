#pragma once
// Headlines written in title case ("Odyssey Warns of Weak Quarter, CEO Quits")
// read to the entity taggers as one long name: the model, trained on CoNLL
// text, tags such a line as a single ORG. SentenceCasedHeadline gives the
// taggers the headline as a sentence-case editor would write it — each
// capitalised common English word after the first lowered ("Odyssey warns of
// weak quarter, CEO quits") — with every byte offset unchanged, so spans
// found in the copy are spans of the headline.
//
// A word stays capitalised when it is no common word, is written in capitals
// ("CEO"), is a country, region, city of 100,000 or more or nationality
// the gazetteer knows ("Turkey", "Japanese"), a given name before a capitalised word that is no common word
// ("Jerry Rice"), or an organisation word or the end of a place's name right
// after a name ("Deutsche Bank", "Czech Republic"). Pure; thread-safe.

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "pipeline/taggers/entity_corrections.h"
#include "pipeline/taggers/place_gazetteer.h"
#include "pipeline/taggers/tokenizer.h"

namespace wiretag {

// The sentence-case copy of `headline` (tokens: Tokenize(headline)), or
// nothing when the headline is not in title case: fewer than three words of
// four or more letters, one of them in lower case, or fewer than two of them
// common words.
std::optional<std::string> SentenceCasedHeadline(std::string_view headline, std::span<const Token> tokens,
                                                 const EntityCorrections& words, const PlaceGazetteer& places);

}  // namespace wiretag
