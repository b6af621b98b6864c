// Validated YAML tree -> the typed spec model (model.h). Also reports the
// structural errors a schema cannot express: a module with both or neither of
// image and build, env entries that say two things at once, two probes in
// one place.
#pragma once

#include <string>

#include "diagnostics/diagnostic.h"
#include "yaml/node.h"
#include "spec/model.h"

namespace gen::spec {

// Lenient: a node of the wrong shape (validate_tree has reported it) is
// skipped, so the rest still reaches the reference checks.
Spec build_model(const yaml::Node& root, const std::string& file, Diagnostics& diags);

}  // namespace gen::spec
