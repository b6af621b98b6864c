// Where template text comes from. gen renders its built-in templates
// (compiled into the binary) unless `--templates DIR` holds a file with the
// same relative path: LayeredLoader puts a DirectoryLoader over the
// BuiltinLoader. Tests use MemoryLoader.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gen::tmpl {

struct TemplateSource {
  std::string name;  // the relative name it was asked for
  std::string file;  // shown in diagnostics: "DIR/name" or "builtin:name"
  std::string text;
};

class TemplateLoader {
 public:
  virtual ~TemplateLoader() = default;
  // The template called `name` (a relative path with '/'), if there is one.
  virtual std::optional<TemplateSource> load(const std::string& name) const = 0;
  // Every template name this loader can load, sorted.
  virtual std::vector<std::string> list() const = 0;
};

// Names are relative paths below the root; "..", absolute paths and empty
// segments are rejected (a template cannot reach outside its folder).
bool valid_template_name(const std::string& name);

class MemoryLoader : public TemplateLoader {
 public:
  explicit MemoryLoader(std::map<std::string, std::string> files, std::string prefix = "")
      : files_(std::move(files)), prefix_(std::move(prefix)) {}
  std::optional<TemplateSource> load(const std::string& name) const override;
  std::vector<std::string> list() const override;

 private:
  std::map<std::string, std::string> files_;
  std::string prefix_;  // put before names in `file`, e.g. "builtin:"
};

class DirectoryLoader : public TemplateLoader {
 public:
  explicit DirectoryLoader(std::string root) : root_(std::move(root)) {}
  std::optional<TemplateSource> load(const std::string& name) const override;
  std::vector<std::string> list() const override;
  const std::string& root() const { return root_; }

 private:
  std::string root_;
};

// The templates compiled into gen (every file under templates/, see
// cmake/Templates.cmake), named "builtin:<name>" in diagnostics.
class BuiltinLoader : public TemplateLoader {
 public:
  std::optional<TemplateSource> load(const std::string& name) const override;
  std::vector<std::string> list() const override;
};

// Tries each loader in order (the override directory first).
class LayeredLoader : public TemplateLoader {
 public:
  explicit LayeredLoader(std::vector<std::shared_ptr<const TemplateLoader>> layers)
      : layers_(std::move(layers)) {}
  std::optional<TemplateSource> load(const std::string& name) const override;
  std::vector<std::string> list() const override;

 private:
  std::vector<std::shared_ptr<const TemplateLoader>> layers_;
};

// The loader gen uses: `override_dir` (if not empty) over the built-ins.
std::shared_ptr<const TemplateLoader> make_default_loader(const std::string& override_dir);

}  // namespace gen::tmpl
