# No stage of generator/ includes a later one (docs/architecture.md).
add_test(NAME layering
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/layering_test.py ${CMAKE_SOURCE_DIR})
