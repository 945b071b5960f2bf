/* Fuzz target: the Caffe parser through its public calls, as an
 * application meets it: a deploy .prototxt and a binary .caffemodel
 * (trt_caffe_parse_files), then the builder and one run of what it builds;
 * the model bytes are also read as a mean .binaryproto.
 *
 * Input: the deploy text, a line "#caffemodel", then the model's bytes.
 * Without that line the whole input is the model, for the deploy file in
 * tests/fuzz/caffe-deploy.prototxt (MTCNN P-Net, whose layer names its
 * seed caffemodel has). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#define SEPARATOR "\n#caffemodel\n"

static char default_deploy[4096];

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  fuzz_init();
  const char *path = getenv("FUZZ_CAFFE_DEPLOY");
  FILE *f = fopen(path ? path : FUZZ_CAFFE_DEPLOY, "rb");
  size_t n = f ? fread(default_deploy, 1, sizeof default_deploy - 1, f) : 0;
  if (f) fclose(f);
  default_deploy[n] = '\0';
  if (!n) {
    fprintf(stderr, "fuzz-caffe: cannot read the default deploy file\n");
    exit(1);
  }
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const uint8_t *deploy = (const uint8_t *)default_deploy, *model = data;
  size_t deploy_size = strlen(default_deploy), model_size = size;
  const uint8_t *split = memmem(data, size, SEPARATOR, strlen(SEPARATOR));
  if (split) {
    deploy = data;
    deploy_size = (size_t)(split - data);
    model = split + strlen(SEPARATOR);
    model_size = size - deploy_size - strlen(SEPARATOR);
  }
  char deploy_path[64], model_path[64];
  int deploy_fd = fuzz_file_open(deploy, deploy_size, deploy_path, sizeof deploy_path);
  int model_fd = fuzz_file_open(model, model_size, model_path, sizeof model_path);
  if (deploy_fd < 0 || model_fd < 0) abort();

  FuzzLog log;
  fuzz_log_init(&log);
  TrtNetwork *net = trt_network_new();
  if (!net) abort();
  trt_network_set_logger(net, log.logger);
  TrtStatus s = trt_caffe_parse_files(net, deploy_path, model_size ? model_path : NULL,
                                      NULL, log.logger);
  fuzz_expect_error(&log, s != TRT_STATUS_OK, "trt_caffe_parse_files");
  if (s == TRT_STATUS_OK) fuzz_build_and_run(net, &log);
  trt_network_free(net);

  TrtCaffeParser *parser = trt_caffe_parser_new();
  if (!parser) abort();
  trt_caffe_parser_set_logger(parser, log.logger);
  TrtHostTensor mean;
  memset(&mean, 0, sizeof mean);
  int before = log.errors;
  s = trt_caffe_parser_parse_binary_proto(parser, model_path, &mean);
  if (s != TRT_STATUS_OK && log.errors == before) {
    fprintf(stderr, "finding: a .binaryproto was refused without an error\n");
    abort();
  }
  if (s == TRT_STATUS_OK && (trt_dims_volume(&mean.dims) < 0 ||
                             mean.size != (size_t)trt_dims_volume(&mean.dims) * 4)) {
    fprintf(stderr, "finding: a mean image's size does not match its dims\n");
    abort();
  }
  trt_host_tensor_free(&mean);
  trt_caffe_parser_free(parser);
  fuzz_log_free(&log);
  fuzz_file_close(deploy_fd);
  fuzz_file_close(model_fd);
  return 0;
}
