# SPDX-License-Identifier: GPL-2.0
# tcesim_add_check_test(NAME SOURCES f.c ... LIBS lib ... [LABELS l ...])
#
# Builds one Check test executable and registers it with CTest under NAME.
# Suites inside are named <module>_<area>; NAME is usually the same.
# The test file defines only Suite *check_suite(void) (tests/lib/
# check_main.h); main() comes from the shared runner, tcesim_check_main
# (tests/lib), linked into every test here.
# Check is static on Debian and needs libsubunit; pkg-config knows.
find_package(PkgConfig REQUIRED)
pkg_check_modules(CHECK REQUIRED IMPORTED_TARGET check)

function(tcesim_add_check_test name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} tcesim_check_main)
  add_test(NAME ${name} COMMAND ${name})
  # CK_FORK=no keeps sanitizer reports and gdb sessions simple.
  set_tests_properties(${name} PROPERTIES ENVIRONMENT "CK_FORK=no"
                       SKIP_RETURN_CODE 4)
  if(T_LABELS)
    set_tests_properties(${name} PROPERTIES LABELS "${T_LABELS}")
  endif()
endfunction()
