#include "render/edge_model.h"

#include <map>

#include "model/edge.h"

namespace gen::render {

using Json = nlohmann::ordered_json;

Json edge_model(const model::Project& project) {
  Json sites = Json::array();
  std::map<std::string, size_t> index;
  std::map<std::string, Json> catch_all;  // host -> its "/" handler, written last
  for (const auto& r : project.routes) {
    auto [it, fresh] = index.emplace(r.host, sites.size());
    if (fresh) {
      Json site = Json::object();
      // Plain HTTP unless the host has TLS: Caddy's own scheme prefix.
      site["address"] = r.tls ? r.host : "http://" + r.host;
      bool files = r.tls && !r.tls->issuer;
      site["cert"] = files ? Json("/run/secrets/" + r.tls->name + "-crt") : Json(nullptr);
      site["key"] = files ? Json("/run/secrets/" + r.tls->name + "-key") : Json(nullptr);
      site["issuer"] = r.tls && r.tls->issuer ? Json(r.tls->name) : Json(nullptr);
      site["handles"] = Json::array();
      sites.push_back(std::move(site));
    }
    Json handle = Json::object();
    handle["matchers"] = r.path == "/" ? Json::array() : Json::array({r.path, r.path + "/*"});
    handle["upstream"] = r.module + ":" + std::to_string(r.port);
    if (r.path == "/")
      catch_all[r.host] = std::move(handle);
    else
      sites[it->second]["handles"].push_back(std::move(handle));
  }
  for (auto& site : sites) {
    std::string address = site["address"].get<std::string>();
    std::string host = address.rfind("http://", 0) == 0 ? address.substr(7) : address;
    auto it = catch_all.find(host);
    if (it != catch_all.end()) site["handles"].push_back(std::move(it->second));
  }
  Json out = Json::object();
  out["http_port"] = model::kEdgeHttpPort;
  out["https_port"] = model::kEdgeHttpsPort;
  out["sites"] = std::move(sites);
  return out;
}

}  // namespace gen::render
