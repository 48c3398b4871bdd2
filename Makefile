# Makefile - builds agora, its tests, fuzz targets and benchmarks.
#
#   make           build ./agora (installs missing packages first)
#   make run       build, create agora.db with demo data if new, serve :8080
#   make test      every test: unit, API (SQLite), sanitizers, smoke, checks,
#                  the web UI in headless Chromium (tests/browser),
#                  then storage and API tests on PostgreSQL (tests/run.sh pg)
#   make bench     benchmarks (not part of make test); see docs/benchmarks.md
#                  (bench/run.sh platform|catalog|seed|pg runs one part)
#   make asan      the clang AddressSanitizer+UBSan build in build/asan/
#   make fuzz      libFuzzer targets in build/fuzz/
#
# Variables: CC (default gcc), BUILD (default build), OPT (default -O2 -g).

ifeq ($(origin CC),default)
CC := gcc
endif
BUILD ?= build
OPT ?= -O2 -g
NPROC := $(shell nproc 2>/dev/null || echo 2)
# V=1 shows every compiler command.
Q := $(if $(V),,@)

PKGS := libmicrohttpd jansson sqlite3 libsodium libpq
TEST_PKGS := cmocka libcurl

WARN := -Wall -Wextra -Werror -Wshadow -Wpointer-arith -Wformat=2 -Wvla \
        -Wstrict-prototypes -Wmissing-prototypes -Wno-format-nonliteral -Wno-missing-field-initializers
BASE_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARN) -Isrc -MMD -MP
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm
TEST_CFLAGS = $(shell pkg-config --cflags $(TEST_PKGS) 2>/dev/null)
TEST_LIBS = $(shell pkg-config --libs $(TEST_PKGS) 2>/dev/null)
ALL_CFLAGS = $(BASE_CFLAGS) $(PKG_CFLAGS) $(OPT) $(EXTRA_CFLAGS)

SRC := $(shell find src -name '*.c' | LC_ALL=C sort)
WEB_FILES := $(shell find web -type f ! -name '*~' | LC_ALL=C sort)
APP_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(SRC)) $(BUILD)/gen/web_assets.o
LIB_OBJ := $(filter-out $(BUILD)/src/main.o,$(APP_OBJ))

UNIT_SRC := $(shell find tests/unit -name 'test_*.c' 2>/dev/null | LC_ALL=C sort)
API_SRC := $(shell find tests/api -name 'test_*.c' 2>/dev/null | LC_ALL=C sort)
TESTLIB_SRC := $(shell find tests/lib -name '*.c' 2>/dev/null | LC_ALL=C sort)
UNIT_BIN := $(patsubst tests/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
API_BIN := $(patsubst tests/%.c,$(BUILD)/tests/%,$(API_SRC))
TESTLIB_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(TESTLIB_SRC))
FUZZ_SRC := $(shell find tests/fuzz -name 'fuzz_*.c' 2>/dev/null | LC_ALL=C sort)

.PHONY: all deps build tests run test bench asan fuzz clean check-banned
.DEFAULT_GOAL := all
# Keep intermediate objects of test and fuzz binaries between runs.
.SECONDARY:

all: deps
	@$(MAKE) --no-print-directory -j$(NPROC) agora

deps:
	@scripts/deps.sh build

build: $(BUILD)/agora

agora: $(BUILD)/agora
	@cp $< $@

$(BUILD)/agora: $(APP_OBJ)
	@echo "  LINK  $@"
	$(Q)$(CC) $(OPT) $(EXTRA_CFLAGS) $(EXTRA_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) $(if $(findstring tests/,$<),$(TEST_CFLAGS) -Itests/lib) -c -o $@ $<

$(BUILD)/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O1 -Wall -Wextra -Werror -o $@ $<

$(BUILD)/gen/web_assets.c: $(WEB_FILES) $(BUILD)/embed
	@mkdir -p $(dir $@)
	$(BUILD)/embed $@ web $(WEB_FILES)

$(BUILD)/gen/web_assets.o: $(BUILD)/gen/web_assets.c
	$(CC) -std=c11 -O1 $(EXTRA_CFLAGS) -c -o $@ $<

# Unit tests link the application code (without main) and cmocka.
$(BUILD)/tests/unit/%: $(BUILD)/tests/unit/%.o $(LIB_OBJ) $(TESTLIB_OBJ)
	@echo "  LINK  $@"
	$(Q)$(CC) $(OPT) $(EXTRA_CFLAGS) $(EXTRA_LDFLAGS) -o $@ $^ $(PKG_LIBS) $(TEST_LIBS)

# API tests talk HTTP to the real binary; they link the test library.
$(BUILD)/tests/api/%: $(BUILD)/tests/api/%.o $(TESTLIB_OBJ) $(LIB_OBJ)
	@echo "  LINK  $@"
	$(Q)$(CC) $(OPT) $(EXTRA_CFLAGS) $(EXTRA_LDFLAGS) -o $@ $^ $(PKG_LIBS) $(TEST_LIBS)

tests: $(BUILD)/agora $(UNIT_BIN) $(API_BIN)

# The sanitizer build: clang, AddressSanitizer and UndefinedBehaviorSanitizer.
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
asan:
	@$(MAKE) --no-print-directory -j$(NPROC) CC=clang BUILD=build/asan OPT="-O1 -g" \
		EXTRA_CFLAGS="$(SAN_FLAGS)" EXTRA_LDFLAGS="$(SAN_FLAGS)" tests

# libFuzzer targets (clang), each linking the application code.
FUZZ_FLAGS := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
fuzz:
	@$(MAKE) --no-print-directory -j$(NPROC) CC=clang BUILD=build/fuzz OPT="-O1 -g" \
		EXTRA_CFLAGS="$(FUZZ_FLAGS)" fuzz-targets

FUZZ_BIN := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz-bin/%,$(FUZZ_SRC))
.PHONY: fuzz-targets
fuzz-targets: $(FUZZ_BIN)
$(BUILD)/fuzz-bin/%: $(BUILD)/tests/fuzz/%.o $(LIB_OBJ)
	@mkdir -p $(dir $@)
	@echo "  LINK  $@"
	$(Q)$(CC) -fsanitize=fuzzer,address,undefined -o $@ $^ $(PKG_LIBS)

run: all
	@scripts/run.sh

test:
	@scripts/deps.sh test
	@$(MAKE) --no-print-directory -j$(NPROC) tests agora
	@$(MAKE) --no-print-directory asan
	@$(MAKE) --no-print-directory fuzz
	@tests/run.sh

bench:
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory -j$(NPROC) agora bench-bin
	@bench/run.sh

# The benchmarks' reference programs (bench/*.c): bare SQL against the same
# engines, linked with sqlite3 and libpq only; not part of make test.
BENCH_BIN := $(patsubst bench/%.c,$(BUILD)/bench/%,$(wildcard bench/*.c))
.PHONY: bench-bin
bench-bin: $(BENCH_BIN)
$(BUILD)/bench/%: bench/%.c
	@mkdir -p $(dir $@)
	@echo "  CC    $@"
	$(Q)$(CC) -std=c11 -D_GNU_SOURCE $(WARN) $(OPT) $(shell pkg-config --cflags sqlite3 libpq) \
		-o $@ $< $(shell pkg-config --libs sqlite3 libpq) -lpthread

check-banned:
	@scripts/check-banned.sh

clean:
	rm -rf build agora

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
