# grbench — a thin wrapper: builds forward to Meson/Ninja, the checks to tools/*.sh.
# Every target that builds installs missing dependencies first (make deps).
BUILD ?= build
MESON_ARGS ?=
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian packages the build, the tests and the report use.
DEB_PKGS := meson ninja-build pkg-config gcc g++ python3 libbenchmark-dev hyperfine \
            gnuplot-nox libjemalloc-dev golang-go libjansson-dev valgrind \
            clang libclang-rt-14-dev linux-perf google-perftools libgoogle-perftools-dev \
            qemu-user-static gcc-aarch64-linux-gnu libc6-dev-arm64-cross \
            libboost-fiber1.81-dev libboost-context1.81-dev gccgo clang-format

.PHONY: all deps build test install race check-all soak fuzz-smoke format clean
all: build

deps:
	@missing=$$(for p in $(DEB_PKGS); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; \
	  done); \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing:" $$missing; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "make deps: all dependencies present"; fi

$(BUILD)/build.ninja:
	meson setup $(BUILD) $(MESON_ARGS)

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

test: build
	tools/format-check.sh
	meson test -C $(BUILD) --print-errorlogs --num-processes 2
	FUZZ_SECONDS=$(or $(FUZZ_SECONDS),5) tools/fuzz-smoke.sh $(BUILD)-fuzz
	tools/aarch64-check.sh $(BUILD)-aarch64
	tools/boostfiber-check.sh $(BUILD) $(BUILD)-boostfiber

# meson install of $(BUILD) (README "Installing"): PREFIX=DIR reconfigures
# the build's prefix first (else it keeps its own, /usr/local by default);
# DESTDIR=DIR stages the install under DIR.  Root installing for real also
# refreshes the loader cache, so the default <libdir>/libgr.so.1 is found.
install: build
	$(if $(PREFIX),meson configure $(BUILD) -Dprefix=$(abspath $(PREFIX)))
	meson install -C $(BUILD) $(if $(DESTDIR),--destdir $(abspath $(DESTDIR)))
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ] && command -v ldconfig >/dev/null; then ldconfig; fi

# ThreadSanitizer build in its own folder: the conformance suite and the
# examples on every backend; the `race` example must be reported, and
# nothing else (the C answer to `go run -race`).
race: deps
	tools/variant.sh setup $(BUILD)-tsan tsan $(MESON_ARGS)
	ninja -C $(BUILD)-tsan
	meson test -C $(BUILD)-tsan --print-errorlogs --num-processes 2 --suite conformance --suite examples
	suites/examples/check_race.sh $(BUILD)-tsan

# The reliability matrix (ASan+UBSan, TSan, Valgrind memcheck, stress,
# faults, fuzzing) in private build folders; summary in reliability.json.
check-all: deps
	tools/check-all.sh $(BUILD)-check

soak: build
	tools/soak.sh $(BUILD) $(or $(SEEDS),5000)

fuzz-smoke: deps
	tools/fuzz-smoke.sh $(BUILD)-fuzz

# The one C style (.clang-format): rewrite what `make test` would reject.
format: deps
	tools/format-check.sh --fix

-include harness/targets.mk

clean:
	rm -rf $(BUILD) $(BUILD)-tsan $(BUILD)-check $(BUILD)-fuzz $(BUILD)-aarch64 $(BUILD)-boostfiber
