#include "yaml/yaml_tree.h"

#include <yaml.h>

#include <climits>

#include "yaml/block_reader.h"
#include "yaml/ids.h"
#include "yaml/tree_builder.h"

namespace gen::yaml {
namespace {

Mark mark_of(const yaml_mark_t& m) { return Mark{m.index, m.line, m.column}; }
const char* chars(const yaml_char_t* s) { return reinterpret_cast<const char*>(s); }

// libyaml's parser and its current event, released on every path out.
class EventStream {
 public:
  explicit EventStream(const std::string& text) {
    yaml_parser_initialize(&parser_);
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()),
                                 text.size());
  }
  ~EventStream() {
    release();
    yaml_parser_delete(&parser_);
  }
  EventStream(const EventStream&) = delete;
  EventStream& operator=(const EventStream&) = delete;

  // The next event, or nullptr on a syntax error (see parser()).
  const yaml_event_t* next() {
    release();
    if (!yaml_parser_parse(&parser_, &event_)) return nullptr;
    have_event_ = true;
    return &event_;
  }
  const yaml_parser_t& parser() const { return parser_; }

 private:
  void release() {
    if (have_event_) yaml_event_delete(&event_);
    have_event_ = false;
  }
  yaml_parser_t parser_;
  yaml_event_t event_;
  bool have_event_ = false;
};

// The first line up to `last_line` indented with a tab, or 0: YAML forbids
// tabs in indentation, and the parser's message does not always say so.
int tab_indented_line(const std::string& text, int last_line) {
  int line = 1;
  bool at_start = true;
  for (char c : text) {
    if (line > last_line) break;
    if (c == '\n') {
      ++line;
      at_start = true;
    } else if (at_start && c == '\t') {
      return line;
    } else if (c != ' ') {
      at_start = false;
    }
  }
  return 0;
}

// libyaml's own words ("did not find expected key"), with what it was
// parsing and where that started as a note.
void report_syntax_error(const yaml_parser_t& p, const std::string& file, const std::string& text,
                         const TextPositions& positions, Diagnostics& diags) {
  if (p.error == YAML_MEMORY_ERROR) {
    diags.error(ids::kInputLimit, SourceLocation{file, 0, 0}, "the YAML parser ran out of memory");
    return;
  }
  std::string problem = p.problem ? p.problem : "the YAML parser stopped";
  SourceLocation at{file, 0, 0};
  if (p.error == YAML_READER_ERROR) {
    at = positions.at_byte(file, p.problem_offset);
  } else {
    at = positions.at_char(file, p.problem_mark.index);
  }
  Diagnostic& d = diags.error(ids::kYamlSyntax, at, "YAML syntax error: " + problem);
  if (p.context && p.error != YAML_READER_ERROR) {
    SourceLocation ctx = positions.at_char(file, p.context_mark.index);
    if (ctx.line != at.line || ctx.column != at.column)
      d.notes.push_back({std::string(p.context) + " here", ctx});
  }
  if (int tab = tab_indented_line(text, at.line > 0 ? at.line : INT_MAX))
    d.help = "line " + std::to_string(tab) + " is indented with a tab; YAML indents with spaces";
}

}  // namespace

namespace {

// Parses the documents of `text` into `docs` (an empty stream gives none).
// `single`: a second document is an error.
bool parse_stream(const std::string& file, const std::string& text, Diagnostics& diags,
                  const ParseOptions& limits, bool single, std::vector<Node>& docs) {
  // gen's own artifacts (and most specs) are plain block-style YAML that
  // the block reader takes in a fraction of libyaml's time; it gives up on
  // anything else, and on anything worth a finding, and libyaml reads it.
  if (limits.block_reader) {
    if (read_block_yaml(file, text, limits, single, docs)) return true;
    if (limits.stream) limits.stream->restart();  // libyaml hands the entries over again
  }
  docs.clear();
  TreeBuilder builder(file, text, diags, limits);
  EventStream events(text);
  try {
    for (;;) {
      const yaml_event_t* ev = events.next();
      if (!ev) {
        report_syntax_error(events.parser(), file, text, builder.positions(), diags);
        return false;
      }
      switch (ev->type) {
        case YAML_STREAM_END_EVENT:
          return true;
        case YAML_DOCUMENT_START_EVENT:
          if (single && !docs.empty())
            builder.fail(ids::kYamlUnsupported, mark_of(ev->start_mark),
                         "a spec is a single YAML document, but a second one starts here");
          break;
        case YAML_DOCUMENT_END_EVENT:
          docs.push_back(builder.take_root().value_or(Node{}));
          break;
        case YAML_ALIAS_EVENT:
          builder.alias(mark_of(ev->start_mark), chars(ev->data.alias.anchor));
          break;
        case YAML_SCALAR_EVENT: {
          const auto& s = ev->data.scalar;
          builder.scalar(mark_of(ev->start_mark), mark_of(ev->end_mark),
                         std::string_view(chars(s.value), s.length),
                         s.style == YAML_PLAIN_SCALAR_STYLE, chars(s.tag), chars(s.anchor));
          break;
        }
        case YAML_SEQUENCE_START_EVENT:
          builder.open(Node::Kind::Sequence, mark_of(ev->start_mark),
                       chars(ev->data.sequence_start.tag), chars(ev->data.sequence_start.anchor));
          break;
        case YAML_MAPPING_START_EVENT:
          builder.open(Node::Kind::Mapping, mark_of(ev->start_mark),
                       chars(ev->data.mapping_start.tag), chars(ev->data.mapping_start.anchor));
          break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
          builder.close();
          break;
        default:  // stream start, no event
          break;
      }
    }
  } catch (const TreeBuilder::Abort&) {
    return false;
  }
}

Node empty_document(const std::string& file) {
  Node empty;
  empty.loc = SourceLocation{file, 0, 0};
  return empty;
}

}  // namespace

std::optional<Node> parse_yaml(const std::string& file, const std::string& text, Diagnostics& diags,
                               const ParseOptions& limits) {
  std::vector<Node> docs;
  if (!parse_stream(file, text, diags, limits, true, docs)) return std::nullopt;
  if (docs.empty()) return empty_document(file);
  return std::move(docs.front());
}

std::optional<std::vector<Node>> parse_yaml_documents(const std::string& file,
                                                      const std::string& text, Diagnostics& diags,
                                                      const ParseOptions& limits) {
  std::vector<Node> docs;
  if (!parse_stream(file, text, diags, limits, false, docs)) return std::nullopt;
  std::vector<Node> kept;
  for (Node& d : docs)
    if (!d.is_null()) kept.push_back(std::move(d));
  if (kept.empty()) kept.push_back(empty_document(file));
  return kept;
}

}  // namespace gen::yaml
