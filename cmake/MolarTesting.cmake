# CppUnit suites under CTest, for tests/ and for each plugin's tests/ folder.
include_guard(GLOBAL)

# molar_add_suite(<name> SOURCES <files>... [LIBRARIES <targets>...] [DATABASE])
# LIBRARIES links more targets (a plugin's logic library).
# DATABASE registers <name>-sqlite and <name>-mysql instead of <name>.
function(molar_add_suite name)
  cmake_parse_arguments(SUITE "DATABASE" "" "SOURCES;LIBRARIES" ${ARGN})
  add_executable(${name}-test ${SUITE_SOURCES})
  target_link_libraries(${name}-test PRIVATE molar-test-support ${SUITE_LIBRARIES})
  if(SUITE_DATABASE)
    add_test(NAME ${name}-sqlite COMMAND ${name}-test)
    set_tests_properties(${name}-sqlite PROPERTIES ENVIRONMENT "MOLAR_TEST_DB=sqlite")
    add_test(NAME ${name}-mysql COMMAND ${name}-test)
    set_tests_properties(${name}-mysql PROPERTIES ENVIRONMENT "MOLAR_TEST_DB=mysql")
  else()
    add_test(NAME ${name} COMMAND ${name}-test)
  endif()
endfunction()
