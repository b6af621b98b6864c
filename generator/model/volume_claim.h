// A shared volume's PersistentVolumeClaim in Kubernetes, named in one place
// for render, context and verify.
#pragma once

#include <string>

#include "values/k8s_name.h"

namespace gen::model {

struct Volume;
// values::k8s_name(key) for a volume gen creates; an external volume's name
// as written (the claim the operator provides).
std::string volume_claim(const Volume& v);

}  // namespace gen::model
