# Every spec in specs/ validates against `gen schema` with a real JSON Schema
# validator (Debian's python3-jsonschema under /usr/bin/python3).
add_test(NAME spec_schema
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/validate_specs.py
                 $<TARGET_FILE:gen> ${CMAKE_SOURCE_DIR}/specs)

# specs/README.md cites spec lines; each citation must still hold its text.
add_test(NAME specs_readme
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/check_readme.py ${CMAKE_SOURCE_DIR}/specs)
