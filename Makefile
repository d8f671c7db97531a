# The two commands of the README. Both install what is missing first.
BUILD_DIR ?= build
DATA ?= ./lanyard-data
JOBS ?= $(shell nproc)
# Compiler warnings fail the build (CMake option LANYARD_WERROR): main builds with none, and a
# new one is fixed, not shipped. `make WERROR=OFF` to build a work in progress anyway.
WERROR ?= ON

.PHONY: run test build deps test-deps bench package clean

build: deps
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DLANYARD_WERROR=$(WERROR)
	cmake --build $(BUILD_DIR) -j $(JOBS)

deps:
	packaging/install-deps build

test-deps:
	packaging/install-deps test

run: build
	$(BUILD_DIR)/app/lanyard serve --data $(DATA)

test: test-deps build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 600

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
	rm -rf $(BUILD_DIR)
