# systemd target proofs that need real tools rather than gen's own parser:
#  - systemd_escaping_roundtrip: hostile values through gen's systemd quoting
#    filters, loaded back by systemd's manager (systemd --test) and, for
#    Quadlet units, through the real quadlet generator first (roundtrip.sh);
#  - systemd_override_refused: an override template that drops a hardening
#    setting gets a positioned error naming rule and template, exit 1, and
#    nothing is written (override.sh).
set(gen_quadlet ${CMAKE_SOURCE_DIR}/../shared/validators/.tools/bin/quadlet)
add_test(NAME systemd_escaping_roundtrip
         COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/roundtrip.sh $<TARGET_FILE:gen> ${gen_quadlet})
set_tests_properties(systemd_escaping_roundtrip PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120)
add_test(NAME systemd_override_refused
         COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/override.sh $<TARGET_FILE:gen> ${CMAKE_SOURCE_DIR})
set_tests_properties(systemd_override_refused PROPERTIES TIMEOUT 60)
