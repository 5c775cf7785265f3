# SPDX-License-Identifier: GPL-2.0
# `cmake --install` (and `make install PREFIX=...`): what an embedder and
# a user get under the prefix.
#   include/tcesim/          tcesim.h, tcesim_version.h, tcesim_opal.h
#   lib/                     libtcesim.so.<API>, libtcesim.a
#   lib/pkgconfig/           tcesim.pc
#   lib/cmake/tcesim/        tcesimConfig.cmake (+ version, targets)
#   bin/tcesim               the CLI (sim/cli/CMakeLists.txt)
#   share/man/man1/tcesim.1  the man page, when docs/tcesim.1 exists
#   share/tcesim/scenarios/  the scenarios, their configs/ and INDEX
#   share/tcesim/examples/   embed-c/, systemc/ (and the CMake consumer)
#   share/doc/tcesim/        the docs
# The SystemC component adds its own (systemc/CMakeLists.txt).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS tcesim_shared tcesim_static EXPORT tcesimTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(FILES ${PROJECT_SOURCE_DIR}/lib/include/tcesim/tcesim.h
              ${PROJECT_SOURCE_DIR}/lib/include/tcesim/tcesim_opal.h
              ${PROJECT_BINARY_DIR}/lib/include/tcesim/tcesim_version.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/tcesim)

file(RELATIVE_PATH TCESIM_PC_TO_PREFIX
     ${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/pkgconfig
     ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" TCESIM_PC_TO_PREFIX "${TCESIM_PC_TO_PREFIX}")
configure_file(${PROJECT_SOURCE_DIR}/cmake/tcesim.pc.in
               ${PROJECT_BINARY_DIR}/tcesim.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/tcesim.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

set(TCESIM_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/tcesim)
install(EXPORT tcesimTargets NAMESPACE tcesim::
        DESTINATION ${TCESIM_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/tcesimConfig.cmake.in
  ${PROJECT_BINARY_DIR}/tcesimConfig.cmake
  INSTALL_DESTINATION ${TCESIM_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/tcesimConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/tcesimConfig.cmake
              ${PROJECT_BINARY_DIR}/tcesimConfigVersion.cmake
        DESTINATION ${TCESIM_CMAKE_DIR})

# The man page is generated elsewhere; installed when it is there.
install(FILES ${PROJECT_SOURCE_DIR}/docs/tcesim.1
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 OPTIONAL)

# Scenarios (the default one has its rule in sim/cli) and their configs.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/scenarios/
        DESTINATION ${CMAKE_INSTALL_DATADIR}/tcesim/scenarios
        FILES_MATCHING PATTERN "*.trace" PATTERN "*.ini" PATTERN "INDEX"
                       PATTERN "README.md" PATTERN "*.log"
        PATTERN "captured" EXCLUDE PATTERN "default" EXCLUDE)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/examples/
        DESTINATION ${CMAKE_INSTALL_DATADIR}/tcesim/examples)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/tcesim
        FILES_MATCHING PATTERN "*.md" PATTERN "img" EXCLUDE)
