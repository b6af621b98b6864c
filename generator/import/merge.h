// How compose merges a file over another (several -f files, `extends`),
// per the Compose specification's merge rules: mappings merge key by key,
// sequences append (equal scalars kept once), except command, entrypoint and
// healthcheck.test (replaced), and ports, volumes, secrets and configs, which
// are unique by their merge key (the later entry replaces the earlier one).
// Services are normalised first (environment, labels, ... lists become
// mappings; depends_on and networks lists become mappings) so that a list in
// one file merges with a mapping in the other, as compose does.
#pragma once

#include "yaml/node.h"

namespace gen::import {

// Rewrites a service's list-or-mapping keys into their mapping form, keeping
// every position.
void normalise_service(yaml::Node& service);

// Merges service `over` into `base` (both normalised mappings).
void merge_service(yaml::Node& base, yaml::Node over);

// Merges compose file `over` into `base` (top-level mappings): services by
// merge_service, networks/volumes/secrets/configs key by key, other keys
// replaced.
void merge_project(yaml::Node& base, yaml::Node over);

// The merge key of one ports/volumes/secrets/configs item ("" when the item
// is malformed: such items are kept as they are, and reported when mapped).
std::string merge_key(const std::string& attribute, const yaml::Node& item);

}  // namespace gen::import
