// The edge proxy's Caddyfile (routes, issue 21), read back: every route of
// the spec has its site (plain HTTP as `http://host`, TLS by the host's
// name), a handler for its path prefix proxying to its module and port, and
// the secret's files for TLS; no handler proxies anywhere the routes do
// not; the admin API is off. A line-based reader of the block structure gen
// writes (one directive per line, `{` and `}` ending lines), not a full
// Caddyfile parser: a template writing another shape fails here.
#include <map>
#include <set>
#include <sstream>
#include <vector>

#include "model/edge.h"
#include "verify/artifact.h"
#include "verify/verifiers.h"

namespace gen::verify {

namespace {

struct Handle {
  std::vector<std::string> matchers;
  std::string upstream;
  int line = 0;
};

struct CaddySite {
  std::string address;
  std::string tls;  // "cert key" when a tls line names files
  std::vector<Handle> handles;
  int line = 0;
};

std::vector<std::string> words_of(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

}  // namespace

void verify_edge(const FileSet& files, const model::Project& project, Diagnostics& diags) {
  auto it = files.find(model::kEdgeCaddyfile);
  if (it == files.end()) return;  // this run renders no edge
  const std::string path = it->first;
  const OutputFile& file = it->second;
  auto fail = [&](int line, const std::string& message) {
    artifact_error(diags, "edge-config", path, file, line, 1, message);
  };
  std::vector<CaddySite> sites;
  bool admin_off = false;
  int depth = 0, number = 0;
  CaddySite* site = nullptr;
  Handle* handle = nullptr;
  std::string buffer;
  std::istringstream in(text_of(file, buffer));
  for (std::string line; std::getline(in, line);) {
    ++number;
    auto w = words_of(line);
    if (w.empty() || w[0][0] == '#') continue;
    bool opens = w.back() == "{";
    if (opens) w.pop_back();
    if (w.size() == 1 && w[0] == "}") {
      if (depth == 2) handle = nullptr;
      if (depth == 1) site = nullptr;
      --depth;
      continue;
    }
    if (depth == 0 && opens) {
      if (w.empty()) {  // the global options block
        ++depth;
        continue;
      }
      sites.push_back(CaddySite{w[0], "", {}, number});
      site = &sites.back();
      ++depth;
      continue;
    }
    if (depth == 1 && !site && w.size() == 2 && w[0] == "admin" && w[1] == "off") admin_off = true;
    if (depth == 1 && site && !w.empty() && w[0] == "tls" && w.size() == 3)
      site->tls = w[1] + " " + w[2];
    if (depth == 1 && site && opens && !w.empty() && w[0] == "handle") {
      site->handles.push_back(Handle{{w.begin() + 1, w.end()}, "", number});
      handle = &site->handles.back();
      ++depth;
      continue;
    }
    if (depth == 2 && handle && w.size() == 2 && w[0] == "reverse_proxy") handle->upstream = w[1];
    if (opens) ++depth;  // a block gen does not write: its contents are not read
  }
  if (!admin_off) fail(1, "the Caddyfile does not turn the admin API off (`admin off`)");
  std::map<std::string, const CaddySite*> by_address;
  for (const auto& s : sites) by_address[s.address] = &s;
  std::set<std::pair<const CaddySite*, size_t>> used;
  for (const auto& r : project.routes) {
    std::string subject = "route " + r.host + r.path + " (module " + r.module + ")";
    std::string address = r.tls ? r.host : "http://" + r.host;
    auto s = by_address.find(address);
    if (s == by_address.end()) {
      fail(1, subject + ": no site " + address + " in the Caddyfile");
      continue;
    }
    const CaddySite& site_of = *s->second;
    if (r.tls && !r.tls->issuer) {
      std::string want = "/run/secrets/" + r.tls->name + "-crt /run/secrets/" + r.tls->name + "-key";
      if (site_of.tls != want)
        fail(site_of.line, subject + ": site " + address + " serves TLS from '" + site_of.tls +
                               "', not the files of secret " + r.tls->name + " (" + want + ")");
    }
    std::vector<std::string> want_matchers;
    if (r.path != "/") want_matchers = {r.path, r.path + "/*"};
    bool found = false;
    for (size_t i = 0; i < site_of.handles.size(); ++i) {
      const Handle& h = site_of.handles[i];
      if (h.matchers != want_matchers) continue;
      found = true;
      used.insert({&site_of, i});
      std::string upstream = r.module + ":" + std::to_string(r.port);
      if (h.upstream != upstream)
        fail(h.line, subject + ": proxied to '" + h.upstream + "', not " + upstream);
    }
    if (!found) fail(site_of.line, subject + ": site " + address + " has no handler for it");
  }
  for (const auto& s : sites)
    for (size_t i = 0; i < s.handles.size(); ++i)
      if (!used.count({&s, i}))
        fail(s.handles[i].line, "site " + s.address + " proxies to '" + s.handles[i].upstream +
                                    "', a route the spec does not have");
}

}  // namespace gen::verify
