# SPDX-License-Identifier: GPL-2.0
# Re-imports a QEMU sample log and compares it with its golden trace.
# cmake -DTCESIM=... -DLOG=... -DGOLDEN=... -DOUT=... -P check_import.cmake
execute_process(COMMAND ${TCESIM} import qemu ${LOG} -o ${OUT}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "tcesim import qemu ${LOG} failed (${rc})")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUT} ${GOLDEN}
                RESULT_VARIABLE diff)
if(NOT diff EQUAL 0)
  execute_process(COMMAND diff -u ${GOLDEN} ${OUT})
  message(FATAL_ERROR "${OUT} differs from the golden ${GOLDEN}")
endif()
