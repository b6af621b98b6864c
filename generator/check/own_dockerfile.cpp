#include "check/own_dockerfile.h"

#include <algorithm>
#include <cctype>

#include "check/project_files.h"

namespace gen::check {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A Dockerfile is text: a NUL byte says it is not one (an image, an archive),
// and parsing it would only produce nonsense findings.
bool binary(const std::string& text) { return text.find('\0') != std::string::npos; }

}  // namespace

std::optional<OwnDockerfile> read_own_dockerfile(const spec::Spec& spec, const spec::Module& m) {
  if (!m.build || !m.build->dockerfile) return std::nullopt;
  const std::string& path = m.build->dockerfile->value;
  HostPath where = locate_host_path(spec.file, path, HostPathKind::File);
  if (where.outside || where.special || !where.exists) return std::nullopt;  // project-paths
  OwnDockerfile out;
  out.shown = where.shown;
  std::string why;
  auto text = read_project_file(spec.file, path, why);
  if (!text) {
    out.unreadable = why;
  } else if (binary(*text)) {
    out.unreadable = "it is not a text file (it holds a NUL byte)";
  } else {
    out.text = std::move(*text);
    out.parse = dockerfile::parse_dockerfile(out.text);
  }
  return out;
}

const dockerfile::DockerStage* built_stage(const dockerfile::DockerfileParse& parse,
                                           const std::optional<spec::LString>& target) {
  if (parse.stages.empty()) return nullptr;
  if (!target) return &parse.stages.back();
  // Docker compares stage names case-insensitively.
  const std::string want = lower(target->value);
  auto it = std::find_if(parse.stages.begin(), parse.stages.end(),
                         [&](const dockerfile::DockerStage& s) { return lower(s.name) == want; });
  return it == parse.stages.end() ? nullptr : &*it;
}

}  // namespace gen::check
