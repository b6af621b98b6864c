// A variable layered over the render context: a name and the JSON value it
// stands for, borrowed (not copied) for the length of one render.
#pragma once

#include <string_view>

#include "template/value.h"

namespace gen::tmpl {

struct Local {
  std::string_view name;
  const Json* value;
};

}  // namespace gen::tmpl
