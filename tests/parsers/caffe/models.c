/* Real Caffe models against reference outputs that OpenCV's Caffe importer
 * made (../shared/models, see its SOURCES.md): TensorRT's sample LeNet for
 * MNIST with sampleMNIST's preprocessing (data = pgm - mean image), the
 * MTCNN P-Net and R-Net, and the Ultra-Light face detector RFB-320. Each
 * model skips when its files are absent; with none at all the run exits 77.
 * Usage: caffe-models [MODELS_DIR] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <trtinfer/trtinfer.h>

#include "check.h"

static const char *models_dir;
static TrtLogger *logger;

static void check_init(int argc, char **argv) {
  models_dir = argc > 1 ? argv[1] : "../shared/models";
  logger = trt_logger_new_console(TRT_SEVERITY_WARNING);
}

static const char *path(const char *rel) {
  static char buf[4][1024];
  static int next;
  char *p = buf[next++ % 4];
  snprintf(p, sizeof buf[0], "%s/%s", models_dir, rel);
  return p;
}

static bool present(const char *rel) {
  if (access(path(rel), R_OK) == 0) return true;
  printf("SKIP: %s is absent\n", path(rel));
  check_skipped++;
  return false;
}

typedef struct {
  TrtBuilder *builder;
  TrtNetwork *net;
  TrtEngine *engine;
  TrtContext *context;
} Model;

static void model_free(Model *m) {
  trt_context_free(m->context);
  trt_engine_free(m->engine);
  trt_network_free(m->net);
  trt_builder_free(m->builder);
}

/* Builds a CPU engine of the model; the input takes `input_dims` when
 * given (the fully convolutional P-Net runs at any size). */
static bool model_build(Model *m, TrtNetwork *net, const TrtDims *input_dims) {
  if (input_dims) CHECK(trt_network_set_input_dims(net, trt_network_get_input(net, 0),
                                                   input_dims) == TRT_STATUS_OK);
  TrtBuilderConfig *config = trt_builder_config_new();
  trt_builder_config_set_backend(config, TRT_BACKEND_CPU);
  m->engine = trt_builder_build_engine(m->builder, net, config);
  trt_builder_config_free(config);
  CHECK(m->engine != NULL);
  m->context = m->engine ? trt_engine_create_context(m->engine) : NULL;
  CHECK(!m->engine || m->context);
  return m->context != NULL;
}

/* Loads one of the reference tensors of a test data set directory. */
static bool read_ref(const char *dir, const char *file, TrtHostTensor *t) {
  char rel[512];
  snprintf(rel, sizeof rel, "%s/%s", dir, file);
  TrtStatus s = trt_onnx_read_tensor_file(path(rel), t, logger);
  CHECK_INT(s, TRT_STATUS_OK);
  return s == TRT_STATUS_OK;
}

/* Runs the model on one input; outputs[i] receives the binding named like
 * refs[i] and is compared with it: |got - want| <= 1e-5 + 1e-3 |want|. */
static void run_and_compare(Model *m, const TrtHostTensor *input, const TrtHostTensor *refs,
                            int nb_refs, const char *what) {
  int nb = trt_engine_get_nb_bindings(m->engine);
  void **bindings = calloc((size_t)nb, sizeof *bindings);
  float **outs = calloc((size_t)nb_refs, sizeof *outs);
  int in = trt_engine_get_binding_index(m->engine, input->name);
  CHECK(in >= 0 && trt_engine_binding_is_input(m->engine, in));
  if (in >= 0) bindings[in] = input->data;
  bool ok = in >= 0;
  for (int r = 0; r < nb_refs; r++) {
    int i = trt_engine_get_binding_index(m->engine, refs[r].name);
    CHECK(i >= 0);
    if (i < 0) {
      ok = false;
      continue;
    }
    TrtDims d = trt_engine_get_binding_dims(m->engine, i);
    CHECK(trt_dims_equal(&d, &refs[r].dims));
    ok = ok && trt_dims_equal(&d, &refs[r].dims);
    bindings[i] = outs[r] = calloc(refs[r].size ? refs[r].size : 1, 1);
  }
  if (ok) CHECK_INT(trt_context_execute(m->context, 1, bindings), TRT_STATUS_OK);
  for (int r = 0; ok && r < nb_refs; r++) {
    const float *want = refs[r].data;
    size_t n = refs[r].size / sizeof(float), bad = 0;
    double worst = 0;
    for (size_t k = 0; k < n; k++) {
      double diff = fabs((double)outs[r][k] - want[k]);
      if (diff > worst) worst = diff;
      if (!(diff <= 1e-5 + 1e-3 * fabs(want[k]))) bad++;
    }
    printf("%s %s: %zu values, max |diff| %.3g, %zu outside tolerance\n", what, refs[r].name, n,
           worst, bad);
    CHECK_INT(bad, 0);
  }
  for (int r = 0; r < nb_refs; r++) free(outs[r]);
  free(outs);
  free(bindings);
}

/* A model against the test data set in `dir` (input_0.pb, output_K.pb). */
static void check_reference_set(const char *deploy, const char *weights, const char *dir,
                                int nb_outputs, const char *what) {
  TrtHostTensor input = {0}, refs[2] = {{0}};
  bool ok = read_ref(dir, "input_0.pb", &input);
  char csv[256] = "";
  for (int i = 0; ok && i < nb_outputs; i++) {
    char file[32];
    snprintf(file, sizeof file, "output_%d.pb", i);
    ok = read_ref(dir, file, &refs[i]);
    if (ok) snprintf(csv + strlen(csv), sizeof csv - strlen(csv), "%s%s", i ? "," : "",
                     refs[i].name);
  }
  Model m = {.builder = trt_builder_new(logger)};
  m.net = trt_builder_create_network(m.builder);
  if (ok) {
    TrtStatus s = trt_caffe_parse_files(m.net, path(deploy), path(weights), csv, logger);
    CHECK_INT(s, TRT_STATUS_OK);
    if (s == TRT_STATUS_OK && model_build(&m, m.net, &input.dims))
      run_and_compare(&m, &input, refs, nb_outputs, what);
  }
  model_free(&m);
  trt_host_tensor_free(&input);
  for (int i = 0; i < nb_outputs; i++) trt_host_tensor_free(&refs[i]);
}

/* ---- MNIST ------------------------------------------------------------------- */

/* An 8-bit binary PGM of w x h into out (w * h bytes). */
static bool read_pgm(const char *file, uint8_t *out, int w, int h) {
  FILE *f = fopen(file, "rb");
  if (!f) return false;
  int fw = 0, fh = 0, max = 0;
  bool ok = fscanf(f, "P5 %d %d %d", &fw, &fh, &max) == 3 && fw == w && fh == h && max == 255 &&
            fgetc(f) != EOF && fread(out, 1, (size_t)(w * h), f) == (size_t)(w * h);
  fclose(f);
  return ok;
}

/* Each digit, preprocessed as sampleMNIST does, classifies as itself and
 * matches the reference probabilities. Uses the TensorRT-style objects. */
static void test_mnist(void) {
  if (!present("mnist/mnist.prototxt") || !present("mnist/mnist.caffemodel") ||
      !present("mnist/mnist_mean.binaryproto"))
    return;
  TrtCaffeParser *parser = trt_caffe_parser_new();
  trt_caffe_parser_set_logger(parser, logger);
  TrtHostTensor mean = {0};
  CHECK_INT(trt_caffe_parser_parse_binary_proto(parser, path("mnist/mnist_mean.binaryproto"), &mean),
            TRT_STATUS_OK);
  TrtDims mean_dims = {4, {1, 1, 28, 28}};
  CHECK(trt_dims_equal(&mean.dims, &mean_dims));
  Model m = {.builder = trt_builder_new(logger)};
  m.net = trt_builder_create_network(m.builder);
  const TrtBlobNameToTensor *blobs = trt_caffe_parser_parse(
      parser, path("mnist/mnist.prototxt"), path("mnist/mnist.caffemodel"), m.net,
      TRT_DATA_TYPE_FLOAT);
  CHECK(blobs != NULL);
  TrtTensor *prob = trt_blob_name_to_tensor_find(blobs, "prob");
  CHECK(prob != NULL);
  CHECK(trt_blob_name_to_tensor_find(blobs, "ip1") != NULL); /* after its in-place ReLU */
  CHECK(trt_blob_name_to_tensor_find(blobs, "loss") == NULL);
  if (!prob || mean.size != 784 * sizeof(float) ||
      trt_network_mark_output(m.net, prob) != TRT_STATUS_OK || !model_build(&m, m.net, NULL)) {
    trt_host_tensor_free(&mean);
    model_free(&m);
    trt_caffe_parser_free(parser);
    return;
  }
  int correct = 0;
  for (int digit = 0; digit < 10; digit++) {
    char rel[256];
    snprintf(rel, sizeof rel, "mnist/%d.pgm", digit);
    uint8_t pixels[784];
    CHECK(read_pgm(path(rel), pixels, 28, 28));
    float data[784];
    for (int i = 0; i < 784; i++) data[i] = (float)pixels[i] - ((const float *)mean.data)[i];
    TrtHostTensor input = {.name = "data", .type = TRT_DATA_TYPE_FLOAT,
                           .dims = {4, {1, 1, 28, 28}}, .data = data, .size = sizeof data};
    char dir[128];
    snprintf(dir, sizeof dir, "mnist/ref_caffe_opencv/test_data_set_%d", digit);
    TrtHostTensor ref_in = {0}, ref_out = {0};
    snprintf(rel, sizeof rel, "%s/input_0.pb", dir);
    if (access(path(rel), R_OK) == 0 && read_ref(dir, "input_0.pb", &ref_in) &&
        read_ref(dir, "output_0.pb", &ref_out)) {
      /* The same preprocessing as the reference. */
      CHECK_INT(ref_in.size, sizeof data);
      double worst = 0;
      for (size_t i = 0; i < 784 && ref_in.size == sizeof data; i++)
        worst = fmax(worst, fabs(data[i] - ((const float *)ref_in.data)[i]));
      CHECK_NEAR(worst, 0, 1e-4);
      char what[32];
      snprintf(what, sizeof what, "mnist digit %d", digit);
      run_and_compare(&m, &input, &ref_out, 1, what);
    }
    float out[10] = {0};
    void *bindings[2];
    bindings[trt_engine_get_binding_index(m.engine, "data")] = data;
    bindings[trt_engine_get_binding_index(m.engine, "prob")] = out;
    CHECK_INT(trt_context_execute(m.context, 1, bindings), TRT_STATUS_OK);
    int best = 0;
    for (int k = 1; k < 10; k++)
      if (out[k] > out[best]) best = k;
    CHECK_INT(best, digit);
    correct += best == digit;
    trt_host_tensor_free(&ref_in);
    trt_host_tensor_free(&ref_out);
  }
  printf("mnist: %d of 10 digits classified correctly\n", correct);
  trt_host_tensor_free(&mean);
  model_free(&m);
  trt_caffe_parser_free(parser);
}

static void test_mtcnn(void) {
  if (present("caffe/mtcnn/det1.caffemodel") &&
      present("caffe/mtcnn/ref_opencv/det1/test_data_set_0/input_0.pb"))
    check_reference_set("caffe/mtcnn/det1.prototxt", "caffe/mtcnn/det1.caffemodel",
                        "caffe/mtcnn/ref_opencv/det1/test_data_set_0", 2, "mtcnn det1 (P-Net)");
  if (present("caffe/mtcnn/det2.caffemodel") &&
      present("caffe/mtcnn/ref_opencv/det2/test_data_set_0/input_0.pb"))
    check_reference_set("caffe/mtcnn/det2.prototxt", "caffe/mtcnn/det2.caffemodel",
                        "caffe/mtcnn/ref_opencv/det2/test_data_set_0", 2, "mtcnn det2 (R-Net)");
}

static void test_ultraface(void) {
  if (present("caffe/ultraface/RFB-320.caffemodel") &&
      present("caffe/ultraface/ref_opencv/test_data_set_0/input_0.pb"))
    check_reference_set("caffe/ultraface/RFB-320.prototxt", "caffe/ultraface/RFB-320.caffemodel",
                        "caffe/ultraface/ref_opencv/test_data_set_0", 2, "ultraface RFB-320");
}

CHECK_MAIN(test_mnist, test_mtcnn, test_ultraface)
