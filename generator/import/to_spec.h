// The loaded compose model -> the text of a gen spec. Each compose key either
// maps to a spec construct (the table in to_spec.cpp, one entry per key) or
// is reported where it was written as import-dropped, with why and what to
// do. Where the original breaks gen's contract, the spec gets what the
// contract requires and a comment showing the original (import-contract);
// with keep_behaviour, a waiver naming the original instead, where the rule
// has one. A literal secret value is never written: it becomes a secret
// reference.
#pragma once

#include <string>
#include <vector>

#include "diagnostics/diagnostic.h"
#include "import/loader.h"

namespace gen::import {

struct ImportOptions {
  bool keep_behaviour = false;
  std::string spec_path;        // where the spec will be written (paths are relative to it)
  std::string origin;           // how the compose files are named in the header comment
};

struct ImportResult {
  std::string spec_text;
  int services = 0;
  int changes = 0;  // contract changes (import-contract)
  int drops = 0;    // keys dropped (import-dropped)
  int waivers = 0;  // waivers written (--keep-behaviour)
};

ImportResult compose_to_spec(const LoadedCompose& compose, const ImportOptions& options,
                             Diagnostics& diags);

}  // namespace gen::import
