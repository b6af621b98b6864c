// Routes (issue 21) on Kubernetes, from specs/todo.yaml: an Ingress per host
// (class nginx; TLS from cert-manager's issuer or the operator's Secret), or
// with `api: gateway` an HTTPRoute per host attached to the named Gateway;
// the routed modules' NetworkPolicies admit the edge's namespace to the
// routed port; CONTRACT.md lists the routes. Expectations are written from
// the spec's routes and the networking.k8s.io/v1 and gateway.networking.k8s.io/v1
// APIs, not from gen's output.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>

#include "k8s_output.h"

using namespace gen::test;
namespace fs = std::filesystem;

namespace {

// specs/todo.yaml with `from` replaced by `to` (in a directory of its own).
struct TodoAs {
  fs::path dir;
  TodoAs(const std::string& from, const std::string& to) {
    static int n = 0;
    dir = fs::temp_directory_path() /
          ("gen-routes-" + std::to_string(getpid()) + "-" + std::to_string(++n));
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::string text = k8s_slurp(spec_path("todo"));
    size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    std::ofstream(dir / "todo.yaml") << text;
  }
  ~TodoAs() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  std::string spec() const { return (dir / "todo.yaml").string(); }
};

// The ingress rule of a NetworkPolicy admitting a namespace (null when none).
YAML::Node edge_rule(const YAML::Node& policy) {
  for (const auto& rule : policy["spec"]["ingress"])
    for (const auto& peer : rule["from"])
      if (peer["namespaceSelector"]) return rule;
  return YAML::Node(YAML::NodeType::Null);
}

}  // namespace

TEST_CASE("routes become an Ingress per host with its TLS, to the module's Service port") {
  GenOutput out = run_gen_out({"all", "--spec", spec_path("todo")});
  INFO(out.err);
  REQUIRE(out.code == 0);
  auto objects = k8s_objects(out);
  REQUIRE(objects.count("Ingress/todo.example.com"));
  REQUIRE(objects.count("Ingress/api.todo.example.com"));
  CHECK(objects.at("Ingress/api.todo.example.com").path ==
        "k8s/base/routes/api.todo.example.com.yaml");
  YAML::Node api = objects.at("Ingress/api.todo.example.com").node;
  CHECK(api["apiVersion"].as<std::string>() == "networking.k8s.io/v1");
  CHECK(api["metadata"]["namespace"].as<std::string>() == "todo");
  CHECK(api["spec"]["ingressClassName"].as<std::string>() == "nginx");
  CHECK(api["spec"]["tls"][0]["hosts"][0].as<std::string>() == "api.todo.example.com");
  CHECK(api["spec"]["tls"][0]["secretName"].as<std::string>() == "todo-tls");
  CHECK_FALSE(api["metadata"]["annotations"]);
  YAML::Node rule = api["spec"]["rules"][0];
  CHECK(rule["host"].as<std::string>() == "api.todo.example.com");
  YAML::Node path = rule["http"]["paths"][0];
  CHECK(path["path"].as<std::string>() == "/");
  CHECK(path["pathType"].as<std::string>() == "Prefix");
  CHECK(path["backend"]["service"]["name"].as<std::string>() == "todo-backend");
  CHECK(path["backend"]["service"]["port"]["number"].as<int>() == 8000);
  // The issuer's host: cert-manager's annotation and the Secret it fills.
  YAML::Node web = objects.at("Ingress/todo.example.com").node;
  CHECK(web["metadata"]["annotations"]["cert-manager.io/cluster-issuer"].as<std::string>() ==
        "letsencrypt");
  CHECK(web["spec"]["tls"][0]["secretName"].as<std::string>() == "todo.example.com-tls");
  CHECK(web["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]["port"]["number"]
            .as<int>() == 3000);  // the frontend's first port
  // Every backend is a Service gen writes.
  CHECK(objects.count("Service/todo-backend"));
  CHECK(objects.count("Service/todo-frontend"));
  // kustomize lists the files; no Secret is written.
  CHECK(out.at("k8s/base/kustomization.yaml").find("routes/todo.example.com.yaml") !=
        std::string::npos);
  for (const auto& [key, o] : objects) CHECK(key.rfind("Secret/", 0) != 0);
}

TEST_CASE("a routed module's NetworkPolicy admits only the edge namespace to the routed port") {
  GenOutput out = run_gen_out({"all", "--spec", spec_path("todo")});
  INFO(out.err);
  REQUIRE(out.code == 0);
  auto objects = k8s_objects(out);
  YAML::Node rule = edge_rule(objects.at("NetworkPolicy/todo-backend").node);
  REQUIRE(rule.IsMap());
  REQUIRE(rule["from"].size() == 1);
  YAML::Node peer = rule["from"][0];
  CHECK_FALSE(peer["podSelector"]);
  CHECK(peer["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"].as<std::string>() ==
        "ingress-nginx");
  REQUIRE(rule["ports"].size() == 1);
  CHECK(rule["ports"][0]["port"].as<int>() == 8000);
  CHECK(rule["ports"][0]["protocol"].as<std::string>() == "TCP");
  // Postgres is not routed: no namespace comes in.
  CHECK(edge_rule(objects.at("NetworkPolicy/todo-postgres").node).IsNull());
}

TEST_CASE("api gateway: an HTTPRoute per host attached to the named Gateway, and no Ingress") {
  TodoAs gw("routes: {api: ingress, class: nginx}",
            "routes: {api: gateway, gateway: edge, gateway_namespace: gateway-system}");
  // An issuer is an Ingress matter (rule routes): the frontend serves the Secret too.
  std::string spec = gw.spec();
  {
    std::string text = k8s_slurp(spec);
    size_t at = text.find("tls: {issuer: letsencrypt}");
    REQUIRE(at != std::string::npos);
    text.replace(at, std::string("tls: {issuer: letsencrypt}").size(), "tls: {secret: todo-tls}");
    std::ofstream(spec) << text;
  }
  GenOutput out = run_gen_out({"all", "--spec", spec});
  INFO(out.err);
  REQUIRE(out.code == 0);
  auto objects = k8s_objects(out);
  CHECK_FALSE(objects.count("Ingress/api.todo.example.com"));
  REQUIRE(objects.count("HTTPRoute/api.todo.example.com"));
  YAML::Node r = objects.at("HTTPRoute/api.todo.example.com").node;
  CHECK(r["apiVersion"].as<std::string>() == "gateway.networking.k8s.io/v1");
  CHECK(r["spec"]["parentRefs"][0]["name"].as<std::string>() == "edge");
  CHECK(r["spec"]["parentRefs"][0]["namespace"].as<std::string>() == "gateway-system");
  CHECK(r["spec"]["hostnames"][0].as<std::string>() == "api.todo.example.com");
  YAML::Node match = r["spec"]["rules"][0]["matches"][0]["path"];
  CHECK(match["type"].as<std::string>() == "PathPrefix");
  CHECK(match["value"].as<std::string>() == "/");
  YAML::Node backend = r["spec"]["rules"][0]["backendRefs"][0];
  CHECK(backend["name"].as<std::string>() == "todo-backend");
  CHECK(backend["port"].as<int>() == 8000);
  // The edge is the gateway's namespace unless the spec says.
  YAML::Node rule = edge_rule(objects.at("NetworkPolicy/todo-backend").node);
  REQUIRE(rule.IsMap());
  CHECK(rule["from"][0]["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"]
            .as<std::string>() == "gateway-system");
}

TEST_CASE("routes of one host share one object, each path to its module") {
  TodoAs two("  - {host: api.todo.example.com, module: todo-backend, port: 8000, tls: {secret: todo-tls}}",
             "  - {host: todo.example.com, path: /api, module: todo-backend, tls: {issuer: letsencrypt}}");
  GenOutput out = run_gen_out({"all", "--spec", two.spec()});
  INFO(out.err);
  REQUIRE(out.code == 0);
  auto objects = k8s_objects(out);
  CHECK_FALSE(objects.count("Ingress/api.todo.example.com"));
  YAML::Node paths = objects.at("Ingress/todo.example.com").node["spec"]["rules"][0]["http"]["paths"];
  REQUIRE(paths.size() == 2);
  CHECK(paths[0]["path"].as<std::string>() == "/");
  CHECK(paths[0]["backend"]["service"]["name"].as<std::string>() == "todo-frontend");
  CHECK(paths[1]["path"].as<std::string>() == "/api");
  CHECK(paths[1]["backend"]["service"]["name"].as<std::string>() == "todo-backend");
  CHECK(paths[1]["backend"]["service"]["port"]["number"].as<int>() == 8000);
}

TEST_CASE("CONTRACT.md lists every route with its TLS and the edge") {
  GenOutput out = run_gen_out({"all", "--spec", spec_path("todo")});
  INFO(out.err);
  REQUIRE(out.code == 0);
  const std::string& contract = out.at("CONTRACT.md");
  CHECK(contract.find("\n## Routes\n") != std::string::npos);
  CHECK(contract.find("| `todo.example.com` | `/` | `todo-frontend` | 3000 | issuer `letsencrypt`, "
                      "Secret `todo.example.com-tls` |") != std::string::npos);
  CHECK(contract.find("| `api.todo.example.com` | `/` | `todo-backend` | 8000 | Secret `todo-tls` |") !=
        std::string::npos);
  CHECK(contract.find("`ingress-nginx`") != std::string::npos);
}

TEST_CASE("compose: the edge proxy is a hardened Caddy service, the only one publishing 80/443") {
  GenOutput out = run_gen_out({"all", "--spec", spec_path("todo")});
  INFO(out.err);
  REQUIRE(out.code == 0);
  YAML::Node compose = YAML::Load(out.at("compose.yaml"));
  YAML::Node edge = compose["services"]["edge-proxy"];
  REQUIRE(edge.IsMap());
  CHECK(edge["image"].as<std::string>() == "docker.io/library/caddy:2.8.4-alpine");
  CHECK(edge["read_only"].as<bool>());
  CHECK(edge["cap_drop"][0].as<std::string>() == "ALL");
  CHECK_FALSE(edge["cap_add"]);
  CHECK(edge["user"].as<std::string>().rfind("0:", 0) != 0);  // not root
  std::set<std::string> published;
  for (const auto& svc : compose["services"])
    for (const auto& p : svc.second["ports"]) {
      std::string text = p.IsMap() ? p["published"].as<std::string>() : p.as<std::string>();
      if (text.find(":80:") != std::string::npos || text.find(":443:") != std::string::npos ||
          text == "80" || text == "443")
        published.insert(svc.first.as<std::string>());
    }
  CHECK(published == std::set<std::string>{"edge-proxy"});
  // The Caddyfile is mounted read-only from the module's own conf directory.
  const std::string& caddy = out.at("edge-proxy/conf/Caddyfile");
  CHECK(caddy.find("\tadmin off\n") != std::string::npos);
  CHECK(caddy.find("\thttp_port 8080\n") != std::string::npos);
  CHECK(caddy.find("\nhttp://") == std::string::npos);  // every host has TLS here
  size_t api = caddy.find("\napi.todo.example.com {\n");
  REQUIRE(api != std::string::npos);
  CHECK(caddy.find("\ttls /run/secrets/todo-tls-crt /run/secrets/todo-tls-key\n", api) !=
        std::string::npos);
  CHECK(caddy.find("\t\treverse_proxy todo-backend:8000\n") != std::string::npos);
  CHECK(caddy.find("\t\treverse_proxy todo-frontend:3000\n") != std::string::npos);
}

TEST_CASE("the Caddyfile: plain HTTP sites, a handler per path prefix, the catch-all last") {
  TodoAs two("  - {host: api.todo.example.com, module: todo-backend, port: 8000, tls: {secret: todo-tls}}",
             "  - {host: todo.example.com, path: /api/v1, module: todo-backend}");
  {
    std::string text = k8s_slurp(two.spec());
    size_t at = text.find(", tls: {issuer: letsencrypt}");
    REQUIRE(at != std::string::npos);
    text.erase(at, std::string(", tls: {issuer: letsencrypt}").size());
    std::ofstream(two.spec()) << text;
  }
  GenOutput out = run_gen_out({"all", "--spec", two.spec()});
  INFO(out.err);
  REQUIRE(out.code == 0);
  const std::string& caddy = out.at("edge-proxy/conf/Caddyfile");
  size_t site = caddy.find("\nhttp://todo.example.com {\n");
  REQUIRE(site != std::string::npos);
  size_t api = caddy.find("\thandle /api/v1 /api/v1/* {\n\t\treverse_proxy todo-backend:8000\n", site);
  size_t all = caddy.find("\thandle {\n\t\treverse_proxy todo-frontend:3000\n", site);
  REQUIRE(api != std::string::npos);
  REQUIRE(all != std::string::npos);
  CHECK(api < all);
  // Plain HTTP only: no https port published.
  YAML::Node edge = YAML::Load(out.at("compose.yaml"))["services"]["edge-proxy"];
  REQUIRE(edge["ports"].size() == 1);
}

TEST_CASE("Quadlet: the edge proxy unit publishes 80 and 443 and drops every capability") {
  GenOutput out = run_gen_out({"all", "--spec", spec_path("todo")});
  INFO(out.err);
  REQUIRE(out.code == 0);
  REQUIRE(out.has("systemd/edge-proxy.container"));
  const std::string& unit = out.at("systemd/edge-proxy.container");
  CHECK(unit.find("\nPublishPort=0.0.0.0:80:8080/tcp\n") != std::string::npos);
  CHECK(unit.find("\nPublishPort=0.0.0.0:443:8443/tcp\n") != std::string::npos);
  CHECK(unit.find("\nReadOnly=true\n") != std::string::npos);
  CHECK(unit.find("\nDropCapability=all\n") != std::string::npos);
  CHECK(unit.find("AddCapability") == std::string::npos);
  // No Kubernetes object for it: the Ingress routes there.
  auto objects = k8s_objects(out);
  CHECK_FALSE(objects.count("Deployment/edge-proxy"));
}

TEST_CASE("classic units: the edge proxy's podman run publishes 80/443 and drops every capability") {
  TodoAs classic("  compose: {layout: single}",
                 "  compose: {layout: single}\n  systemd: {flavor: service, engine: podman}");
  GenOutput out = run_gen_out({"all", "--spec", classic.spec()});
  INFO(out.err);
  REQUIRE(out.code == 0);
  REQUIRE(out.has("systemd/edge-proxy.service"));
  const std::string& unit = out.at("systemd/edge-proxy.service");
  CHECK(unit.find("--publish \"0.0.0.0:80:8080/tcp\"") != std::string::npos);
  CHECK(unit.find("--publish \"0.0.0.0:443:8443/tcp\"") != std::string::npos);
  CHECK(unit.find("--cap-drop all") != std::string::npos);
  CHECK(unit.find("--cap-add") == std::string::npos);
  CHECK(unit.find("--read-only") != std::string::npos);
  CHECK(unit.find("../edge-proxy/conf:/etc/caddy:ro") != std::string::npos);
  // Only the edge publishes 80 or 443.
  for (const auto& [path, text] : out.files)
    if (path.rfind("systemd/", 0) == 0 && path != "systemd/edge-proxy.service")
      CHECK(text.find(":80:") == std::string::npos);
}

// A routed project where no module but the edge proxy publishes a port (the
// usual shape: the proxy is the way in): the edge still routes out, so the
// project's routed network exists and the edge joins it (it once did not:
// the routed network was decided before the edge proxy was added).
TEST_CASE("the edge proxy alone publishing: it joins the routed network on every target") {
  const std::string dir = (fs::temp_directory_path() /
                           ("gen-routes-edge-only-" + std::to_string(getpid()))).string();
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir + "/gen.yaml")
      << "version: 1\nproject: edgeonly\n"
         "defaults:\n  user: {uid: 10001, gid: 10001}\n  restart: unless-stopped\n"
         "modules:\n"
         "  app:\n    image: nginx:1.27\n    ports: [{container: 8000, name: http}]\n"
         "    health: {command: [/bin/true]}\n"
         "routes:\n  - {host: app.example.com, module: app}\n";
  GenOutput out = run_gen_out({"all", "--spec", dir + "/gen.yaml"});
  fs::remove_all(dir);
  INFO(out.err);
  REQUIRE(out.code == 0);
  YAML::Node compose = YAML::Load(out.at("compose.yaml"));
  YAML::Node nets = compose["services"]["edge-proxy"]["networks"];
  REQUIRE(nets.IsSequence());
  CHECK(nets[0].as<std::string>() == "egress");
  CHECK(compose["networks"]["egress"]["name"].as<std::string>() == "edgeonly_egress");
  CHECK_FALSE(compose["networks"]["egress"]["internal"]);
  // app publishes nothing: internal networks only.
  YAML::Node app_nets = compose["services"]["app"]["networks"];
  if (app_nets)
    for (const auto& n : app_nets) CHECK(n.as<std::string>() != "egress");
  CHECK(has_line(out.at("systemd/edge-proxy.container"), "Network=edgeonly-egress.network"));
  CHECK(out.has("systemd/edgeonly-egress.network"));
}
