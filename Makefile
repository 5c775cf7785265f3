# SPDX-License-Identifier: GPL-2.0
# Thin wrapper around CMake. The two commands users need:
#   make run    install missing packages, build, run the default scenario
#   make test   install missing packages, build, run every test (CTest),
#               then the same suite again under ASan+UBSan
# Other targets: build, asan, bench, clean, help.

BUILD    ?= build
ASAN     ?= build-asan
JOBS     ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE    ?= cmake
CTEST    ?= ctest
CTESTFLAGS ?= --output-on-failure -j $(JOBS)

.PHONY: all deps build run test test-plain test-asan asan bench clean help

all: build

deps:
	@sh scripts/deps.sh

$(BUILD)/CMakeCache.txt: | deps
	$(CMAKE) -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: deps $(BUILD)/CMakeCache.txt
	$(CMAKE) --build $(BUILD) -j $(JOBS)

run: build
	./$(BUILD)/sim/tcesim run

test-plain: build
	cd $(BUILD) && $(CTEST) $(CTESTFLAGS)

$(ASAN)/CMakeCache.txt: | deps
	$(CMAKE) -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DTCESIM_SANITIZE=ON

asan: deps $(ASAN)/CMakeCache.txt
	$(CMAKE) --build $(ASAN) -j $(JOBS)

test-asan: asan
	cd $(ASAN) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		$(CTEST) $(CTESTFLAGS) -LE no-asan

test: test-plain test-asan

bench: build
	./bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN)

help:
	@sed -n '2,7p' Makefile
