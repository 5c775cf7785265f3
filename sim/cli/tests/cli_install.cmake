# SPDX-License-Identifier: GPL-2.0
# sim_cli_install: `cmake --install` puts the tcesim binary and the
# default scenario under a prefix, and the installed binary, run from
# elsewhere, finds and passes its default scenario there.
# cmake -DBUILD=<build dir> -DSRC=<source dir> -DPREFIX=<scratch prefix>
#       -P cli_install.cmake
file(REMOVE_RECURSE ${PREFIX})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD} --prefix ${PREFIX}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (${rc}):\n${out}")
endif()
set(installed ${PREFIX}/share/tcesim/scenarios/default/default.trace)
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files
                ${SRC}/scenarios/default/default.trace ${installed}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${installed} missing or not the source's default scenario")
endif()
# From the prefix, with the installed scenarios first in the search.
execute_process(COMMAND ${PREFIX}/bin/tcesim run --check --quiet
                WORKING_DIRECTORY ${PREFIX}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT out MATCHES "expectations      0 failed")
  message(FATAL_ERROR "installed tcesim run: exit ${rc}\n${out}\n${err}")
endif()
execute_process(COMMAND ${PREFIX}/bin/tcesim run --list
                RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(NOT out MATCHES "scenarios in ${PREFIX}/bin/../share/tcesim/scenarios")
  message(FATAL_ERROR "installed tcesim run --list does not search its prefix:\n${out}")
endif()
file(REMOVE_RECURSE ${PREFIX})
