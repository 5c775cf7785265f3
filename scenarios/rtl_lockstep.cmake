# SPDX-License-Identifier: GPL-2.0
# rtl_scenario_<name>: TRACE replayed with the RTL twin in lockstep
# (`tcesim replay --rtl`), functional and timing mode (link.enabled=0): exit 0, and the
# output ends with "rtl lockstep: N requests, 0 mismatches".
# With CORRUPT (a table read number), the twin's n-th table read is
# corrupted and the run must instead exit 1 with a mismatch reported.
# With FST, --rtl-trace FST must also write the twin's waveform there.
# Included by qemu/check_captured.cmake with TRACE set.
foreach(mode functional timing)
  if(DEFINED CORRUPT)
    set(ENV{TCESIM_RTL_CORRUPT_READ} ${CORRUPT})
  endif()
  set(wave)
  if(DEFINED FST)
    file(REMOVE ${FST})
    set(wave --rtl-trace ${FST})
  endif()
  # the twin times the fetch unit alone: no PCIe link in front of it
  # (docs/rtl.md, known difference 10)
  set(nolink)
  if(mode STREQUAL "timing")
    set(nolink --set link.enabled=0)
  endif()
  execute_process(COMMAND ${TCESIM} replay --quiet --rtl ${wave} --mode ${mode} ${nolink} ${TRACE}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  string(REGEX MATCH "rtl lockstep: [0-9]+ requests, [0-9]+ mismatches\n$"
         last "${out}")
  if(NOT last)
    message(FATAL_ERROR "${mode}: the output does not end with the lockstep line:\n${out}\n${err}")
  endif()
  if(DEFINED CORRUPT)
    if(NOT rc EQUAL 1 OR last MATCHES " 0 mismatches" OR
       NOT err MATCHES "rtl mismatch: req #[0-9]+ \\(rid ")
      message(FATAL_ERROR "${mode}: a corrupted table read was not reported (exit ${rc}):\n${last}\n${err}")
    endif()
  else()
    if(NOT rc EQUAL 0 OR NOT last MATCHES " 0 mismatches")
      message(FATAL_ERROR "${mode}: exit ${rc}, ${last}\n${err}")
    endif()
  endif()
  if(DEFINED FST)
    # an FST file: its first block is the header block (type 0), and it
    # holds more than the header
    file(SIZE ${FST} size)
    file(READ ${FST} head LIMIT 1 HEX)
    if(size LESS 1000 OR NOT head STREQUAL "00")
      message(FATAL_ERROR "${mode}: --rtl-trace wrote no FST waveform (${size} bytes, first byte ${head})")
    endif()
  endif()
  message(STATUS "${mode}: ${last}")
endforeach()
