# The operational scripts `gen docs` writes, exercised for real:
#  - docs_materialize_secret: scripts/materialize-secret.sh with a stub
#    `sops` on PATH (decrypts, mode 0600, never prints a value, refuses when
#    sops or the encrypted file is missing, leaves the old file on failure);
#  - docs_verify_script: scripts/verify.sh's arguments, and its checks
#    against a stub `podman` returning canned inspect output (PASS lines and
#    exit 0 for a contract-abiding deployment, FAIL lines and exit 1 for one
#    running as root with a writable conf mount).
add_test(NAME docs_materialize_secret
         COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/materialize_test.sh $<TARGET_FILE:gen> ${CMAKE_SOURCE_DIR})
add_test(NAME docs_verify_script
         COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/verify_test.sh $<TARGET_FILE:gen> ${CMAKE_SOURCE_DIR})
set_tests_properties(docs_materialize_secret docs_verify_script PROPERTIES TIMEOUT 60)
