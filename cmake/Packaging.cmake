# `cpack -G DEB` in the build directory (scripts/package.sh): the gen binary,
# its man pages and shell completions in Debian's standard places, with the
# dependencies computed by dpkg-shlibdeps. The man pages and completions are
# written by the built gen (packaging/extras.sh) when the package is built,
# not by every build: sanitizer builds never run it.
set(GEN_EXTRAS_DIR ${CMAKE_BINARY_DIR}/extras)
add_custom_target(gen_extras
  COMMAND bash ${CMAKE_SOURCE_DIR}/packaging/extras.sh $<TARGET_FILE:gen> ${GEN_EXTRAS_DIR}
  DEPENDS gen
  COMMENT "man pages and completions from the built gen")

include(GNUInstallDirs)
install(TARGETS gen RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${GEN_EXTRAS_DIR}/man1/ DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 OPTIONAL)
install(FILES ${GEN_EXTRAS_DIR}/completions/gen
        DESTINATION share/bash-completion/completions OPTIONAL)
install(FILES ${GEN_EXTRAS_DIR}/completions/_gen DESTINATION share/zsh/vendor-completions OPTIONAL)
install(FILES ${GEN_EXTRAS_DIR}/completions/gen.fish
        DESTINATION share/fish/vendor_completions.d OPTIONAL)

set(CPACK_PACKAGE_NAME gen)
set(CPACK_PACKAGE_VENDOR "gen")
set(CPACK_PACKAGE_CONTACT "gen maintainers <gen@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "one project spec in, every deployment artifact out (Dockerfiles, compose, k8s, systemd)")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # gen_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/yourorg/gen")
include(CPack)
