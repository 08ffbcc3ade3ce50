#pragma once
// The trained entity model behind the EntityTagger interface: tokens in (with
// sentence starts from the tokenizer), PER/ORG/LOC/MISC spans out, byte offsets
// into the text. Short person mentions are linked to an earlier full name of the
// same document ("Mattis" -> canonical "Jim Mattis").
//
// Immutable after loading; Tag() is const and thread-safe (per-thread scratch).

#include <filesystem>
#include <memory>

#include "pipeline/taggers/entity_tagger.h"
#include "pipeline/taggers/model/gazetteer_lists.h"

namespace wiretag {

// Loads `model_file` (see model/entity_model.h) and the gazetteer lists it was
// trained with from `gazetteer_dir`. Throws std::runtime_error naming the file
// when the model is missing, damaged or built for another feature set.
// `loaded`: see EntityModel::Load.
std::unique_ptr<EntityTagger> LoadModelEntityTagger(const std::filesystem::path& model_file,
                                                    const std::filesystem::path& gazetteer_dir,
                                                    model::GazetteerLists* loaded = nullptr);

}  // namespace wiretag
