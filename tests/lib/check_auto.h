/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tests that register themselves (check_auto.c), so that a test program
 * names each test once, where it is written, not again in a list:
 *
 *   CK_TEST("core", maps_one_page)      instead of START_TEST(...); the
 *   {                                   test joins test case "core"
 *           ...
 *   }
 *   END_TEST
 *
 *   CK_LOOP_TEST("core", name, 0, n)    a loop test (tcase_add_loop_test),
 *                                       run for _i from 0 to n - 1;
 *
 *   CK_CASE("core", 30, setup, teardown);   test case "core": timeout in
 *                                           seconds (0: Check's default),
 *                                           checked fixture (NULL: none);
 *   CK_CASE_UNCHECKED(...)                  the same with an unchecked
 *                                           fixture (run once per case);
 *   CK_ALONE_TEST(name, 120)                a test alone in a case of its
 *   {                                       own, named like the test
 *           ...                             (timeout in seconds): for a
 *   }                                       program that must run each
 *   END_TEST                                test in its own process
 *                                           (CK_RUN_CASE=name);
 *   CK_SUITE("module_area");                check_suite(): the cases in
 *                                           the order they are declared,
 *                                           each with its tests in source
 *                                           order.
 *
 * A test naming an undeclared case stops the program with a message.
 * START_TEST and an own check_suite() keep working as before. C++ test
 * programs include it like check_main.h, after their C++ headers.
 */
#ifndef TCESIM_CHECK_AUTO_H
#define TCESIM_CHECK_AUTO_H

#include <stdbool.h>

#include "check_main.h"

struct ck_auto_case {
	const char *name;
	double timeout;
	void (*setup)(void);
	void (*teardown)(void);
	bool unchecked;
	int line;
};

#ifdef __cplusplus
extern "C" {
#endif
void ck_auto_test(const char *tcase, const TTest *test);
void ck_auto_loop_test(const char *tcase, const TTest *test, int start,
		       int end);
void ck_auto_case(const struct ck_auto_case *c);
Suite *ck_auto_suite(const char *name);
#ifdef __cplusplus
}
#endif

#define CK_AUTO_CAT_(a, b) a##b
#define CK_AUTO_CAT(a, b) CK_AUTO_CAT_(a, b)

/* A test function name, its TTest, and a constructor making register_call. */
#define CK_AUTO_DEFINE_(name, register_call)				\
	static void name##_fn(int _i CK_ATTRIBUTE_UNUSED);		\
	static const TTest name##_ttest = {				\
		#name, name##_fn, __FILE__, __LINE__			\
	};								\
	__attribute__((constructor)) static void name##_register(void)	\
	{								\
		register_call;						\
	}								\
	static void name##_fn(int _i CK_ATTRIBUTE_UNUSED)

#define CK_TEST(tcase, name)						\
	CK_AUTO_DEFINE_(name, ck_auto_test((tcase), &name##_ttest))

#define CK_LOOP_TEST(tcase, name, start, end)				\
	CK_AUTO_DEFINE_(name, ck_auto_loop_test((tcase), &name##_ttest,	\
						(start), (int)(end)))

#define CK_CASE_(name, timeout, setup, teardown, unchecked)		\
	__attribute__((constructor)) static void			\
	CK_AUTO_CAT(ck_auto_case_, __LINE__)(void)			\
	{								\
		static const struct ck_auto_case c_ = {			\
			(name), (timeout), (setup), (teardown),		\
			(unchecked), __LINE__				\
		};							\
		ck_auto_case(&c_);					\
	}								\
	extern int ck_auto_semicolon_

#define CK_CASE(name, timeout, setup, teardown)				\
	CK_CASE_(name, timeout, setup, teardown, false)
#define CK_CASE_UNCHECKED(name, timeout, setup, teardown)		\
	CK_CASE_(name, timeout, setup, teardown, true)

#define CK_ALONE_TEST(name, timeout)					\
	CK_CASE(#name, timeout, NULL, NULL);				\
	CK_TEST(#name, name)

#define CK_SUITE(name)							\
	Suite *check_suite(void)					\
	{								\
		return ck_auto_suite(name);				\
	}								\
	extern int ck_auto_semicolon_

#endif /* TCESIM_CHECK_AUTO_H */
