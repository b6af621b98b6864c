// The filter and test tables (Jinja2's FILTERS and TESTS dictionaries, plus
// gen's own filters). A parsed template refers to entries by index, so a
// name is looked up once, when the template is parsed.
#pragma once

#include <array>
#include <functional>
#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "template/parser.h"
#include "template/value.h"

namespace gen::tmpl {

class Evaluator;

// The arguments of a filter, test or call after the input value.
struct CallArgs {
  ValueList pos;
  std::vector<std::pair<std::string, Value>> kw;
};

using FilterFn = std::function<Value(Evaluator&, const Value& input, const CallArgs& args)>;
// A filter's second form, optional: the same result (a string) appended to
// the output. `{{ x|tojson }}` then writes straight into the rendered text
// instead of building a string value that is copied there.
using AppendFn = void (*)(Evaluator&, const Value& input, const CallArgs& args, std::string& out);
using TestFn = std::function<bool(Evaluator&, const Value& input, const CallArgs& args)>;

// A filter's value form made from its append form: one implementation.
template <AppendFn append>
Value filter_from_append(Evaluator& ev, const Value& input, const CallArgs& args) {
  std::string out;
  append(ev, input, args, out);
  return Value::string(std::move(out));
}

class Registry : public NameTables {
 public:
  // The built-in Jinja2 filters and tests and gen's own filters.
  Registry();

  // Adds or replaces a filter (existing ids stay valid). Replacing one
  // drops its append form unless a new one is given.
  void set_filter(const std::string& name, FilterFn fn, AppendFn append = nullptr);
  void set_test(const std::string& name, TestFn fn);

  const FilterFn& filter(int id) const { return filters_[static_cast<size_t>(id)].second; }
  AppendFn appender(int id) const { return appenders_[static_cast<size_t>(id)]; }
  const TestFn& test(int id) const { return tests_[static_cast<size_t>(id)].second; }

  int filter_id(const std::string& name) const override;
  int test_id(const std::string& name) const override;
  std::vector<std::string> filter_names() const override;
  std::vector<std::string> test_names() const override;
  bool is_unsupported_filter(const std::string& name) const override;
  bool is_unsupported_test(const std::string& name) const override;

 private:
  std::vector<std::pair<std::string, FilterFn>> filters_;
  std::vector<AppendFn> appenders_;  // by filter id; nullptr: none
  std::map<std::string, int> filter_ids_;
  std::vector<std::pair<std::string, TestFn>> tests_;
  std::map<std::string, int> test_ids_;
};

// Defined in filters.cpp, tests.cpp, gen_filters.cpp and escape_filters.cpp.
void add_jinja_filters(Registry& r);
void add_jinja_tests(Registry& r);
void add_gen_filters(Registry& r);
void add_escape_filters(Registry& r);

// Binds filter arguments like a Python signature: `params` are the names
// after the input, the first `required` of them mandatory. Errors (too many
// arguments, unknown keyword, missing argument) say `func`'s name.
class ArgBinder {
 public:
  static constexpr size_t kMaxParams = 6;
  ArgBinder(const char* func, const CallArgs& args, std::initializer_list<const char*> params,
            size_t required = 0);
  bool has(size_t i) const { return values_[i] != nullptr; }
  const Value& get(size_t i) const { return values_[i] ? *values_[i] : none_; }
  // The value, or `fallback` when not given.
  Value get_or(size_t i, Value fallback) const { return values_[i] ? *values_[i] : fallback; }

 private:
  // Points into the CallArgs (which outlive the binder): no copies.
  std::array<const Value*, kMaxParams> values_{};
  Value none_;
};

}  // namespace gen::tmpl
