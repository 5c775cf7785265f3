# SPDX-License-Identifier: GPL-2.0
# Round trip of `tcesim replay --record`: replaying a scenario records the
# executed operations with their results as expectations (R1); replaying
# R1 with --check must hold every one of them, and recording that replay
# (R2) must give the same trace again.
# Inputs: -DTCESIM=<binary> -DTRACE=<scenario> -DOUT=<prefix>
foreach(v TCESIM TRACE OUT)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "record_roundtrip.cmake: -D${v}= is required")
  endif()
endforeach()

execute_process(COMMAND ${TCESIM} replay --quiet --record ${OUT}.r1.trace ${TRACE}
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "replay of ${TRACE} failed (exit ${rc})")
endif()
execute_process(COMMAND ${TCESIM} replay --quiet --check --record ${OUT}.r2.trace
                        ${OUT}.r1.trace
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the recording ${OUT}.r1.trace does not replay to the same results (exit ${rc}):\n${err}")
endif()
file(READ ${OUT}.r1.trace r1)
file(READ ${OUT}.r2.trace r2)
if(NOT r1 STREQUAL r2)
  message(FATAL_ERROR "recording is not a fixed point: ${OUT}.r1.trace and ${OUT}.r2.trace differ")
endif()
