// Verify on routes (specs/todo.yaml: two hosts, one TLS Secret, one issuer):
// gen's own output passes; each copy with one routing fact changed (the
// backend's Service or port, the TLS Secret, the issuer, a route missing or
// added, the NetworkPolicy's edge namespace or its routed port) gives an
// error with rule route-output.
#include <algorithm>
#include <catch2/catch.hpp>

#include "verified_output.h"

using gen::Diagnostics;
using gen::FileSet;
using gen::OutputFile;

namespace {

// gen's output for specs/todo.yaml (`gen k8s`, verified by verify_k8s), or
// every target's files, read by the edge, compose and systemd verifiers.
struct Todo : gen::test::VerifiedOutput {
  Todo() : VerifiedOutput(gen::test::spec_path("todo"), "k8s", {gen::verify::verify_k8s}) {}
};
struct TodoAll : gen::test::VerifiedOutput {
  TodoAll()
      : VerifiedOutput(gen::test::spec_path("todo"), "all",
                       {gen::verify::verify_edge, gen::verify::verify_compose,
                        gen::verify::verify_systemd}) {}
};

using gen::test::has_rule;

const char* kApi = "k8s/base/routes/api.todo.example.com.yaml";
const char* kWeb = "k8s/base/routes/todo.example.com.yaml";
const char* kPolicy = "k8s/base/modules/todo-backend/network-policy.yaml";

}  // namespace

TEST_CASE("verify accepts gen's own routes") {
  Todo t;
  auto e = t.errors();
  INFO((e.empty() ? "" : e.front()));
  CHECK(e.empty());
}

TEST_CASE("verify refuses an Ingress that sends a route elsewhere or with other TLS") {
  struct Case {
    const char* path;
    const char* from;
    const char* to;
    const char* says;
  };
  const Case cases[] = {
      {kApi, "name: todo-backend", "name: todo-postgres", "sent to Service todo-postgres port 8000"},
      {kApi, "number: 8000", "number: 8080", "sent to Service todo-backend port 8080"},
      {kApi, "secretName: todo-tls", "secretName: other-tls", "TLS Secret other-tls, not todo-tls"},
      {kWeb, "cert-manager.io/cluster-issuer: letsencrypt", "cert-manager.io/cluster-issuer: staging",
       "cert-manager issuer staging, not letsencrypt"},
      {kApi, "pathType: Prefix", "pathType: Exact", "no Ingress routes it"},
  };
  for (const auto& c : cases) {
    Todo t;
    t.mutate(c.path, c.from, c.to);
    auto e = t.errors();
    INFO(c.from);
    CHECK(has_rule(e, "route-output", c.says));
  }
}

TEST_CASE("verify refuses a missing route and one the spec does not have") {
  Todo missing;
  missing.files.erase(kApi);
  CHECK(has_rule(missing.errors(), "route-output",
                 "route api.todo.example.com/ (module todo-backend): no Ingress routes it"));
  Todo extra;
  extra.mutate(kApi, "host: api.todo.example.com\n", "host: admin.todo.example.com\n");
  auto e = extra.errors();
  CHECK(has_rule(e, "route-output", "Ingress routes admin.todo.example.com/ to Service todo-backend"));
}

TEST_CASE("verify refuses a routed module's NetworkPolicy that lets in another namespace, or not "
          "the edge") {
  Todo other;
  other.mutate(kPolicy, "kubernetes.io/metadata.name: ingress-nginx",
               "kubernetes.io/metadata.name: default");
  auto e = other.errors();
  CHECK(has_rule(e, "route-output", "admits a namespace other than the edge's (ingress-nginx)"));
  CHECK(has_rule(e, "route-output", "no ingress rule admits the edge"));

  Todo port;
  port.mutate(kPolicy, "kubernetes.io/metadata.name: ingress-nginx\n      ports:\n        - protocol: TCP\n          port: 8000",
              "kubernetes.io/metadata.name: ingress-nginx\n      ports:\n        - protocol: TCP\n          port: 9000");
  CHECK(has_rule(port.errors(), "route-output", "NetworkPolicy todo-backend: no ingress rule admits the edge"));
}

namespace {

const char* kCaddy = "edge-proxy/conf/Caddyfile";

}  // namespace

TEST_CASE("verify accepts gen's own edge proxy") {
  TodoAll t;
  auto e = t.errors();
  INFO((e.empty() ? "" : e.front()));
  CHECK(e.empty());
}

TEST_CASE("verify refuses a Caddyfile that routes elsewhere, without TLS files, or with the "
          "admin API") {
  struct Case {
    const char* from;
    const char* to;
    const char* says;
  };
  const Case cases[] = {
      {"reverse_proxy todo-backend:8000", "reverse_proxy todo-postgres:5432",
       "proxied to 'todo-postgres:5432', not todo-backend:8000"},
      {"tls /run/secrets/todo-tls-crt /run/secrets/todo-tls-key",
       "tls /etc/ssl/a.crt /etc/ssl/a.key", "not the files of secret todo-tls"},
      {"\tadmin off\n", "\n", "admin API off"},
      {"\napi.todo.example.com {", "\nhttp://api.todo.example.com {",
       "no site api.todo.example.com"},
  };
  for (const auto& c : cases) {
    TodoAll t;
    t.mutate(kCaddy, c.from, c.to);
    auto e = t.errors();
    INFO(c.from);
    CHECK(has_rule(e, "edge-config", c.says));
  }
}

TEST_CASE("verify refuses another module publishing 80 or 443 in a routed project") {
  TodoAll compose;
  compose.mutate("compose.yaml", "127.0.0.1:8000:8000", "127.0.0.1:443:8000");
  CHECK(has_rule(compose.errors(), "edge-ports", "service 'todo-backend' publishes host port 443"));
  TodoAll quadlet;
  quadlet.mutate("systemd/todo-backend.container", "PublishPort=127.0.0.1:8000:8000",
                 "PublishPort=127.0.0.1:80:8000");
  CHECK(has_rule(quadlet.errors(), "edge-ports", "module 'todo-backend' publishes host port 80"));
}
