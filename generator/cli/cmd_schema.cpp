// gen schema: the spec's JSON Schema (for editors and CI), or with
// --format markdown the key reference that docs/spec.md embeds. Both come
// from the descriptors the loader validates with (spec/schema.h).
#include <cxxopts.hpp>
#include <ostream>

#include "cli/command.h"
#include "spec/json_schema.h"
#include "spec/schema_docs.h"

namespace gen::cli {

void declare_schema(cxxopts::Options& options) {
  options.add_options()("format", "json (JSON Schema) or markdown (docs/spec.md reference)",
                        cxxopts::value<std::string>()->default_value("json"), "FORMAT");
}

int run_schema(const std::vector<std::string>& args, Io& io) {
  cxxopts::Options options = command_options("schema");
  cxxopts::ParseResult result;
  int code = kExitOk;
  if (!parse_args(options, args, io, result, code)) return code;
  if (!result.unmatched().empty())
    return usage_error(io, "schema", "unexpected argument '" + result.unmatched().front() + "'");
  const auto& schema = spec::schema::Schema::get();
  std::string format = result["format"].as<std::string>();
  if (format == "json")
    io.out << spec::json_schema(schema).dump(2) << "\n";
  else if (format == "markdown")
    io.out << spec::schema_markdown(schema);
  else
    return usage_error(io, "schema", "--format must be json or markdown (got '" + format + "')");
  return kExitOk;
}

}  // namespace gen::cli
