/* Real TensorFlow and UFF models against their reference outputs
 * (../shared/models, see its SOURCES.md):
 * - TensorRT's sample LeNet-5 frozen graph (mnist/lenet5_mnist_frozen.pb),
 *   input `in`, output `out` (logits);
 * - the Keras MLP of TensorRT's end_to_end_tensorflow_mnist sample as a
 *   frozen graph and as the UFF file converted from it (tf_uff/), input
 *   `input_1`, output `dense_1/Softmax`;
 * - NVIDIA's lenet5.uff rebuilt from its text dump (mnist/lenet5.uff.txt,
 *   whose weights were left out) with the weights of the frozen graph it
 *   was converted from;
 * - Polygraphy's tf_identity.pb (a placeholder through three Identity ops).
 * Every MNIST model classifies the ten digits (in = 1 - pgm / 255, as
 * sampleUffMNIST feeds them) with the input registered NHWC and NCHW, one
 * digit at a time and as a batch of ten, and matches the references
 * (|got - want| <= 1e-5 + 1e-3 |want|); fed NCHW, the LeNets have no
 * transpose at all (their dense weights take the network's order). Where
 * a GPU is present the same runs are made on the CUDA backend too. Models whose files are absent
 * skip; with none at all the run exits 77.
 * Usage: tf-models [MODELS_DIR] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <trtinfer/trtinfer.h>

#include "../../../lib/core/util.h"
#include "pbtext.h"
#include "tensorflow.pb-c.h"
#include "tf-check.h"
#include "uff.pb-c.h"

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

/* ---- engines ---------------------------------------------------------------- */

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
  memset(m, 0, sizeof *m);
}

/* The backend engines are built for (check_mnist also tries CUDA). */
static TrtBackendKind backend = TRT_BACKEND_CPU;

static bool model_build(Model *m, int max_batch) {
  TrtBuilderConfig *config = trt_builder_config_new();
  trt_builder_config_set_backend(config, backend);
  trt_builder_config_set_max_batch_size(config, max_batch);
  m->engine = trt_builder_build_engine(m->builder, m->net, config);
  trt_builder_config_free(config);
  CHECK(m->engine != NULL);
  m->context = m->engine ? trt_engine_create_context(m->engine) : NULL;
  CHECK(!m->engine || m->context);
  return m->context != NULL;
}

/* Parses `file` (or `data` when given) with one registered input of
 * 1 x 28 x 28 and one output, and builds it for batches up to max_batch. */
static bool mnist_model(Model *m, const char *file, const void *data, size_t size,
                        const char *input, TrtUffInputOrder order, const char *output,
                        int max_batch) {
  m->builder = trt_builder_new(logger);
  m->net = trt_builder_create_network(m->builder);
  TrtUffParser *parser = trt_uff_parser_new();
  TrtDims chw = {3, {1, 28, 28}};
  CHECK_INT(trt_uff_parser_register_input(parser, input, &chw, order), TRT_STATUS_OK);
  CHECK_INT(trt_uff_parser_register_output(parser, output), TRT_STATUS_OK);
  TrtStatus s = data ? trt_uff_parser_parse_buffer(parser, data, size, m->net, TRT_DATA_TYPE_FLOAT)
                     : trt_uff_parser_parse(parser, file, m->net, TRT_DATA_TYPE_FLOAT);
  trt_uff_parser_free(parser);
  CHECK_INT(s, TRT_STATUS_OK);
  return s == TRT_STATUS_OK && model_build(m, max_batch);
}

/* Runs `n` items of x through the engine into y. */
static bool run(Model *m, const char *input, const char *output, const float *x, int n,
                float *y) {
  void *bindings[2] = {0};
  int in = trt_engine_get_binding_index(m->engine, input);
  int out = trt_engine_get_binding_index(m->engine, output);
  CHECK(in >= 0 && out >= 0 && trt_engine_get_nb_bindings(m->engine) == 2);
  if (in < 0 || out < 0 || trt_engine_get_nb_bindings(m->engine) != 2) return false;
  bindings[in] = (void *)x;
  bindings[out] = y;
  TrtStatus s = trt_context_execute(m->context, n, bindings);
  CHECK_INT(s, TRT_STATUS_OK);
  return s == TRT_STATUS_OK;
}

/* ---- MNIST ----------------------------------------------------------------------- */

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

/* The ten digits as sampleUffMNIST feeds them, x[d * 784 + i] = 1 -
 * pgm/255 (one channel: the same bytes in NCHW and NHWC). */
static bool load_digits(float *x) {
  for (int d = 0; d < 10; d++) {
    char rel[64];
    snprintf(rel, sizeof rel, "mnist/%d.pgm", d);
    uint8_t pixels[784];
    if (!present(rel) || !read_pgm(path(rel), pixels, 28, 28)) return false;
    for (int i = 0; i < 784; i++) x[d * 784 + i] = 1.0f - pixels[i] / 255.0f;
  }
  return true;
}

static int argmax10(const float *y) {
  int best = 0;
  for (int k = 1; k < 10; k++)
    if (y[k] > y[best]) best = k;
  return best;
}

/* y[10] against output_0.pb of test_data_set_<digit> in `refdir` (whose
 * input must be our preprocessing of that digit). */
static void compare_ref(const char *refdir, int digit, const float *x, const float *y,
                        const char *what) {
  char rel[256];
  snprintf(rel, sizeof rel, "%s/test_data_set_%d/input_0.pb", refdir, digit);
  if (!present(rel)) return;
  TrtHostTensor in = {0}, out = {0};
  CHECK_INT(trt_onnx_read_tensor_file(path(rel), &in, logger), TRT_STATUS_OK);
  snprintf(rel, sizeof rel, "%s/test_data_set_%d/output_0.pb", refdir, digit);
  CHECK_INT(trt_onnx_read_tensor_file(path(rel), &out, logger), TRT_STATUS_OK);
  if (in.size == 784 * sizeof(float) && out.size == 10 * sizeof(float)) {
    double worst_in = 0, worst = 0;
    for (int i = 0; i < 784; i++)
      worst_in = fmax(worst_in, fabs(x[i] - ((const float *)in.data)[i]));
    CHECK_NEAR(worst_in, 0, 1e-6);
    int bad = 0;
    for (int k = 0; k < 10; k++) {
      double want = ((const float *)out.data)[k], diff = fabs(y[k] - want);
      worst = fmax(worst, diff);
      bad += !(diff <= 1e-5 + 1e-3 * fabs(want));
    }
    if (bad) printf("%s digit %d: max |diff| %.3g\n", what, digit, worst);
    CHECK_INT(bad, 0);
  } else {
    CHECK(!"reference tensors of the expected sizes");
  }
  trt_host_tensor_free(&in);
  trt_host_tensor_free(&out);
}

/* A model of `file` (or the bytes in data) classifies the ten digits, in
 * both input orders, alone and as a batch, as the references say. */
static int count_transposes(const TrtNetwork *net) {
  int n = 0;
  for (int i = 0; i < trt_network_get_nb_layers(net); i++)
    n += trt_layer_get_type(trt_network_get_layer(net, i)) == TRT_LAYER_TRANSPOSE;
  return n;
}

/* ... with `transposes` transpose layers when fed NCHW (-1: any). */
static void check_mnist(const char *model, const void *data, size_t size, const char *input,
                        const char *output, const char *refdir, const char *what,
                        int transposes) {
  char file[1024] = "";
  if (model) snprintf(file, sizeof file, "%s", model);
  float *x = malloc(10 * 784 * sizeof *x);
  if (!x || !load_digits(x)) {
    free(x);
    return;
  }
  static const TrtUffInputOrder orders[2] = {TRT_UFF_INPUT_ORDER_NHWC, TRT_UFF_INPUT_ORDER_NCHW};
  bool cuda = trt_backend_is_available(TRT_BACKEND_CUDA, 0);
  if (!cuda) check_skipped++; /* the CUDA runs below */
  for (int run_nb = 0; run_nb < (cuda ? 4 : 2); run_nb++) {
    int o = run_nb % 2;
    backend = run_nb < 2 ? TRT_BACKEND_CPU : TRT_BACKEND_CUDA;
    Model m = {0};
    if (!mnist_model(&m, model ? file : NULL, data, size, input, orders[o], output, 10)) {
      model_free(&m);
      continue;
    }
    if (o == 1 && transposes >= 0) CHECK_INT(count_transposes(m.net), transposes);
    int in = trt_engine_get_binding_index(m.engine, input);
    TrtDims want = o == 0 ? (TrtDims){4, {10, 28, 28, 1}} : (TrtDims){4, {10, 1, 28, 28}};
    TrtDims got = trt_engine_get_binding_dims(m.engine, in);
    CHECK(trt_dims_equal(&got, &want));
    float batch[100], one[10];
    int correct = 0;
    if (run(&m, input, output, x, 10, batch)) {
      for (int d = 0; d < 10; d++) {
        CHECK_INT(argmax10(batch + 10 * d), d);
        correct += argmax10(batch + 10 * d) == d;
        if (refdir) compare_ref(refdir, d, x + 784 * d, batch + 10 * d, what);
      }
      for (int d = 0; d < 10; d += 3) { /* alone: the same as in the batch */
        if (!run(&m, input, output, x + 784 * d, 1, one)) break;
        for (int k = 0; k < 10; k++) CHECK_NEAR(one[k], batch[10 * d + k], 1e-5);
      }
    }
    printf("%s, input %s, %s: %d of 10 digits right\n", what, o == 0 ? "NHWC" : "NCHW",
           trt_engine_get_backend_name(m.engine), correct);
    model_free(&m);
  }
  backend = TRT_BACKEND_CPU;
  free(x);
}

static void test_lenet5_frozen(void) {
  if (present("mnist/lenet5_mnist_frozen.pb"))
    check_mnist(path("mnist/lenet5_mnist_frozen.pb"), NULL, 0, "in", "out", "mnist/ref_tf_lenet5",
                "lenet5 frozen graph", 0);
}

static void test_mlp_frozen(void) {
  if (present("tf_uff/mnist_mlp_frozen.pb"))
    check_mnist(path("tf_uff/mnist_mlp_frozen.pb"), NULL, 0, "input_1", "dense_1/Softmax",
                "tf_uff/ref", "mnist mlp frozen graph", -1);
}

static void test_mlp_uff(void) {
  if (present("tf_uff/mnist_mlp.uff"))
    check_mnist(path("tf_uff/mnist_mlp.uff"), NULL, 0, "input_1", "dense_1/Softmax", "tf_uff/ref",
                "mnist mlp uff", -1);
}

/* ---- lenet5.uff from its text dump --------------------------------------------------- */

/* NVIDIA's lenet5.uff is its text dump plus the weights, which are the
 * frozen graph's constants of the same names (weights_<node>). */
static void test_lenet5_uff_rebuilt(void) {
  if (!present("mnist/lenet5.uff.txt") || !present("mnist/lenet5_mnist_frozen.pb")) return;
  size_t text_size, pb_size;
  char *text = trt_read_file(path("mnist/lenet5.uff.txt"), &text_size);
  uint8_t *pb = trt_read_file(path("mnist/lenet5_mnist_frozen.pb"), &pb_size);
  ProtobufCMessage *msg = NULL;
  CHECK_INT(trt_pbtext_parse(&uff__meta_graph__descriptor, text, text_size, "lenet5.uff.txt",
                             NULL, &msg, logger),
            TRT_STATUS_OK);
  Tensorflow__GraphDef *graph = tensorflow__graph_def__unpack(NULL, pb_size, pb);
  CHECK(graph != NULL);
  Uff__MetaGraph *meta = (Uff__MetaGraph *)msg;
  int filled = 0;
  Uff__Data *borrowers[16];
  ProtobufCBinaryData own[16];
  for (size_t i = 0; meta && graph && i < meta->n_referenced_data; i++) {
    const char *key = meta->referenced_data[i]->key;
    Uff__Data *value = meta->referenced_data[i]->value;
    if (strncmp(key, "weights_", 8) != 0 || value->data_oneof_case != UFF__DATA__DATA_ONEOF_BLOB)
      continue;
    for (size_t k = 0; k < graph->n_node; k++) {
      const Tensorflow__NodeDef *n = graph->node[k];
      if (strcmp(n->name, key + 8) != 0) continue;
      for (size_t a = 0; a < n->n_attr; a++)
        if (strcmp(n->attr[a]->key, "value") == 0 && n->attr[a]->value->tensor &&
            n->attr[a]->value->tensor->tensor_content.len) {
          /* Borrowed: the dump's blob is put back before the message is
           * freed. */
          if (filled == 16) break;
          borrowers[filled] = value;
          own[filled++] = value->blob;
          value->blob = n->attr[a]->value->tensor->tensor_content;
        }
    }
  }
  CHECK_INT(filled, 9); /* 4 weights, 4 biases and the reshape's shape */
  size_t size = meta ? uff__meta_graph__get_packed_size(meta) : 0;
  uint8_t *uff = malloc(size ? size : 1);
  if (meta && uff) {
    uff__meta_graph__pack(meta, uff);
    check_mnist(NULL, uff, size, "in", "out", "mnist/ref_tf_lenet5", "lenet5.uff (rebuilt)", 0);
  }
  for (int i = 0; i < filled; i++) borrowers[i]->blob = own[i];
  free(uff);
  if (msg) protobuf_c_message_free_unpacked(msg, NULL);
  if (graph) tensorflow__graph_def__free_unpacked(graph, NULL);
  free(text);
  free(pb);
}

/* ---- tf_identity.pb --------------------------------------------------------------- */

/* No registration: the placeholder's own shape; the graph's only sink is
 * the output. The values pass through unchanged. */
static void test_tf_identity(void) {
  if (!present("onnx/polygraphy_edge_cases/tf_identity.pb")) return;
  Model m = {.builder = trt_builder_new(logger)};
  m.net = trt_builder_create_network(m.builder);
  TrtStatus s = trt_uff_parse_file(m.net, path("onnx/polygraphy_edge_cases/tf_identity.pb"), NULL,
                                   0, NULL, 0, logger);
  CHECK_INT(s, TRT_STATUS_OK);
  CHECK_INT(trt_network_get_nb_inputs(m.net), 1);
  CHECK_INT(trt_network_get_nb_outputs(m.net), 1);
  if (s == TRT_STATUS_OK && model_build(&m, 1)) {
    TrtDims want = {4, {1, 15, 25, 30}};
    int in = trt_engine_get_binding_index(m.engine, "Input");
    int out = trt_engine_get_binding_index(m.engine, "Identity_2");
    CHECK(in >= 0 && out >= 0);
    TrtDims got = trt_engine_get_binding_dims(m.engine, in);
    CHECK(trt_dims_equal(&got, &want));
    enum { N = 15 * 25 * 30 };
    static float x[N], y[N];
    for (int i = 0; i < N; i++) x[i] = (float)(i % 97) * 0.25f - 7.0f;
    void *bindings[2] = {0};
    if (in >= 0 && out >= 0) {
      bindings[in] = x;
      bindings[out] = y;
      CHECK_INT(trt_context_execute(m.context, 1, bindings), TRT_STATUS_OK);
      CHECK(memcmp(x, y, sizeof x) == 0);
    }
  }
  model_free(&m);
}

/* ---- one-call forms ------------------------------------------------------------------ */

static void test_one_call(void) {
  if (!present("tf_uff/mnist_mlp.uff")) return;
  float *x = malloc(10 * 784 * sizeof *x);
  if (!x || !load_digits(x)) {
    free(x);
    return;
  }
  /* trt_uff_parse_file with the inputs and outputs as arguments. */
  Model m = {.builder = trt_builder_new(logger)};
  m.net = trt_builder_create_network(m.builder);
  TrtUffInput input = {"input_1", {3, {1, 28, 28}}, TRT_UFF_INPUT_ORDER_NCHW};
  const char *outputs[] = {"dense_1/Softmax"};
  CHECK_INT(trt_uff_parse_file(m.net, path("tf_uff/mnist_mlp.uff"), &input, 1, outputs, 1, logger),
            TRT_STATUS_OK);
  float y[10];
  if (model_build(&m, 1) && run(&m, "input_1", "dense_1/Softmax", x + 7 * 784, 1, y))
    CHECK_INT(argmax10(y), 7);
  model_free(&m);
  /* The file's MarkOutput names the output when none is registered. */
  m.builder = trt_builder_new(logger);
  m.net = trt_builder_create_network(m.builder);
  CHECK_INT(trt_uff_parse_file(m.net, path("tf_uff/mnist_mlp.uff"), &input, 1, NULL, 0, logger),
            TRT_STATUS_OK);
  CHECK_INT(trt_network_get_nb_outputs(m.net), 1);
  if (trt_network_get_nb_outputs(m.net) == 1)
    CHECK(strcmp(trt_tensor_get_name(trt_network_get_output(m.net, 0)), "dense_1/Softmax") == 0);
  model_free(&m);
  /* An engine in one call, as trt.utils.uff_to_trt_engine. */
  TrtUffParser *parser = trt_uff_parser_new();
  TrtDims chw = {3, {1, 28, 28}};
  trt_uff_parser_register_input(parser, "input_1", &chw, TRT_UFF_INPUT_ORDER_NCHW);
  trt_uff_parser_register_output(parser, "dense_1/Softmax");
  TrtEngine *engine =
      trt_uff_to_engine(logger, path("tf_uff/mnist_mlp_frozen.pb"), parser, 4, 1 << 20,
                        TRT_DATA_TYPE_FLOAT);
  CHECK(engine != NULL);
  if (engine) {
    CHECK_INT(trt_engine_get_max_batch_size(engine), 4);
    m.engine = engine;
    m.context = trt_engine_create_context(engine);
    if (m.context && run(&m, "input_1", "dense_1/Softmax", x + 2 * 784, 1, y))
      CHECK_INT(argmax10(y), 2);
    trt_context_free(m.context);
    trt_engine_free(engine);
  }
  trt_uff_parser_free(parser);
  free(x);
}

CHECK_MAIN(test_lenet5_frozen, test_mlp_frozen, test_mlp_uff, test_lenet5_uff_rebuilt,
           test_tf_identity, test_one_call)
