# SPDX-License-Identifier: GPL-2.0
# The captured powernv8 log's PHB3 register traffic, replayed: decompress,
# `tcesim import qemu` with default options, `tcesim replay --check`.
# Passes when every one of the 5492 register reads (reg_read
# expect.value=) gets the value QEMU returned, the two PHBs with a device
# behind their root port are declared, and no access was to an unknown
# register or IODA table.
# cmake -DTCESIM=... -DXZ=... -DLOG=powernv8.log.xz -DOUT=dir -P check_regs.cmake
file(MAKE_DIRECTORY ${OUT})
set(log ${OUT}/powernv8.log)
set(trace ${OUT}/powernv8.trace)

execute_process(COMMAND ${XZ} -dc ${LOG} OUTPUT_FILE ${log}
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${XZ} -dc ${LOG} failed (${rc}): ${err}")
endif()

execute_process(COMMAND ${TCESIM} import qemu ${log} -o ${trace}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "tcesim import qemu ${log} failed (${rc}):\n${out}${err}")
endif()

# The import holds every read of the log, and the cabled devices.
file(STRINGS ${trace} reads REGEX "^reg_read phb=[0-9]+ reg=0x[0-9a-f]+ expect\\.value=")
list(LENGTH reads nreads)
if(NOT nreads EQUAL 5492)
  message(FATAL_ERROR "${trace}: ${nreads} reg_read expectations, the log has 5492")
endif()
file(STRINGS ${trace} devs REGEX "^device ")
if(NOT devs STREQUAL "device dev=0:0x0100;device dev=1:0x0100")
  message(FATAL_ERROR "${trace}: devices '${devs}', expected 0:0x0100 and 1:0x0100 (PHB 2 has none)")
endif()

execute_process(COMMAND ${TCESIM} replay --check ${trace}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "tcesim replay --check ${trace} failed (${rc}):\n${err}")
endif()
if(NOT out MATCHES "\nexpectations +0 failed\n")
  message(FATAL_ERROR "replay report without '0 failed' expectations:\n${out}")
endif()
foreach(phb 0 1 2)
  foreach(ctr mmio.unknown ioda_unmodelled mmio.bad)
    if(NOT out MATCHES "\nphb3\\.${phb}\\.${ctr} +0 count")
      message(FATAL_ERROR "phb3.${phb}.${ctr} is not 0: an access the model does not know")
    endif()
  endforeach()
endforeach()
message(STATUS "powernv8: ${nreads} register reads as QEMU returned them")
