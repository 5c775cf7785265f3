# SPDX-License-Identifier: GPL-2.0
# Thin wrapper around CMake. The two commands users need:
#   make run    install missing packages, build, run the default scenario
#   make test   install missing packages, build, run every test (CTest),
#               the same suite again under ASan+UBSan, every scenario under
#               valgrind, then each fuzz target for FUZZ_TIME seconds
# Other targets: build, asan, valgrind, fuzz, bench, man, test-slurm,
#   lint-rtl, install, clean, help.
#   make install PREFIX=/opt/tcesim   library, headers, pkg-config and
#                                     CMake files, CLI, scenarios, examples
#   make fuzz FUZZ_TIME=600   fuzz longer (clang libFuzzer, build-fuzz/)
#   make valgrind             scenarios under memcheck only
#   make man                  regenerate docs/tcesim.1 from the help texts
#   make test-slurm           a sharded sweep on a one-node Slurm (root)

BUILD    ?= build
ASAN     ?= build-asan
FUZZ     ?= build-fuzz
JOBS     ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE    ?= cmake
CTEST    ?= ctest
CTESTFLAGS ?= --output-on-failure -j $(JOBS)
PREFIX   ?= /usr/local
FUZZ_TIME ?= 60
FUZZ_RSS  ?= 2048
FUZZ_CC   ?= clang
FUZZ_FLAGS ?= -fsanitize=fuzzer-no-link,address,undefined \
	      -fno-sanitize-recover=undefined -fno-omit-frame-pointer

.PHONY: all deps build run test test-plain test-asan asan valgrind \
	fuzz fuzz-build fuzz-check bench man test-slurm lint-rtl install \
	clean help

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

# memcheck on every scenario (scripts/valgrind_scenarios.sh says why the
# scenarios run with 16 GiB of simulated RAM there).
valgrind: build
	VG_JOBS=$(JOBS) sh scripts/valgrind_scenarios.sh $(BUILD)/sim/tcesim \
		scenarios $(BUILD)/valgrind

# libFuzzer needs clang and its runtime (deps.sh installs both): fail
# loudly, saying why, when they do not work.
fuzz-check: deps
	@mkdir -p $(FUZZ)
	@printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
		'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
		'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)' \
		'{ (void)d; (void)n; return 0; }' > $(FUZZ)/probe.c
	@$(FUZZ_CC) -fsanitize=fuzzer,address $(FUZZ)/probe.c \
		-o $(FUZZ)/probe 2> $(FUZZ)/probe.log || { \
		echo "make fuzz: '$(FUZZ_CC) -fsanitize=fuzzer' does not work:" >&2; \
		cat $(FUZZ)/probe.log >&2; \
		echo "make fuzz: install clang and libclang-rt-dev (scripts/deps.sh)" >&2; \
		exit 1; }

$(FUZZ)/CMakeCache.txt: | fuzz-check
	CC=$(FUZZ_CC) $(CMAKE) -S . -B $(FUZZ) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DTCESIM_FUZZ=ON -DCMAKE_C_FLAGS="$(FUZZ_FLAGS)"

# Re-configure first: a stale build-fuzz may predate a target.
fuzz-build: fuzz-check $(FUZZ)/CMakeCache.txt
	$(CMAKE) -S . -B $(FUZZ) > /dev/null
	$(CMAKE) --build $(FUZZ) -j $(JOBS) --target fuzz_trace_parse fuzz_ioctl fuzz_elf_load fuzz_ckpt_restore

fuzz: fuzz-build
	sh sim/fuzz/run.sh $(FUZZ) $(FUZZ_TIME) $(FUZZ_RSS)

# Sequential on purpose: each step uses every core.
test: build
	$(MAKE) test-plain
	$(MAKE) test-asan
	$(MAKE) valgrind
	$(MAKE) fuzz

bench: build
	./bench/run.sh $(BUILD)

install: build
	$(CMAKE) --install $(BUILD) --prefix $(PREFIX)

# The manual page is generated from the help texts (sim_cli_man checks
# that the committed one is up to date).
man: build
	./$(BUILD)/sim/tcesim --man > docs/tcesim.1

# Optional: installs slurm-wlm and munge, starts a single-node slurmctld
# and slurmd, runs a sharded sweep as an array job, merges it, compares
# with the unsharded run, and tears everything down (scripts/test_slurm.sh).
test-slurm: build
	sh scripts/deps.sh slurm-wlm munge
	sh scripts/test_slurm.sh $(BUILD)/sim/tcesim

# Verilator lint of the RTL twin: -Wall, zero warnings (the only waivers
# are inline, scoped, each with its reason).
lint-rtl: deps
	cd rtl && verilator --lint-only -Wall -f tce_fetch_unit.f \
		--top-module tce_fetch_unit

clean:
	rm -rf $(BUILD) $(ASAN) $(FUZZ)

help:
	@sed -n '2,14p' Makefile
