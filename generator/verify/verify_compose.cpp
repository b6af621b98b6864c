// Post-conditions of the compose target, checked on the rendered compose
// files themselves (parsed back with positions), so that a template override
// that drops a hardening setting is refused with a diagnostic in the
// artifact naming the rule and the template. Every service must run as a
// numeric non-root user, with a read-only root filesystem, all capabilities
// dropped, no-new-privileges, published ports on loopback (unless the
// module waives loopback-ports) and, for long-running modules, a health
// check with the spec's timings; conf, config and other modules' directories
// stay read-only; secrets appear only as ${NAME} references. docs/compose.md
// lists the rules.
#include <deque>
#include <set>

#include "verify/artifact.h"
#include "verify/compose_checks.h"
#include "verify/verifiers.h"
#include "verify/yaml_doc.h"

namespace gen::verify {

namespace {

// One compose file, checked while it is parsed: each service as soon as its
// entry is complete, then each document's top level (compose_checks.h), so
// the file's services never stand whole in memory (14 MB of YAML, about
// 100 MiB as a tree, at 10,000 modules). What the checks find and see is
// kept apart until the parse succeeds: a file that turns out not to parse
// reports its syntax error alone, as if nothing had been checked, and a
// restart (the block reader gave up) forgets what was checked before.
class ComposeFileCheck final : public yaml::MappingStream {
 public:
  ComposeFileCheck(const std::string& path, const OutputFile& file, const model::Project& project)
      : MappingStream("services"), path_(path), file_(file), project_(project) {}

  void entry(size_t document, const yaml::Entry& entry) override {
    document_check(document).service(entry);
  }
  void restart() override {
    documents_.clear();
    found_ = Diagnostics();
    seen_.clear();
  }

  // The parsed documents: each one's top level; then what was found and
  // seen goes to `diags` and `seen`.
  void finish(const std::vector<yaml::Node>& docs, Diagnostics& diags,
              std::set<std::string>& seen) {
    for (size_t i = 0; i < docs.size(); ++i) document_check(i).finish(docs[i]);
    diags.append(found_);
    seen.insert(seen_.begin(), seen_.end());
  }

 private:
  ComposeDocumentCheck& document_check(size_t document) {
    while (documents_.size() <= document)
      documents_.emplace_back(path_, file_, project_, found_, seen_);
    return documents_[document];
  }

  const std::string& path_;
  const OutputFile& file_;
  const model::Project& project_;
  std::deque<ComposeDocumentCheck> documents_;  // stable: each refers to found_ and seen_
  Diagnostics found_;
  std::set<std::string> seen_;
};

}  // namespace

void verify_compose(const FileSet& files, const model::Project& project, Diagnostics& diags) {
  std::set<std::string> seen;
  const std::string* first_path = nullptr;
  for (const auto& [path, file] : files) {
    if (file.template_name.rfind("compose/", 0) != 0) continue;
    if (!first_path) first_path = &path;
    ComposeFileCheck check(path, file, project);
    auto docs = parse_yaml_artifact(path, file, diags, &check);
    if (docs) check.finish(*docs, diags, seen);
  }
  if (!first_path) return;
  // Every module that runs has a service somewhere (base modules are images).
  for (const auto& m : project.modules) {
    if (m.kind == model::ModuleKind::Base || seen.count(m.name)) continue;
    artifact_error(diags, "compose-services", *first_path, files.at(*first_path), 0, 0,
                   "no compose service runs module '" + m.name + "'")
        .help = "every module of the spec except base images gets a service";
  }
}

}  // namespace gen::verify
