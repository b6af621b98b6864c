#include "dockerfile/parse.h"

#include <cctype>
#include <nlohmann/json.hpp>
#include <string_view>

namespace gen::dockerfile {

namespace {

std::string_view rtrim(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

size_t skip_blanks(std::string_view s, size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return i;
}

}  // namespace

DockerfileParse parse_dockerfile(const std::string& text) {
  const std::string_view all(text);
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= all.size()) {
    size_t end = all.find('\n', start);
    if (end == std::string_view::npos) {
      if (start < all.size()) lines.push_back(all.substr(start));
      break;
    }
    lines.push_back(all.substr(start, end - start));
    start = end + 1;
  }

  DockerfileParse out;
  auto add = [&](DockerInstruction ins) {
    if (ins.keyword == "FROM") {
      DockerStage st;
      st.from = ins;
      // FROM [--platform=..] image [AS name]
      std::string rest = split_options(ins.args).second;
      size_t as = std::string::npos;
      for (size_t i = 0; i + 4 <= rest.size(); ++i) {
        if ((i == 0 || rest[i - 1] == ' ' || rest[i - 1] == '\t') &&
            (rest.compare(i, 3, "AS ") == 0 || rest.compare(i, 3, "as ") == 0 ||
             rest.compare(i, 3, "As ") == 0 || rest.compare(i, 3, "aS ") == 0)) {
          as = i;
          break;
        }
      }
      if (as != std::string::npos)
        st.name = rtrim(std::string_view(rest).substr(skip_blanks(rest, as + 3)));
      out.stages.push_back(std::move(st));
    } else if (out.stages.empty()) {
      out.before_first_from.push_back(std::move(ins));
    } else {
      out.stages.back().instructions.push_back(std::move(ins));
    }
  };

  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view l = lines[i];
    size_t first = skip_blanks(l, 0);
    if (first >= l.size() || l[first] == '#' || rtrim(l).size() <= first) continue;
    DockerInstruction ins;
    ins.line = static_cast<int>(i) + 1;
    ins.column = static_cast<int>(first) + 1;
    size_t kw_end = first;
    while (kw_end < l.size() && !std::isspace(static_cast<unsigned char>(l[kw_end]))) ++kw_end;
    for (size_t k = first; k < kw_end; ++k)
      ins.keyword += static_cast<char>(std::toupper(static_cast<unsigned char>(l[k])));
    std::string_view body = l.substr(kw_end);
    // Continuation: the line ends with the escape character.
    while (true) {
      std::string_view t = rtrim(body);
      if (t.empty() || t.back() != '\\') {
        ins.args += t;
        break;
      }
      t.remove_suffix(1);
      ins.args += t;
      // The next line that is not a comment or empty continues it.
      ++i;
      while (i < lines.size()) {
        size_t f = skip_blanks(lines[i], 0);
        if (f < lines[i].size() && lines[i][f] != '#' && !rtrim(lines[i]).empty()) break;
        ++i;
      }
      if (i >= lines.size()) break;
      body = lines[i];
    }
    ins.args.erase(0, skip_blanks(ins.args, 0));
    add(std::move(ins));
  }
  return out;
}

std::optional<std::vector<std::string>> json_args(const std::string& args) {
  auto j = nlohmann::json::parse(args, nullptr, false);
  if (j.is_discarded() || !j.is_array()) return std::nullopt;
  std::vector<std::string> out;
  for (const auto& item : j) {
    if (!item.is_string()) return std::nullopt;
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::vector<std::pair<std::string, std::optional<std::string>>> key_values(const std::string& args,
                                                                           bool legacy_env) {
  std::vector<std::pair<std::string, std::optional<std::string>>> out;
  size_t i = skip_blanks(args, 0);
  // Legacy `ENV key value`: the first word has no '=' and more follows.
  size_t word_end = i;
  while (word_end < args.size() && !std::isspace(static_cast<unsigned char>(args[word_end])) &&
         args[word_end] != '=')
    ++word_end;
  if (legacy_env && word_end < args.size() && args[word_end] != '=') {
    out.push_back({args.substr(i, word_end - i), args.substr(skip_blanks(args, word_end))});
    return out;
  }
  while (i < args.size()) {
    std::string key, value;
    bool has_value = false, in_value = false;
    while (i < args.size()) {
      char c = args[i];
      if (c == ' ' || c == '\t') break;
      if (!in_value && c == '=') {
        in_value = has_value = true;
        ++i;
        continue;
      }
      std::string& dst = in_value ? value : key;
      if (c == '\\' && i + 1 < args.size()) {
        dst += args[i + 1];
        i += 2;
      } else if (c == '"') {
        ++i;
        while (i < args.size() && args[i] != '"') {
          if (args[i] == '\\' && i + 1 < args.size() &&
              (args[i + 1] == '"' || args[i + 1] == '\\' || args[i + 1] == '$')) {
            dst += args[i + 1];
            i += 2;
          } else {
            dst += args[i++];
          }
        }
        ++i;  // closing quote
      } else if (c == '\'') {
        ++i;
        while (i < args.size() && args[i] != '\'') dst += args[i++];
        ++i;
      } else {
        dst += c;
        ++i;
      }
    }
    if (!key.empty())
      out.push_back({key, has_value ? std::optional<std::string>(value) : std::nullopt});
    i = skip_blanks(args, i);
  }
  return out;
}

std::pair<std::vector<std::pair<std::string, std::string>>, std::string> split_options(
    const std::string& args) {
  std::vector<std::pair<std::string, std::string>> options;
  size_t i = skip_blanks(args, 0);
  while (args.compare(i, 2, "--") == 0) {
    size_t end = i;
    while (end < args.size() && !std::isspace(static_cast<unsigned char>(args[end]))) ++end;
    std::string opt = args.substr(i + 2, end - i - 2);
    size_t eq = opt.find('=');
    options.push_back({opt.substr(0, eq), eq == std::string::npos ? "" : opt.substr(eq + 1)});
    i = skip_blanks(args, end);
  }
  return {options, args.substr(i)};
}

}  // namespace gen::dockerfile
