#include "check/own_dockerfile.h"

#include <algorithm>
#include <cctype>
#include <set>

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

std::string first_word(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  size_t e = s.find_first_of(" \t", b);
  return s.substr(b, e == std::string::npos ? std::string::npos : e - b);
}

}  // namespace

std::optional<OwnDockerfile> read_own_dockerfile(const spec::Spec& spec, const spec::Module& m) {
  if (!m.build || !m.build->dockerfile) return std::nullopt;
  return read_own_dockerfile(spec.file, m.build->dockerfile->value);
}

std::optional<OwnDockerfile> read_own_dockerfile(const std::string& spec_file,
                                                 const std::string& path) {
  HostPath where = locate_host_path(spec_file, path, HostPathKind::File);
  if (where.outside || where.special || !where.exists) return std::nullopt;  // project-paths
  OwnDockerfile out;
  out.shown = where.shown;
  std::string why;
  auto text = read_project_file(spec_file, path, why);
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
  return built_stage(parse, target ? &target->value : nullptr);
}

const dockerfile::DockerStage* built_stage(const dockerfile::DockerfileParse& parse,
                                           const std::string* target) {
  if (parse.stages.empty()) return nullptr;
  if (!target) return &parse.stages.back();
  // Docker compares stage names case-insensitively.
  const std::string want = lower(*target);
  auto it = std::find_if(parse.stages.begin(), parse.stages.end(),
                         [&](const dockerfile::DockerStage& s) { return lower(s.name) == want; });
  return it == parse.stages.end() ? nullptr : &*it;
}

const dockerfile::DockerInstruction* effective_user(const dockerfile::DockerfileParse& parse,
                                                    const dockerfile::DockerStage* stage) {
  std::set<const dockerfile::DockerStage*> seen;  // FROM chains cannot loop, but stay safe
  while (stage && seen.insert(stage).second) {
    for (auto it = stage->instructions.rbegin(); it != stage->instructions.rend(); ++it)
      if (it->keyword == "USER") return &*it;
    const std::string parent = lower(first_word(dockerfile::split_options(stage->from.args).second));
    const dockerfile::DockerStage* next = nullptr;
    for (const auto& s : parse.stages) {
      if (&s == stage) break;  // only earlier stages can be FROM'd by name
      if (!s.name.empty() && lower(s.name) == parent) next = &s;
    }
    stage = next;
  }
  return nullptr;
}

std::string user_of(const dockerfile::DockerInstruction& user) {
  return first_word(user.args.substr(0, user.args.find(':')));
}

namespace {
bool small_number(const std::string& s) {
  return !s.empty() && s.size() <= 9 && s.find_first_not_of("0123456789") == std::string::npos;
}
}  // namespace

ImageUser image_user(const dockerfile::DockerfileParse& parse, const dockerfile::DockerStage* stage) {
  ImageUser out;
  out.user = effective_user(parse, stage);
  if (!out.user) return out;
  out.who = user_of(*out.user);
  if (!small_number(out.who)) {
    out.kind = out.who == "root" ? ImageUser::Kind::Root : ImageUser::Kind::Name;
    return out;
  }
  out.uid = std::stol(out.who);
  if (out.uid == 0) {
    out.kind = ImageUser::Kind::Root;
    return out;
  }
  out.kind = ImageUser::Kind::Numeric;
  const size_t colon = out.user->args.find(':');
  const std::string group =
      colon == std::string::npos ? "" : first_word(out.user->args.substr(colon + 1));
  out.gid = small_number(group) ? std::stol(group) : out.uid;
  return out;
}

}  // namespace gen::check
