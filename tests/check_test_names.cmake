# Fails if a test case name cannot be registered with ctest as it is: CTest
# splits names at ';', and doctest then runs a filter that matches nothing —
# and passes. (That hid several tests once.)
#   cmake -DBINARIES="a|b" -P check_test_names.cmake
string(REPLACE "|" ";" binaries "${BINARIES}")
list(LENGTH binaries count)
if(count EQUAL 0)
  message(FATAL_ERROR "no test binaries given")
endif()
foreach(binary ${binaries})
  execute_process(COMMAND ${binary} --list-test-cases --no-version OUTPUT_VARIABLE listing RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${binary} --list-test-cases failed")
  endif()
  string(FIND "${listing}" ";" semicolon)
  if(NOT semicolon EQUAL -1)
    message(FATAL_ERROR "${binary}: a test case name contains ';', which ctest cannot run:\n${listing}")
  endif()
endforeach()
