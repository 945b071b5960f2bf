# trtinfer — the two commands of the quick start, and the build they need.
#   make demo   install what is missing, build, classify the MNIST digits with
#               the trtinfer GStreamer element (CPU when there is no GPU)
#   make test   install what is missing, build, run every test
BUILD ?= build
MESON_OPTIONS ?=
# nvcc lives outside PATH in the usual CUDA install.
export PATH := $(PATH):/usr/local/cuda/bin
# CI machines have nvcc but no GPU and two cores: one architecture is enough
# there to check that the CUDA code compiles.
ifeq ($(CI),true)
MESON_OPTIONS += -Dgpu_architectures=90
endif

.PHONY: all deps build test demo clean

all: build

deps:
	@scripts/install-deps.sh

$(BUILD)/build.ninja: | deps
	meson setup $(BUILD) $(MESON_OPTIONS)

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

test: build
	@scripts/run-tests.sh $(BUILD)

demo: build
	@scripts/demo.sh $(BUILD)

clean:
	rm -rf $(BUILD)
