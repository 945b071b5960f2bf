# trtinfer — the two commands of the quick start, and the build they need.
#   make demo   install what is missing, build, classify the MNIST digits with
#               the trtinfer GStreamer element (CPU when there is no GPU)
#   make test   install what is missing, build, run every test, then the
#               unit, ops, parser, conformance, tool, vision and fuzz-corpus
#               tests again under AddressSanitizer + UndefinedBehaviorSanitizer
# and, beyond the quick start:
#   make fuzz   build the fuzz targets (clang, libFuzzer) and run each for
#               FUZZ_SECONDS (tests/fuzz/run-fuzz.sh; FUZZ_TARGETS picks some)
BUILD ?= build
MESON_OPTIONS ?=
# `make asan` builds the AddressSanitizer + UndefinedBehaviorSanitizer tree
# that `make test` runs its second pass in (timings in docs/hardening.md).
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=
# nvcc lives outside PATH in the usual CUDA install.
export PATH := $(PATH):/usr/local/cuda/bin
# CI machines have nvcc but no GPU and two cores: one architecture is enough
# there to check that the CUDA code compiles.
ifeq ($(CI),true)
MESON_OPTIONS += -Dgpu_architectures=90
endif

.PHONY: all deps build asan test demo fuzz clean

all: build

deps:
	@scripts/install-deps.sh

$(BUILD)/build.ninja: | deps
	meson setup $(BUILD) $(MESON_OPTIONS)

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

$(ASAN_BUILD)/build.ninja: | deps
	meson setup $(ASAN_BUILD) -Db_sanitize=address,undefined -Dcuda=disabled -Dgst=disabled

asan: deps $(ASAN_BUILD)/build.ninja
	ninja -C $(ASAN_BUILD)

test: build asan
	@scripts/run-tests.sh $(BUILD) $(ASAN_BUILD)

demo: build
	@scripts/demo.sh $(BUILD)

fuzz:
	@scripts/install-deps.sh fuzz
	@tests/fuzz/run-fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
