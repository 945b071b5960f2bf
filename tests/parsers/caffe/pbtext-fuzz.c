/* Fuzz target for the .prototxt path: the input is read as a Caffe
 * NetParameter by the text-format reader (strict and skipping unknown
 * fields), and what reads is imported into a network. Text after a line
 * "#model" is read as a second NetParameter that supplies the weights.
 * Any input must end in a network or an error, never a crash, a leak or a
 * sanitizer report.
 *
 * With libFuzzer (clang):
 *   CC=clang meson setup build-fuzz -Db_sanitize=address,undefined \
 *     -Db_lundef=false -Dc_args=-fsanitize=fuzzer-no-link -Dgst=disabled -Dcuda=disabled
 *   ninja -C build-fuzz tests/parsers/caffe/caffe-pbtext-fuzz
 *   build-fuzz/tests/parsers/caffe/caffe-pbtext-fuzz -max_total_time=600 \
 *     -dict=tests/parsers/caffe/fuzz.dict NEW_CORPUS tests/parsers/caffe/fuzz-corpus
 * Built with -DTRT_FUZZ_REPLAY it is a plain program that runs the files of
 * the directories or files given (the meson test replays the corpus). */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caffe-importer.h"
#include "pbtext.h"

static void import(Caffe__NetParameter *deploy, Caffe__NetParameter *model) {
  TrtNetwork *net = trt_network_new();
  CaffeImporter imp = {
      .net = net,
      .deploy_file = "fuzz.prototxt",
      .model_file = "fuzz.caffemodel",
      .deploy = deploy,
      .model = model,
      .blobs = calloc(1, sizeof(TrtBlobNameToTensor)),
      .shapes_layers = -1,
  };
  if (imp.blobs && caffe_import_net(&imp) == TRT_STATUS_OK) {
    TrtShapeState state;
    trt_infer_network(net, NULL, false, &state, NULL);
    trt_shape_state_free(&state);
  }
  trt_shape_state_free(&imp.shapes);
  caffe_blob_map_free(imp.blobs);
  trt_network_free(net);
}

static Caffe__NetParameter *read_net(const char *text, size_t size, bool skip_unknown) {
  TrtPbTextOptions options = {.skip_unknown_fields = skip_unknown};
  ProtobufCMessage *msg = NULL;
  trt_pbtext_parse(&caffe__net_parameter__descriptor, text, size, "fuzz", &options, &msg, NULL);
  return (Caffe__NetParameter *)msg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *text = (const char *)data;
  const char *split = size >= 7 ? memmem(text, size, "#model\n", 7) : NULL;
  size_t deploy_size = split ? (size_t)(split - text) : size;
  Caffe__NetParameter *strict = read_net(text, deploy_size, false);
  if (strict) caffe__net_parameter__free_unpacked(strict, NULL);
  Caffe__NetParameter *deploy = read_net(text, deploy_size, true);
  Caffe__NetParameter *model =
      split ? read_net(split + 7, size - deploy_size - 7, true) : NULL;
  if (deploy) import(deploy, model);
  if (deploy) caffe__net_parameter__free_unpacked(deploy, NULL);
  if (model) caffe__net_parameter__free_unpacked(model, NULL);
  return 0;
}

#ifdef TRT_FUZZ_REPLAY
static int run_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    perror(path);
    return 1;
  }
  size_t cap = 1 << 16, n = 0, got;
  uint8_t *buf = malloc(cap);
  while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) buf = realloc(buf, cap *= 2);
  }
  fclose(f);
  if (!buf) return 1;
  LLVMFuzzerTestOneInput(buf, n);
  free(buf);
  return 0;
}

int main(int argc, char **argv) {
  int files = 0, errors = 0;
  for (int i = 1; i < argc; i++) {
    DIR *dir = opendir(argv[i]);
    if (!dir) {
      errors += run_file(argv[i]);
      files++;
      continue;
    }
    struct dirent *e;
    while ((e = readdir(dir))) {
      if (e->d_name[0] == '.') continue;
      char path[4096];
      snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name);
      errors += run_file(path);
      files++;
    }
    closedir(dir);
  }
  printf("%d passed, %d failed\n", files - errors, errors);
  return errors ? 1 : 0;
}
#endif
