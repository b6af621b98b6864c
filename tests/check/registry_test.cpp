#include <catch2/catch.hpp>

#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include "check/registry.h"
#include "check/rule_docs.h"

using namespace gen::check;

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool kebab(const std::string& id) {
  if (id.empty() || id.front() == '-' || id.back() == '-') return false;
  for (size_t i = 0; i < id.size(); ++i) {
    char c = id[i];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    if (c == '-' && id[i + 1] == '-') return false;
  }
  return true;
}

}  // namespace

TEST_CASE("rule ids are unique kebab-case, with a summary") {
  std::set<std::string> seen;
  for (const auto& r : rules()) {
    INFO(r.id);
    CHECK(kebab(r.id));
    CHECK(seen.insert(r.id).second);
    CHECK(std::string(r.summary).size() > 10);
    CHECK(find_rule(r.id) == &r);
  }
  CHECK(find_rule("no-such-rule") == nullptr);
  CHECK(rules().size() >= 20);
}

TEST_CASE("every rule has its page, compiled in, and the page names the rule") {
  for (const auto& r : rules()) {
    INFO(r.id);
    const std::string* page = rule_doc(r.id);
    REQUIRE(page != nullptr);
    // The compiled text is docs/rules/<id>.md byte for byte.
    CHECK(*page == read(std::string(GEN_SOURCE_DIR) + "/docs/rules/" + r.id + ".md"));
    // It starts with "# <id>" and states the severity and whether it can be waived.
    std::string summary = r.summary;
    summary[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(summary[0])));
    std::string head = "# " + std::string(r.id) + "\n\n" + summary + ".\n\nSeverity: " +
                       gen::severity_name(r.severity) + ". " +
                       (r.waivable ? "Waivable per module with a reason."
                                   : "Cannot be waived.") +
                       "\n\n";
    CHECK(page->substr(0, head.size()) == head);
  }
  // No page without a rule.
  for (const auto& [id, text] : rule_docs()) {
    INFO(id);
    CHECK(find_rule(id) != nullptr);
  }
}

TEST_CASE("docs/rules/README.md lists every rule with its summary") {
  const std::string index = read(std::string(GEN_SOURCE_DIR) + "/docs/rules/README.md");
  for (const auto& r : rules()) {
    INFO(r.id);
    std::string row = std::string("| [") + r.id + "](" + r.id + ".md) | " +
                      gen::severity_name(r.severity) + " | " + (r.waivable ? "yes" : "no") +
                      " | " + r.summary + " |\n";
    CHECK(index.find(row) != std::string::npos);
  }
}
