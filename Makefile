# grbench — a thin wrapper over Meson/Ninja (shared/DESIGN.md §7).
# Every target that builds installs missing dependencies first (make deps).
BUILD ?= build
MESON_ARGS ?=
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian packages the build, the tests and the report use.
DEB_PKGS := meson ninja-build pkg-config gcc g++ libbenchmark-dev hyperfine \
            gnuplot-nox libjemalloc-dev golang-go libjansson-dev valgrind

.PHONY: all deps build test clean
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
	meson test -C $(BUILD) --print-errorlogs --num-processes 2

-include harness/targets.mk

clean:
	rm -rf $(BUILD)
