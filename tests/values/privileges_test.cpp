// The grammars of issue 20's privileges: a host device as the engines write
// it (HOST[:CONTAINER][:PERMISSIONS]) and the Pod Security level a list of
// added capabilities needs (the Pod Security Standards' lists).
#include <catch2/catch.hpp>

#include "values/capability.h"
#include "values/device.h"

using gen::values::capabilities_level;
using gen::values::capability_name;
using gen::values::Device;

TEST_CASE("a device reads as the engines read it, every part written out") {
  auto d = Device::parse("/dev/fuse");
  REQUIRE(d);
  CHECK(d->text() == "/dev/fuse:/dev/fuse:rwm");
  d = Device::parse("/dev/sda:r");  // HOST:PERMISSIONS
  REQUIRE(d);
  CHECK(d->text() == "/dev/sda:/dev/sda:r");
  d = Device::parse("/dev/snd:/dev/audio");  // HOST:CONTAINER
  REQUIRE(d);
  CHECK(d->text() == "/dev/snd:/dev/audio:rwm");
  d = Device::parse("/dev/bus/usb/001:/dev/usb:mw");
  REQUIRE(d);
  CHECK(d->container == "/dev/usb");
  CHECK(d->permissions == "mw");
  CHECK(*Device::parse("/dev/x:/dev/x:rwm") == *Device::parse("/dev/x"));
  for (const char* bad : {"", "/dev", "/dev/", "dev/x", "/etc/passwd", "/devx/y", "/dev/../etc",
                          "/dev/./x", "/dev/x:", "/dev/x:rr", "/dev/x:rwx", "/dev/x:y",
                          "/dev/x:/y:rw:z", "/dev/x y", "/dev/x:/y/../z"}) {
    INFO(bad);
    CHECK_FALSE(Device::parse(bad));
  }
}

TEST_CASE("capability names: upper case, CAP_ dropped, only Linux's") {
  CHECK(capability_name("NET_ADMIN") == "NET_ADMIN");
  CHECK(capability_name("cap_net_admin") == "NET_ADMIN");
  CHECK(capability_name("CAP_SYS_PTRACE") == "SYS_PTRACE");
  CHECK(capability_name("ALL").empty());
  CHECK(capability_name("NET_FLY").empty());
}

TEST_CASE("the Pod Security level added capabilities need") {
  CHECK(capabilities_level({}) == 0);
  CHECK(capabilities_level({"NET_BIND_SERVICE"}) == 0);  // restricted allows it
  CHECK(capabilities_level({"CHOWN", "NET_BIND_SERVICE"}) == 1);
  CHECK(capabilities_level({"SYS_CHROOT", "KILL", "AUDIT_WRITE"}) == 1);
  CHECK(capabilities_level({"CHOWN", "NET_ADMIN"}) == 2);
  CHECK(capabilities_level({"SYS_ADMIN"}) == 2);
}
