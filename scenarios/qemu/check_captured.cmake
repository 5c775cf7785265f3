# SPDX-License-Identifier: GPL-2.0
# A captured QEMU log (captured/*.log.xz): decompress, import with the
# default options, replay (replay_check.cmake): exit 0, no failed ioctl,
# at most MAX_MISMATCHES failed expectations (0: replayed with --check).
# cmake -DTCESIM=... -DXZ=... -DLOG_XZ=... -DOUT=... [-DMAX_MISMATCHES=N]
#       -P check_captured.cmake
include(${CMAKE_CURRENT_LIST_DIR}/replay_check.cmake)
if(NOT DEFINED MAX_MISMATCHES)
  set(MAX_MISMATCHES 0)
endif()
if(NOT XZ)
  message(FATAL_ERROR "xz not found: install xz-utils (scripts/deps.sh)")
endif()
execute_process(COMMAND ${XZ} -dc ${LOG_XZ} OUTPUT_FILE ${OUT}.log
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cannot decompress ${LOG_XZ} with ${XZ}: ${err}")
endif()
execute_process(COMMAND ${TCESIM} import qemu ${OUT}.log -o ${OUT}.trace
                RESULT_VARIABLE rc ERROR_VARIABLE err)
message(STATUS "${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "tcesim import qemu ${OUT}.log failed (${rc})")
endif()
replay_check(${OUT}.trace ${OUT} ${MAX_MISMATCHES} msg)
if(msg)
  message(FATAL_ERROR "${msg}")
endif()
# -DRTL=1: the imported trace also replays with the RTL twin in lockstep,
# functional and timing, with 0 mismatches (../rtl_lockstep.cmake).
if(RTL)
  set(TRACE ${OUT}.trace)
  include(${CMAKE_CURRENT_LIST_DIR}/../rtl_lockstep.cmake)
endif()
