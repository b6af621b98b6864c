#include "diagnostics/render.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>

namespace gen {
namespace {

const char* kBold = "\x1b[1m";
const char* kRed = "\x1b[1;31m";
const char* kYellow = "\x1b[1;33m";
const char* kCyan = "\x1b[1;36m";
const char* kGreen = "\x1b[1;32m";
const char* kReset = "\x1b[0m";

std::string position(const SourceLocation& loc) {
  std::string out = loc.file.empty() ? std::string("gen") : loc.file.str();
  if (loc.known()) {
    out += ":" + std::to_string(loc.line);
    if (loc.column > 0) out += ":" + std::to_string(loc.column);
  }
  return out;
}

// Replaces control characters (NUL, escape, ...) so a hostile source line
// cannot corrupt the terminal, keeping tabs so the caret stays aligned.
std::string printable(const std::string& line) {
  std::string out;
  for (unsigned char c : line) {
    if (c == '\t' || c >= 0x20) {
      if (c == 0x7f) out += "?"; else out += static_cast<char>(c);
    } else {
      out += '?';
    }
  }
  return out;
}

// Spaces up to the byte column `column` (1-based), keeping tabs and counting a
// UTF-8 sequence as one character, so the caret lands under the right glyph.
std::string caret_padding(const std::string& line, int column) {
  std::string pad;
  for (int i = 0; i + 1 < column && i < static_cast<int>(line.size()); ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if ((c & 0xC0) == 0x80) continue;
    pad += (c == '\t') ? '\t' : ' ';
  }
  return pad;
}

int caret_width(const Diagnostic& d, const std::string& line) {
  const auto& b = d.range.begin;
  const auto& e = d.range.end;
  if (e.line != b.line || e.column <= b.column) return 1;
  int max = static_cast<int>(line.size()) - b.column + 1;
  int w = e.column - b.column;
  return std::max(1, std::min(w, max));
}

// The source line at `loc` with a caret under its column (`width_of(line)`
// characters wide), when the text of that file is known.
template <typename Width, typename Paint>
void snippet(std::ostringstream& out, const SourceFiles& sources, const SourceLocation& loc,
             Width width_of, Paint paint) {
  if (!loc.known()) return;
  auto line = sources.line(loc.file, loc.line);
  if (!line) return;
  std::string num = std::to_string(loc.line);
  std::string gutter(num.size(), ' ');
  std::string text = printable(*line);
  int column = loc.column;
  int width = width_of(text);
  // A very long line (minified or hostile input) is shown as a window
  // around the column, so one diagnostic never prints megabytes.
  const int kWindow = 160;
  if (static_cast<int>(text.size()) > kWindow) {
    int start = std::max(0, std::min(column - 1 - kWindow / 2,
                                     static_cast<int>(text.size()) - kWindow));
    while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
    int end = std::min(static_cast<int>(text.size()), start + kWindow);
    while (end < static_cast<int>(text.size()) &&
           (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
      ++end;
    std::string prefix = start > 0 ? "..." : "";
    column = column - start + static_cast<int>(prefix.size());
    width = std::max(1, std::min(width, end - (loc.column - 1)));
    text = prefix + text.substr(start, end - start) +
           (end < static_cast<int>(text.size()) ? "..." : "");
  }
  out << " " << num << " | " << text << "\n";
  if (loc.column > 0) {
    std::string marks = "^" + std::string(width - 1, '~');
    out << " " << gutter << " | " << caret_padding(text, column) << paint(kGreen, marks) << "\n";
  }
}

}  // namespace

std::string render_diagnostic_human(const Diagnostic& d, const SourceFiles& sources, bool color) {
  auto paint = [&](const char* code, const std::string& s) {
    return color ? std::string(code) + s + kReset : s;
  };
  const char* sev_color = d.severity == Severity::Error     ? kRed
                          : d.severity == Severity::Warning ? kYellow
                                                            : kCyan;
  std::ostringstream out;
  std::string label = severity_name(d.severity);
  if (!d.rule_id.empty()) label += "[" + d.rule_id + "]";
  out << paint(kBold, position(d.range.begin) + ":") << " " << paint(sev_color, label) << ": "
      << paint(kBold, d.message) << "\n";
  snippet(out, sources, d.range.begin, [&](const std::string& text) { return caret_width(d, text); },
          paint);
  for (const auto& n : d.notes) {
    out << "  = note: " << n.message << "\n";
    if (n.range && n.range->begin.known()) {
      out << "   --> " << position(n.range->begin) << "\n";
      snippet(out, sources, n.range->begin, [](const std::string&) { return 1; }, paint);
    }
  }
  if (!d.help.empty()) out << "  = help: " << d.help << "\n";
  return out.str();
}

namespace {

nlohmann::json location_json(const SourceLocation& l) {
  return {{"file", l.file}, {"line", l.line}, {"column", l.column}};
}

// Each note as {"message", "begin", "end"}; begin and end only when it has a place.
nlohmann::json notes_json(const std::vector<Note>& notes) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& n : notes) {
    nlohmann::json v{{"message", n.message}};
    if (n.range) {
      v["begin"] = location_json(n.range->begin);
      v["end"] = location_json(n.range->end);
    }
    out.push_back(std::move(v));
  }
  return out;
}

// GitHub workflow commands need `%`, CR and LF escaped in the message, and
// also `,` and `:` in properties.
std::string github_escape(const std::string& s, bool property) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      case ':': out += property ? "%3A" : ":"; break;
      case ',': out += property ? "%2C" : ","; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

std::string render_diagnostics(const Diagnostics& diags, const SourceFiles& sources,
                               const RenderOptions& options) {
  std::string out;
  switch (options.format) {
    case DiagnosticFormat::Human:
      for (const auto& d : diags.items()) out += render_diagnostic_human(d, sources, options.color);
      break;
    case DiagnosticFormat::Json: {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& d : diags.items()) {
        arr.push_back({{"rule", d.rule_id},
                       {"severity", severity_name(d.severity)},
                       {"message", d.message},
                       {"begin", location_json(d.range.begin)},
                       {"end", location_json(d.range.end)},
                       {"notes", notes_json(d.notes)},
                       {"help", d.help}});
      }
      out = nlohmann::json{{"diagnostics", arr}}.dump(2, ' ', false,
                                                     nlohmann::json::error_handler_t::replace) +
            "\n";
      break;
    }
    case DiagnosticFormat::Github:
      for (const auto& d : diags.items()) {
        const char* cmd = d.severity == Severity::Error ? "error"
                          : d.severity == Severity::Warning ? "warning" : "notice";
        std::string props;
        const auto& b = d.range.begin;
        if (!b.file.empty()) props += "file=" + github_escape(b.file, true);
        if (b.known()) {
          props += (props.empty() ? "" : ",") + std::string("line=") + std::to_string(b.line);
          if (b.column > 0) props += ",col=" + std::to_string(b.column);
          if (d.range.end.line >= b.line && d.range.end.known())
            props += ",endLine=" + std::to_string(d.range.end.line);
        }
        if (!d.rule_id.empty())
          props += (props.empty() ? "" : ",") + std::string("title=") + github_escape(d.rule_id, true);
        std::string msg = d.message;
        for (const auto& n : d.notes) {
          msg += "\nnote: " + n.message;
          if (n.range && n.range->begin.known()) msg += " (" + position(n.range->begin) + ")";
        }
        if (!d.help.empty()) msg += "\nhelp: " + d.help;
        out += "::" + std::string(cmd) + (props.empty() ? "" : " " + props) +
               "::" + github_escape(msg, false) + "\n";
      }
      break;
  }
  return out;
}

}  // namespace gen
