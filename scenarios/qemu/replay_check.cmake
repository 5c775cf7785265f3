# SPDX-License-Identifier: GPL-2.0
# Included by check_import.cmake and check_captured.cmake.
# replay_check(TRACE OUTPREFIX MAX_MISMATCHES RESULT_VAR): replays TRACE
# with `tcesim replay --json`, with --check when MAX_MISMATCHES is 0 (the
# replay then stops at the first failure), and sets RESULT_VAR to "" when
#   - the exit status is 0 (or, when mismatches are allowed, 0 or 1),
#   - at most MAX_MISMATCHES expectations failed,
#   - every failed ioctl is one the trace expected to fail: the failed
#     ioctls equal the trace's `expect.errno=E...` keys (the replay flags
#     any of those that did not fail as a failed expectation),
# else to a message saying what went wrong. Prints one summary line.
function(replay_check trace prefix max_mismatches result)
  if(max_mismatches EQUAL 0)
    set(args replay --check --json ${prefix}.json ${trace})
  else()
    set(args replay --json ${prefix}.json ${trace})
  endif()
  file(REMOVE ${prefix}.json)
  execute_process(COMMAND ${TCESIM} ${args} RESULT_VARIABLE rc
                  OUTPUT_FILE ${prefix}.out ERROR_FILE ${prefix}.err)
  if(NOT EXISTS ${prefix}.json)
    file(READ ${prefix}.err err)
    set(${result} "${trace}: replay exit ${rc}, no JSON report: ${err}" PARENT_SCOPE)
    return()
  endif()
  file(READ ${prefix}.json json)
  string(JSON ops GET "${json}" operations)
  string(JSON mism GET "${json}" mismatches)
  string(JSON ioerr GET "${json}" ioctl_errors)
  string(JSON dmas GET "${json}" dma)
  string(JSON faults GET "${json}" dma_faults)
  string(JSON frozen GET "${json}" dma_frozen)
  file(STRINGS ${trace} expected_fail REGEX "expect\\.errno=E")
  list(LENGTH expected_fail nexp)
  message(STATUS "${trace}: exit ${rc}, ${ops} operations, ${ioerr} failed ioctls "
                 "(${nexp} expected to fail), ${mism} failed expectations, "
                 "${dmas} DMAs (${faults} faults, ${frozen} frozen)")
  set(msg "")
  if(max_mismatches EQUAL 0)
    if(NOT rc EQUAL 0)
      file(READ ${prefix}.out out)
      file(READ ${prefix}.err err)
      string(REGEX MATCHALL "[^\n]*(expectation failed|error)[^\n]*" fails
             "${out}${err}")
      set(msg "${msg} exit status ${rc} (expected 0): ${fails};")
    endif()
  elseif(NOT rc EQUAL 0 AND NOT rc EQUAL 1)
    set(msg "${msg} exit status ${rc} (expected 0 or 1);")
  endif()
  if(mism GREATER max_mismatches)
    set(msg "${msg} ${mism} failed expectations (at most ${max_mismatches});")
  endif()
  if(NOT ioerr EQUAL nexp)
    set(msg "${msg} ${ioerr} failed ioctls, ${nexp} expected;")
  endif()
  if(msg)
    set(msg "${trace}:${msg} see ${prefix}.out")
  endif()
  set(${result} "${msg}" PARENT_SCOPE)
endfunction()
