// Volume and network keys as compose users write them (issue 20): `db_data`
// and `back_tier` are kept on compose, Podman and the unit files (runtime
// name <project>_<key>), and the volume's Kubernetes claim is the key with
// '_' as '-' in small letters; verify (run by `gen all`) checks each.
#include <catch2/catch.hpp>

#include "k8s_output.h"
#include "spec_dir.h"

using namespace gen::test;

namespace {

const char* const kKeys =
    "networks:\n"
    "  back_tier: {}\n"
    "volumes:\n"
    "  db_data: {size: 2Gi}\n"
    "  Media_Files: {}\n"
    "modules:\n"
    "  db:\n"
    "    image: docker.io/library/postgres:16\n"
    "    ports: [{container: 5432}]\n"
    "    health: {tcp: 5432}\n"
    "    networks: [back_tier]\n"
    "    mounts:\n"
    "      - {volume: db_data, target: /var/lib/postgresql/data}\n"
    "      - {volume: Media_Files, target: /media}\n"
    "  app:\n"
    "    image: docker.io/library/nginx:1.27\n"
    "    ports: [{container: 8080}]\n"
    "    health: {tcp: 8080}\n"
    "    networks: [back_tier]\n"
    "    depends_on: {db: healthy}\n"
    "    mounts: [{volume: Media_Files, target: /media, read_only: true}]\n";

}  // namespace

TEST_CASE("compose keeps volume and network keys with '_' and their scoped names") {
  SpecDir d("volkeys", "shop", kKeys);
  GenOutput out = run_gen_out({"all", "--spec", d.spec()});
  INFO(out.err);
  REQUIRE(out.code == 0);
  YAML::Node compose = YAML::Load(out.at("compose.yaml"));
  CHECK(compose["volumes"]["db_data"]["name"].as<std::string>() == "shop_db_data");
  CHECK(compose["volumes"]["Media_Files"]["name"].as<std::string>() == "shop_Media_Files");
  CHECK(compose["networks"]["back_tier"]["name"].as<std::string>() == "shop_back_tier");
  CHECK(YAML::Dump(compose["services"]["db"]["volumes"]).find("db_data:/var/lib/postgresql/data") !=
        std::string::npos);
}

TEST_CASE("Kubernetes: the claim of a key with '_' or capitals is a DNS label") {
  SpecDir d("volkeys", "shop", kKeys);
  GenOutput out = run_gen_out({"all", "--spec", d.spec()});
  INFO(out.err);
  REQUIRE(out.code == 0);
  auto objects = k8s_objects(out);
  REQUIRE(objects.count("PersistentVolumeClaim/db-data"));
  REQUIRE(objects.count("PersistentVolumeClaim/media-files"));
  CHECK_FALSE(objects.count("PersistentVolumeClaim/db_data"));
  // Mounted by two pods: one shared claim.
  CHECK(objects.at("PersistentVolumeClaim/media-files").node["spec"]["accessModes"][0].as<std::string>() ==
        "ReadWriteMany");
  std::string claims;
  for (const auto& v : pod_spec(objects.at("Deployment/db").node)["volumes"])
    if (v["persistentVolumeClaim"]) claims += v["persistentVolumeClaim"]["claimName"].as<std::string>() + " ";
  CHECK(claims == "db-data media-files ");
}

TEST_CASE("systemd: unit files and runtime names keep the key") {
  SpecDir q("volkeys", "shop", kKeys);
  GenOutput quadlet = run_gen_out({"all", "--spec", q.spec()});
  INFO(quadlet.err);
  REQUIRE(quadlet.code == 0);
  std::string volume = quadlet.ending("systemd/db_data.volume");
  CHECK(has_line(volume, "VolumeName=shop_db_data"));
  CHECK(has_line(quadlet.ending("systemd/back_tier.network"), "NetworkName=shop_back_tier"));
  CHECK(has_line(quadlet.ending("db.container"), "Volume=db_data.volume:/var/lib/postgresql/data"));

  SpecDir c("volkeys", "shop", std::string(kKeys) + "targets:\n  systemd: {flavor: service}\n");
  GenOutput classic = run_gen_out({"all", "--spec", c.spec()});
  INFO(classic.err);
  REQUIRE(classic.code == 0);
  CHECK(classic.ending("systemd/db_data-volume.service").find("shop_db_data") != std::string::npos);
  CHECK(classic.ending("systemd/back_tier-network.service").find("shop_back_tier") !=
        std::string::npos);
  CHECK(classic.ending("db.service").find("--volume \"shop_db_data:/var/lib/postgresql/data\"") !=
        std::string::npos);
}
