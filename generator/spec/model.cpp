#include "spec/model.h"

namespace gen::spec {
namespace {

template <typename T, typename Key>
const T* find_by(const std::vector<T>& items, const std::string& name, Key key) {
  for (const auto& item : items)
    if (key(item) == name) return &item;
  return nullptr;
}

}  // namespace

const Module* Spec::find_module(const std::string& name) const {
  return find_by(modules, name, [](const Module& m) -> const std::string& { return m.name.value; });
}

const Network* Spec::find_network(const std::string& key) const {
  return find_by(networks, key, [](const Network& n) -> const std::string& { return n.key.value; });
}

const Volume* Spec::find_volume(const std::string& key) const {
  return find_by(volumes, key, [](const Volume& v) -> const std::string& { return v.key.value; });
}

const Profile* Spec::find_profile(const std::string& name) const {
  return find_by(profiles, name,
                 [](const Profile& p) -> const std::string& { return p.name.value; });
}

}  // namespace gen::spec
