# `gen explain` end to end (the unit tests cover the rules themselves): each
# page it prints is docs/rules/<id>.md byte for byte, --list names every rule,
# and an unknown id is a usage error with a suggestion.
add_test(NAME check_explain
         COMMAND ${CMAKE_COMMAND} -DGEN=$<TARGET_FILE:gen> -DSOURCE_DIR=${CMAKE_SOURCE_DIR}
                 -P ${CMAKE_CURRENT_LIST_DIR}/explain_test.cmake)
