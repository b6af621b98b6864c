// Kernel settings' values: sizes as docker and podman read them
// (values/engine_size.h) and which sysctls a container may set and the Pod
// Security Standards call safe (values/sysctl.h).
#include <catch2/catch.hpp>

#include "values/engine_size.h"
#include "values/sysctl.h"

using namespace gen::values;

TEST_CASE("engine sizes: bytes, or b, k, m, g in powers of 1024, any case") {
  CHECK(engine_bytes("268435456") == 268435456);
  CHECK(engine_bytes("256m") == 268435456);
  CHECK(engine_bytes("256MB") == 268435456);
  CHECK(engine_bytes("1g") == 1073741824);
  CHECK(engine_bytes("64k") == 65536);
  CHECK(engine_bytes("10b") == 10);
  CHECK_FALSE(engine_bytes(""));
  CHECK_FALSE(engine_bytes("m"));
  CHECK_FALSE(engine_bytes("1.5g"));
  CHECK_FALSE(engine_bytes("256Mi"));
  CHECK_FALSE(engine_bytes("99999999999999999999"));
  CHECK_FALSE(engine_bytes("9999999999999g"));
}

TEST_CASE("namespaced and safe sysctls") {
  CHECK(is_namespaced_sysctl("net.core.somaxconn"));
  CHECK(is_namespaced_sysctl("kernel.shm_rmid_forced"));
  CHECK(is_namespaced_sysctl("kernel.msgmax"));
  CHECK(is_namespaced_sysctl("kernel.sem"));
  CHECK(is_namespaced_sysctl("fs.mqueue.msg_max"));
  CHECK_FALSE(is_namespaced_sysctl("kernel.pid_max"));
  CHECK_FALSE(is_namespaced_sysctl("vm.max_map_count"));
  CHECK_FALSE(is_namespaced_sysctl("net."));
  CHECK_FALSE(is_namespaced_sysctl("kernel.semx"));
  CHECK(safe_sysctls().size() == 10);
  CHECK(is_safe_sysctl("net.ipv4.ip_unprivileged_port_start"));
  CHECK(is_safe_sysctl("net.ipv4.tcp_keepalive_probes"));
  CHECK_FALSE(is_safe_sysctl("net.core.somaxconn"));
}
