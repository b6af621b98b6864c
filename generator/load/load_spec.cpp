#include "load/load_spec.h"

#include <algorithm>
#include <exception>
#include <thread>

#include "yaml/ids.h"
#include "yaml/read_file.h"
#include "yaml/scalar.h"
#include "yaml/text_check.h"
#include "yaml/yaml_tree.h"
#include "spec/build_model.h"
#include "spec/references.h"
#include "spec/schema.h"
#include "spec/validate.h"
#include "util/parallel.h"

namespace gen::load {

using namespace gen::yaml;  // the YAML layer this stage reads the spec with
namespace {

// `version` decides how to read the rest: with another version, only say so.
bool version_supported(const Node& root, Diagnostics& diags) {
  const Node* v = root.find("version");
  if (!v || !v->is_scalar() || v->quoted) return true;  // the validator reports these
  if (v->value == "1") return true;
  int64_t n = 0;
  if (parse_int(v->value, n) != IntParse::Ok) return true;
  if (n == 1) return true;
  std::string shown = v->value.size() > 40 ? v->value.substr(0, 40) + "..." : v->value;
  Diagnostic& d = diags.error(ids::kSpecVersion, v->loc,
                              "unsupported spec version " + shown + "; this gen reads version 1");
  d.range = v->range();
  d.help = "set version: 1, or use a gen release that reads version " + shown;
  return false;
}

}  // namespace

std::optional<spec::Spec> load_spec_from_string(const std::string& name, std::string text,
                                                Diagnostics& diags, SourceFiles& sources,
                                                int jobs) {
  Diagnostics stage;
  auto finish = [&](std::optional<spec::Spec> spec) {
    stage.sort();
    diags.append(stage);
    if (stage.has_errors()) return std::optional<spec::Spec>{};
    return spec;
  };
  if (!check_text(name, text, stage)) {
    sources.add(name, printable_copy(text));
    return finish(std::nullopt);
  }
  sources.add(name, text);
  std::optional<Node> root = parse_yaml(name, text, stage);
  std::string().swap(text);  // `sources` keeps the copy diagnostics show; the tree is what is read now
  if (!root) return finish(std::nullopt);
  if (root->is_null() || (root->is_scalar() && !root->quoted && root->value.empty())) {
    Diagnostic& d = stage.error(ids::kEmptySpec, SourceLocation{name, 0, 0}, "the spec is empty");
    d.help = "start from `gen init`, or see docs/spec.md";
    return finish(std::nullopt);
  }
  if (root->is_mapping() && !version_supported(*root, stage)) return finish(std::nullopt);
  // Validation and the model build only read the tree, and the build copes
  // with an invalid one (its findings are kept too): on a second thread the
  // validation is off the serial path of every run (about a fifth of the
  // load at 1,000 modules). Findings stay in the same order.
  Diagnostics validation, model;
  auto validate = [&] {
    spec::validate_tree(*root, spec::schema::Schema::get().root(), validation);
  };
  spec::Spec spec;
  if (thread_count(jobs, 2) > 1) {
    std::exception_ptr failed;
    std::thread validator([&] {
      try {
        validate();
      } catch (...) {
        failed = std::current_exception();
      }
    });
    try {
      spec = spec::build_model(*root, name, model);
    } catch (...) {
      validator.join();
      throw;
    }
    validator.join();
    if (failed) std::rethrow_exception(failed);
  } else {
    validate();
    spec = spec::build_model(*root, name, model);
  }
  stage.append(validation);
  stage.append(model);
  spec::check_references(spec, stage);
  return finish(std::move(spec));
}

std::optional<spec::Spec> load_spec(const std::string& path, Diagnostics& diags,
                                    SourceFiles& sources, int jobs) {
  auto text = read_spec_file(path, diags);
  if (!text) return std::nullopt;
  return load_spec_from_string(path, std::move(*text), diags, sources, jobs);
}

bool is_io_error(const Diagnostics& diags) {
  return std::any_of(diags.items().begin(), diags.items().end(),
                     [](const Diagnostic& d) { return d.rule_id == ids::kIoError; });
}

}  // namespace gen::load
