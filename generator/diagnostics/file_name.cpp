#include "diagnostics/file_name.h"

#include <mutex>
#include <unordered_set>

namespace gen {

FileName::FileName(const std::string& name) : name_(name.empty() ? nullptr : intern(name)) {}
FileName::FileName(const char* name) : FileName(std::string(name)) {}

const std::string& FileName::empty_name() {
  static const std::string empty;
  return empty;
}

const std::string* FileName::intern(const std::string& name) {
  // Never freed: a name interned once is needed until exit (diagnostics
  // outlive the trees they came from), and the set stays small.
  static std::mutex mutex;
  static auto* names = new std::unordered_set<std::string>();
  std::lock_guard<std::mutex> lock(mutex);
  return &*names->insert(name).first;
}

}  // namespace gen
