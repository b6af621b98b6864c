#include "template/registry.h"

#include "template/error.h"

namespace gen::tmpl {
namespace {

// Jinja2 filters and tests outside gen's subset (a clearer error than
// "no filter named").
const std::set<std::string> kUnsupportedFilters = {
    "e", "escape", "forceescape", "pprint", "random", "safe", "striptags", "urlencode",
    "urlize", "wordwrap", "xmlattr"};
const std::set<std::string> kUnsupportedTests = {"escaped"};

}  // namespace

Registry::Registry() {
  add_jinja_filters(*this);
  add_jinja_tests(*this);
  add_gen_filters(*this);
  add_escape_filters(*this);
}

void Registry::set_filter(const std::string& name, FilterFn fn, AppendFn append) {
  auto it = filter_ids_.find(name);
  if (it != filter_ids_.end()) {
    filters_[static_cast<size_t>(it->second)].second = std::move(fn);
    appenders_[static_cast<size_t>(it->second)] = append;
    return;
  }
  filter_ids_[name] = static_cast<int>(filters_.size());
  filters_.emplace_back(name, std::move(fn));
  appenders_.push_back(append);
}

void Registry::set_test(const std::string& name, TestFn fn) {
  auto it = test_ids_.find(name);
  if (it != test_ids_.end()) {
    tests_[static_cast<size_t>(it->second)].second = std::move(fn);
    return;
  }
  test_ids_[name] = static_cast<int>(tests_.size());
  tests_.emplace_back(name, std::move(fn));
}

int Registry::filter_id(const std::string& name) const {
  auto it = filter_ids_.find(name);
  return it == filter_ids_.end() ? -1 : it->second;
}

int Registry::test_id(const std::string& name) const {
  auto it = test_ids_.find(name);
  return it == test_ids_.end() ? -1 : it->second;
}

std::vector<std::string> Registry::filter_names() const {
  std::vector<std::string> out;
  for (const auto& kv : filter_ids_) out.push_back(kv.first);
  return out;
}

std::vector<std::string> Registry::test_names() const {
  std::vector<std::string> out;
  for (const auto& kv : test_ids_) out.push_back(kv.first);
  return out;
}

bool Registry::is_unsupported_filter(const std::string& name) const {
  return kUnsupportedFilters.count(name) > 0;
}

bool Registry::is_unsupported_test(const std::string& name) const {
  return kUnsupportedTests.count(name) > 0;
}

ArgBinder::ArgBinder(const char* func, const CallArgs& args,
                     std::initializer_list<const char*> param_list, size_t required) {
  const char* const* params = param_list.begin();
  size_t count = param_list.size();
  if (args.pos.size() > count)
    fail(ErrorKind::Type, std::string(func) + "() takes at most " + std::to_string(count) +
                              " argument(s) (" + std::to_string(args.pos.size()) + " given)");
  for (size_t i = 0; i < args.pos.size(); ++i) values_[i] = &args.pos[i];
  for (const auto& kw : args.kw) {
    size_t i = 0;
    while (i < count && kw.first != params[i]) ++i;
    if (i == count)
      fail(ErrorKind::Type,
           std::string(func) + "() got an unexpected keyword argument '" + kw.first + "'");
    if (values_[i])
      fail(ErrorKind::Type,
           std::string(func) + "() got multiple values for argument '" + kw.first + "'");
    values_[i] = &kw.second;
  }
  for (size_t i = 0; i < required; ++i)
    if (!values_[i])
      fail(ErrorKind::Type, std::string(func) + "() missing required argument: '" +
                                params[i] + "'");
}

}  // namespace gen::tmpl
