# SPDX-License-Identifier: GPL-2.0
# docs/hardware-model.md holds, between its phb3-regs markers, exactly
# what phb3_regs_doc prints from the register and IODA table lists.
# cmake -DGEN=phb3_regs_doc -DDOC=docs/hardware-model.md -P check_regs_doc.cmake
execute_process(COMMAND ${GEN} RESULT_VARIABLE rc OUTPUT_VARIABLE want)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${GEN} failed (${rc})")
endif()
file(READ ${DOC} doc)
string(FIND "${doc}" "<!-- phb3-regs:begin -->\n" b)
string(FIND "${doc}" "<!-- phb3-regs:end -->" e)
if(b LESS 0 OR e LESS b)
  message(FATAL_ERROR "${DOC}: no <!-- phb3-regs:begin/end --> section")
endif()
math(EXPR b "${b} + 25")
math(EXPR n "${e} - ${b}")
string(SUBSTRING "${doc}" ${b} ${n} have)
if(NOT have STREQUAL want)
  file(WRITE ${OUT} "${want}")
  message(FATAL_ERROR "${DOC}: the register tables differ from the lists; "
          "regenerate: ${GEN} (written to ${OUT})")
endif()
