# The two commands of the README. Both install what is missing first.
BUILD_DIR ?= build
DATA ?= ./lanyard-data
JOBS ?= $(shell nproc)
# Compiler warnings fail the build (CMake option LANYARD_WERROR): main builds with none, and a
# new one is fixed, not shipped. `make WERROR=OFF` to build a work in progress anyway.
WERROR ?= ON
# `make test` also builds two sanitizer trees with clang and runs their suites from the main
# tree's ctest (tests/sanitized): ASan+UBSan with the fuzz targets, and TSan. SANITIZED=OFF
# skips them for a quicker local run.
SANITIZED ?= ON
ASAN_DIR ?= build-asan
TSAN_DIR ?= build-tsan

.PHONY: run test build deps test-deps build-sanitized bench package clean

build: deps
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DLANYARD_WERROR=$(WERROR)
	cmake --build $(BUILD_DIR) -j $(JOBS)

deps:
	packaging/install-deps build

test-deps:
	packaging/install-deps test

run: build
	$(BUILD_DIR)/app/lanyard serve --data $(DATA)

ifeq ($(SANITIZED),ON)
SANITIZED_TREES = -DLANYARD_ASAN_DIR=$(abspath $(ASAN_DIR)) -DLANYARD_TSAN_DIR=$(abspath $(TSAN_DIR))
TEST_NEEDS = build-sanitized
else
SANITIZED_TREES = -DLANYARD_ASAN_DIR= -DLANYARD_TSAN_DIR=
TEST_NEEDS =
endif

test: test-deps build $(TEST_NEEDS)
	cmake -S . -B $(BUILD_DIR) $(SANITIZED_TREES) >/dev/null
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 600

# The sanitizer trees (clang): everything under ASan+UBSan plus the libFuzzer targets, and the
# storage and concurrency units under TSan (tests/tsan). Their suites run in `make test` (tests/sanitized).
build-sanitized: test-deps
	CC=clang CXX=clang++ cmake -S . -B $(ASAN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DLANYARD_SANITIZE=address
	cmake --build $(ASAN_DIR) -j $(JOBS) --target lanyard storage_tests core_tests web_tests fuzz_targets
	CC=clang CXX=clang++ cmake -S . -B $(TSAN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DLANYARD_SANITIZE=thread
	cmake --build $(TSAN_DIR) -j $(JOBS) --target tsan_tests

# The Debian package: $(BUILD_DIR)/lanyard_<version>_<arch>.deb (packaging/CMakeLists.txt), its
# version from git describe. The package tools come first: the man page needs help2man at configure.
package:
	packaging/install-deps package
	$(MAKE) build
	cd $(BUILD_DIR) && cpack -G DEB --config CPackConfig.cmake

bench: build
	packaging/install-deps bench
	bench/run-all.sh $(BUILD_DIR)/app/lanyard

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR) $(TSAN_DIR)
