# SPDX-License-Identifier: GPL-2.0
# Re-imports a QEMU sample log, replays the golden trace and the fresh
# import (both must replay: replay_check.cmake), and compares the import
# with the golden.
# cmake -DTCESIM=... -DLOG=... -DGOLDEN=... -DOUT=... -P check_import.cmake
include(${CMAKE_CURRENT_LIST_DIR}/replay_check.cmake)
execute_process(COMMAND ${TCESIM} import qemu ${LOG} -o ${OUT}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "tcesim import qemu ${LOG} failed (${rc})")
endif()
replay_check(${GOLDEN} ${OUT}.golden 0 golden_err)
replay_check(${OUT} ${OUT} 0 fresh_err)
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUT} ${GOLDEN}
                RESULT_VARIABLE diff)
if(NOT diff EQUAL 0)
  execute_process(COMMAND diff -u ${GOLDEN} ${OUT})
  message(FATAL_ERROR "${OUT} differs from the golden ${GOLDEN} ${golden_err} ${fresh_err}")
endif()
if(golden_err OR fresh_err)
  message(FATAL_ERROR "${golden_err} ${fresh_err}")
endif()
