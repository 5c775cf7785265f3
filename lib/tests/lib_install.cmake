# SPDX-License-Identifier: GPL-2.0
# lib_install: `cmake --install` into a scratch prefix gives an embedder
# everything, and what it gives works from outside the tree:
#   - headers, libtcesim.so.<API> (+ links), libtcesim.a, tcesim.pc,
#     tcesimConfig.cmake and its version file, the CLI, the examples;
#   - examples/embed-c, copied out of the prefix, builds with its Makefile
#     through pkg-config alone (PKG_CONFIG_PATH at the prefix) and runs;
#   - examples/cmake-consumer configures with find_package(tcesim)
#     (CMAKE_PREFIX_PATH at the prefix), builds against the shared and the
#     static library, and both programs run;
#   - with SC=ON, examples/systemc builds with pkg-config alone
#     (tcesim-systemc systemc tlm) and runs.
# cmake -DBUILD=<build> -DPREFIX=<scratch> -DWORK=<scratch> -DAPI=<n>
#       [-DSC=ON] -P lib_install.cmake
file(REMOVE_RECURSE ${PREFIX} ${WORK})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD} --prefix ${PREFIX}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (${rc}):\n${out}")
endif()

# The libdir is lib/ unless GNUInstallDirs chose a multiarch one.
file(GLOB pcs ${PREFIX}/lib*/pkgconfig/tcesim.pc ${PREFIX}/lib/*/pkgconfig/tcesim.pc)
list(GET pcs 0 pc)
get_filename_component(pcdir ${pc} DIRECTORY)
get_filename_component(libdir ${pcdir} DIRECTORY)
foreach(f include/tcesim/tcesim.h include/tcesim/tcesim_version.h
          include/tcesim/tcesim_opal.h bin/tcesim
          share/tcesim/examples/embed-c/Makefile
          share/tcesim/examples/cmake-consumer/CMakeLists.txt
          share/tcesim/scenarios/default/default.trace
          share/tcesim/scenarios/configs/phb3_default.ini)
  if(NOT EXISTS ${PREFIX}/${f})
    message(FATAL_ERROR "not installed: ${PREFIX}/${f}")
  endif()
endforeach()
foreach(f libtcesim.so libtcesim.so.${API} libtcesim.a
          cmake/tcesim/tcesimConfig.cmake
          cmake/tcesim/tcesimConfigVersion.cmake)
  if(NOT EXISTS ${libdir}/${f})
    message(FATAL_ERROR "not installed: ${libdir}/${f}")
  endif()
endforeach()

# embed-c out of the tree, pkg-config only.
file(MAKE_DIRECTORY ${WORK})
file(COPY ${PREFIX}/share/tcesim/examples/embed-c DESTINATION ${WORK})
execute_process(COMMAND ${CMAKE_COMMAND} -E env PKG_CONFIG_PATH=${pcdir}
                make -C ${WORK}/embed-c
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "examples/embed-c does not build out of tree:\n${out}")
endif()
execute_process(COMMAND ${WORK}/embed-c/embed
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
foreach(want "write read-only page +fault +pe=5 fault=permission at 0x7000"
             "read +after the fault +frozen"
             "read +after EEH clear +ok"
             "data read back +0x0123456789abcdef"
             "\"phb3.0.fault.permission\": 1")
  if(NOT rc EQUAL 0 OR NOT out MATCHES "${want}")
    message(FATAL_ERROR "embed (exit ${rc}) lacks '${want}':\n${out}\n${err}")
  endif()
endforeach()

# find_package(tcesim) from a CMake project.
file(COPY ${PREFIX}/share/tcesim/examples/cmake-consumer DESTINATION ${WORK})
execute_process(COMMAND ${CMAKE_COMMAND} -S ${WORK}/cmake-consumer
                        -B ${WORK}/cmake-consumer/build
                        -DCMAKE_PREFIX_PATH=${PREFIX}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(rc EQUAL 0)
  execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK}/cmake-consumer/build
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
endif()
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "examples/cmake-consumer does not build:\n${out}")
endif()
foreach(p consumer consumer_static)
  execute_process(COMMAND ${WORK}/cmake-consumer/build/${p}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0 OR NOT out MATCHES "dma ok pe=1 pa=0x123450")
    message(FATAL_ERROR "${p}: exit ${rc}\n${out}\n${err}")
  endif()
endforeach()

if(SC)
  file(COPY ${PREFIX}/share/tcesim/examples/systemc DESTINATION ${WORK})
  execute_process(COMMAND ${CMAKE_COMMAND} -E env PKG_CONFIG_PATH=${pcdir}
                  make -C ${WORK}/systemc
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "examples/systemc does not build out of tree:\n${out}")
  endif()
  execute_process(COMMAND ${WORK}/systemc/platform
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0 OR NOT out MATCHES "platform: done")
    message(FATAL_ERROR "examples/systemc platform: exit ${rc}\n${out}\n${err}")
  endif()
endif()
file(REMOVE_RECURSE ${PREFIX} ${WORK})
message(STATUS "installed library, pkg-config and CMake files work out of tree")
