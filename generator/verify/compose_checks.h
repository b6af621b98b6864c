// The checks of verify_compose on one compose document, split by when they
// can run: a service's as soon as its entry is parsed (verify_compose hands
// them over as they stream, yaml/mapping_stream.h, so a 10,000-service file
// is never a whole tree), the top level's once the document is complete.
// What a service's checks need from the top level (is compose's default
// network internal? is a secret declared?) it leaves as facts for the end,
// since a template may write `services` before or after the other keys.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "diagnostics/diagnostic.h"
#include "model/project.h"
#include "yaml/node.h"
#include "util/file_set.h"

namespace gen::verify {

class ComposeDocumentCheck {
 public:
  // The document is in the compose file `path`; services named like a
  // module of `project` are checked against that module's resolved values,
  // and their names added to `seen`.
  ComposeDocumentCheck(const std::string& path, const OutputFile& file,
                       const model::Project& project, Diagnostics& diags,
                       std::set<std::string>& seen);

  // One entry of the document's `services` mapping, checked against the
  // contract.
  void service(const yaml::Entry& entry);

  // The complete document: any services still in it (all of them when they
  // were not streamed), its top level, and the facts its services left.
  void finish(const yaml::Node& doc);

  // What the checks across the document need from its services.
  struct NetworkJoin {  // a module without egress on a network that may route out
    std::string service;
    SourceLocation where;
    bool routed = false;  // the routed network; else compose's default one
  };
  struct SecretMount {  // a secret mount, to be declared at the top level
    std::string service;
    SourceLocation where;  // the service's key
    std::string secret;
    bool host = false;  // declared with its file; else as external
  };

 private:
  const std::string& path_;
  const OutputFile& file_;
  const model::Project& project_;
  Diagnostics& diags_;
  std::set<std::string>& seen_;
  std::vector<NetworkJoin> joins_;
  std::vector<SecretMount> secrets_;
};

// True when `address` is a loopback address (127.0.0.0/8, ::1, localhost).
bool is_loopback(const std::string& address);

// The host address of a compose port: "127.0.0.1:8100:5000" -> "127.0.0.1",
// "[::1]:80:80/tcp" -> "::1"; "" when none is given (all interfaces).
std::string port_host_ip(const std::string& port);
// The host port a short-syntax compose port publishes ("" when none).
std::string published_port(const std::string& port);

}  // namespace gen::verify
