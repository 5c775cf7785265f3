/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The shared Check runner (check_main.c): every Check test program links
 * it (cmake/TcesimTest.cmake adds it to each tcesim_add_check_test) and
 * defines only check_suite(); main() runs that suite and exits non-zero
 * if any test failed. Check's own environment variables keep working:
 * CK_RUN_SUITE and CK_RUN_CASE pick what runs, CK_FORK=no (CTest's
 * setting) runs the tests in one process, CK_VERBOSITY sets the report.
 */
#ifndef TCESIM_CHECK_MAIN_H
#define TCESIM_CHECK_MAIN_H

#include <check.h>

/* The suite of this test program (defined by the test file; C linkage
   also in a C++ test, which includes this after its C++ headers since
   check.h defines fail() and friends as macros). */
#ifdef __cplusplus
extern "C"
#endif
Suite *check_suite(void);

#endif /* TCESIM_CHECK_MAIN_H */
