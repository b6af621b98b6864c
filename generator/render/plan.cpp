#include "render/plan.h"

namespace gen::render {

Local borrow(std::string name, const Json& value) {
  // The aliasing constructor with an empty owner: a pointer without ownership.
  return Local{std::move(name), std::shared_ptr<const Json>(std::shared_ptr<const Json>(), &value)};
}

Local share(std::string name, const std::shared_ptr<const Json>& owner) {
  return Local{std::move(name), owner};
}

Local own(std::string name, Json value) {
  return Local{std::move(name), std::make_shared<const Json>(std::move(value))};
}

Local own_referring(std::string name, Json value, std::shared_ptr<const Json> referred) {
  struct Referring {
    Json value;
    std::shared_ptr<const Json> referred;
  };
  auto both = std::make_shared<const Referring>(Referring{std::move(value), std::move(referred)});
  return Local{std::move(name), std::shared_ptr<const Json>(both, &both->value)};
}

const Json* PlannedFile::local(const std::string& name) const {
  for (const Local& l : locals)
    if (l.name == name) return l.value.get();
  return nullptr;
}

}  // namespace gen::render
