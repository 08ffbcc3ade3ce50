#pragma once
// Name shapes the entity model reads for names from outside Europe and North
// America, which the training text (1996 Reuters) and the name lists know
// little of:
//
// - SyllableShapeOf: whether a capitalised token reads as romanised Chinese or
//   Korean syllables, the shape of given names no list can hold in full
//   ("Jinping" = jin+ping, "Lijian", "Jaein"; "Min-soo", "Ching-te" with the
//   hyphen Korean and Taiwanese given names take in English). A word of one
//   syllable is told apart from one of two or three; English words can have
//   the shape too ("Change", "Japan"): the model weighs it with the others.
// - IsNameParticle / HasNameParticlePrefix: the particles that join the parts
//   of a name ("bin", "al", "van", "de", "dos", "ould"), alone or glued to the
//   next part ("al-Sisi", "el-Sisi").
//
// Pure functions of the token's bytes; thread-safe.

#include <cstdint>
#include <string_view>

namespace wiretag::model {

enum class SyllableShape : uint8_t {
  kNone = 0,        // not capitalised, or not made of romanised syllables
  kOne = 1,         // "Wang", "Qiang", "Min"
  kTwo = 2,         // "Jinping", "Lijian", "Jaein"
  kThree = 3,       // "Xuexiang" is two; "Zhongnanhai" three
  kHyphenated = 4,  // "Min-soo", "Jae-in", "Ching-te": one syllable, a hyphen, one in lower case
};

// `token` as written (UTF-8). Only ASCII letters and one inner hyphen qualify;
// the first letter must be upper case and the rest lower case.
SyllableShape SyllableShapeOf(std::string_view token);

// `word` in any case ("bin", "Ibn", "al", "van", "De", ...).
bool IsNameParticle(std::string_view word);

// "al-Sisi", "el-Baradei", "ad-Din", "as-Sadr": an Arabic article glued by a
// hyphen to a capitalised name part.
bool HasNameParticlePrefix(std::string_view token);

}  // namespace wiretag::model
