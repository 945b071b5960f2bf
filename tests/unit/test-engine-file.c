/* Engine files: build -> serialize -> load gives the same engine and
 * bit-identical outputs; bad bytes (truncated, corrupt, foreign version,
 * wrong backend or device, inconsistent tables, random mutations) are
 * refused with the right status and a message that names the problem. */
#include <stdlib.h>
#include <unistd.h>

#include "core/checksum.h"
#include "core/engine-file.h"
#include "core/ops.h"
#include "unit.h"

/* x[N,3,8,8] -> conv 3x3 (+bias) -> relu -> maxpool 2 -> flatten -> fc 5 ->
 * softmax, with the relu output as a second network output. */
static TrtNetwork *small_net(void) {
  TrtNetwork *net = trt_network_new();
  trt_network_set_logger(net, unit_logger());
  TrtTensor *x = trt_network_add_input(net, "x", TRT_DATA_TYPE_FLOAT, &DIMS(-1, 3, 8, 8));
  TrtConvolutionParams cp = trt_convolution_params_default(2);
  cp.kernel[0] = cp.kernel[1] = 3;
  cp.pad_begin[0] = cp.pad_begin[1] = cp.pad_end[0] = cp.pad_end[1] = 1;
  TrtLayer *conv = trt_network_add_convolution(
      net, x, unit_constant(net, "w1", DIMS(4, 3, 3, 3), 1),
      unit_constant(net, "b1", DIMS(4), 2), &cp);
  TrtLayer *relu = trt_network_add_activation(net, trt_layer_get_output(conv, 0),
                                              TRT_ACTIVATION_RELU, 0, 0);
  TrtTensor *features = trt_layer_get_output(relu, 0);
  trt_tensor_set_name(features, "features");
  TrtPoolingParams pp = trt_pooling_params_default(TRT_POOLING_MAX, 2);
  pp.kernel[0] = pp.kernel[1] = pp.stride[0] = pp.stride[1] = 2;
  TrtLayer *pool = trt_network_add_pooling(net, features, &pp);
  TrtAxisParams fp = {.axis = 1};
  TrtTensor *pooled = trt_layer_get_output(pool, 0);
  TrtLayer *flat = trt_network_add_layer(net, TRT_LAYER_FLATTEN, &pooled, 1, &fp, 1);
  TrtLayer *fc = trt_network_add_fully_connected(
      net, trt_layer_get_output(flat, 0), unit_constant(net, "w2", DIMS(5, 64), 3),
      unit_constant(net, "b2", DIMS(5), 4));
  TrtLayer *sm = trt_network_add_softmax(net, trt_layer_get_output(fc, 0), 1);
  trt_tensor_set_name(trt_layer_get_output(sm, 0), "prob");
  trt_network_mark_output(net, trt_layer_get_output(sm, 0));
  trt_network_mark_output(net, features);
  return net;
}

enum { BATCH = 2, IN = BATCH * 3 * 8 * 8, PROB = BATCH * 5, FEAT = BATCH * 4 * 8 * 8 };

typedef struct {
  float in[IN], prob[PROB], feat[FEAT];
} Buffers;

/* Runs e on the fixed input; false when it does not run. */
static bool run_small(TrtEngine *e, int batch, Buffers *b) {
  unit_fill(b->in, IN, 77);
  memset(b->prob, 0, sizeof b->prob);
  memset(b->feat, 0, sizeof b->feat);
  float *bindings[3] = {b->in, b->prob, b->feat};
  return unit_run(e, batch, bindings) == TRT_STATUS_OK;
}

static TrtEngine *build_small(void) {
  TrtNetwork *net = small_net();
  TrtEngine *e = unit_build(net, BATCH, 3);
  trt_network_free(net);
  return e;
}

static TrtStatus read_bytes(const void *data, size_t size) {
  TrtEngine *e = NULL;
  unit_log_clear();
  TrtStatus s = trt_engine_read(data, size, "engine data", unit_logger(), &e);
  CHECK((s == TRT_STATUS_OK) == (e != NULL));
  trt_engine_free(e);
  return s;
}

/* The checksum of everything before the last 8 bytes, stored there: what a
 * careful forger would do, so the structure checks behind the checksum get
 * exercised. */
static void fix_checksum(uint8_t *data, size_t size) {
  uint64_t h = trt_checksum64(data, size - 8);
  for (int i = 0; i < 8; i++) data[size - 8 + i] = (uint8_t)(h >> (8 * i));
}

/* The checksum is part of the file format: these values pin it (any
 * change to the algorithm needs a new format version). Lengths cover the
 * empty input, a tail alone, whole 32-byte blocks and blocks plus a tail. */
static void test_checksum_pinned(void) {
  uint8_t bytes[100];
  for (int i = 0; i < 100; i++) bytes[i] = (uint8_t)(i * 37 + 11);
  const size_t lengths[] = {0, 1, 7, 32, 33, 64, 100};
  const uint64_t expected[] = {0x116496fa495f06ebULL, 0x42daef1bed6cc158ULL,
                               0xf006b9a56295c9cfULL, 0xba9e5b38485f7bbcULL,
                               0x2a9f9fd9af310ac1ULL, 0x1afaca0da1869c5dULL,
                               0x76c36a5b21fc2156ULL};
  for (size_t i = 0; i < sizeof lengths / sizeof *lengths; i++) {
    uint64_t h = trt_checksum64(bytes, lengths[i]);
    CHECK(h == expected[i]);
  }
  /* Every single-bit flip in a block changes it. */
  uint64_t whole = trt_checksum64(bytes, 64);
  int unchanged = 0;
  for (int bit = 0; bit < 64 * 8; bit++) {
    bytes[bit / 8] ^= (uint8_t)(1u << (bit % 8));
    unchanged += trt_checksum64(bytes, 64) == whole;
    bytes[bit / 8] ^= (uint8_t)(1u << (bit % 8));
  }
  CHECK_INT(unchanged, 0);
}

static void put_le64(uint8_t *p, uint64_t v) {
  for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static void test_roundtrip(void) {
  TrtEngine *e = build_small();
  CHECK(e != NULL);
  if (!e) return;
  void *bytes = NULL;
  size_t size = 0;
  CHECK_STATUS(trt_engine_serialize(e, &bytes, &size), TRT_STATUS_OK);
  CHECK(size > 64 && memcmp(bytes, "TRTINFER", 8) == 0);
  const uint8_t *u = bytes;
  CHECK_INT(u[8] | u[9] << 8 | u[10] << 16 | (uint32_t)u[11] << 24, 4); /* LE version */
  uint64_t declared = 0;
  for (int i = 0; i < 8; i++) declared |= (uint64_t)u[16 + i] << (8 * i);
  CHECK_INT(declared, size);

  TrtRuntime *rt = trt_runtime_new(unit_logger());
  TrtEngine *back = trt_runtime_deserialize_engine(rt, bytes, size);
  CHECK(back != NULL);
  if (back) {
    CHECK_INT(trt_engine_get_nb_bindings(back), 3);
    CHECK_INT(trt_engine_get_binding_index(back, "prob"), 1);
    CHECK_INT(trt_engine_get_binding_index(back, "features"), 2);
    CHECK_INT(trt_engine_get_max_batch_size(back), BATCH);
    CHECK(strcmp(trt_engine_get_backend_name(back), "cpu") == 0);
    TrtDims d = trt_engine_get_binding_dims(back, 0);
    CHECK(trt_dims_equal(&d, &DIMS(BATCH, 3, 8, 8)));
    const char *keys[] = {"library_version", "backend", "device", "precision",
                          "max_batch", "model_hash"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
      const char *a = trt_engine_get_header(e, keys[i]), *b = trt_engine_get_header(back, keys[i]);
      CHECK(a && b && strcmp(a, b) == 0);
    }
    char *da = trt_engine_describe(e), *db = trt_engine_describe(back);
    CHECK(da && db && strcmp(da, db) == 0);
    free(da);
    free(db);

    /* Writing the loaded engine gives the same bytes. */
    void *again = NULL;
    size_t again_size = 0;
    CHECK_STATUS(trt_engine_serialize(back, &again, &again_size), TRT_STATUS_OK);
    CHECK(again_size == size && memcmp(again, bytes, size) == 0);
    free(again);

    static Buffers a, b;
    for (int batch = BATCH; batch >= 1; batch--) {
      CHECK(run_small(e, batch, &a) && run_small(back, batch, &b));
      CHECK(memcmp(a.prob, b.prob, sizeof a.prob) == 0);
      CHECK(memcmp(a.feat, b.feat, sizeof a.feat) == 0);
    }
    CHECK_NEAR(a.prob[0] + a.prob[1] + a.prob[2] + a.prob[3] + a.prob[4], 1.0, 1e-5);
  }

  /* Through a file. */
  char dir[] = "/tmp/trt-unit-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  char path[64];
  snprintf(path, sizeof path, "%s/small.engine", dir);
  CHECK_STATUS(trt_engine_save(e, path), TRT_STATUS_OK);
  TrtEngine *loaded = trt_runtime_load_engine(rt, path);
  CHECK(loaded != NULL);
  if (loaded) {
    static Buffers a, b;
    CHECK(run_small(e, BATCH, &a) && run_small(loaded, BATCH, &b));
    CHECK(memcmp(&a, &b, sizeof a) == 0);
    /* Its weights lie in the mapped file: saving over that file (a cache
     * rewritten while a pipeline runs) must leave them in place. */
    CHECK_STATUS(trt_engine_save(e, path), TRT_STATUS_OK);
    memset(&b, 0, sizeof b);
    CHECK(run_small(loaded, BATCH, &b));
    CHECK(memcmp(&a, &b, sizeof a) == 0);
  }
  /* A truncated file names itself and the problem. */
  FILE *f = fopen(path, "wb");
  fwrite(bytes, 1, size / 2, f);
  fclose(f);
  unit_log_clear();
  CHECK(trt_runtime_load_engine(rt, path) == NULL);
  CHECK_LOG(path);
  CHECK_LOG("truncated");
  TrtEngine *dummy = NULL;
  CHECK_STATUS(trt_engine_read_file(path, unit_logger(), &dummy), TRT_STATUS_CORRUPT);
  remove(path);
  unit_log_clear();
  CHECK(trt_runtime_load_engine(rt, path) == NULL);
  CHECK_LOG("cannot read engine file");
  CHECK_STATUS(trt_engine_read_file(path, unit_logger(), &dummy), TRT_STATUS_FILE_ERROR);
  char bad[80];
  snprintf(bad, sizeof bad, "%s/no-such-dir/x.engine", dir);
  CHECK_STATUS(trt_engine_save(e, bad), TRT_STATUS_FILE_ERROR);
  CHECK(rmdir(dir) == 0); /* empty: saving left no temporary file */

  trt_engine_free(loaded);
  trt_engine_free(back);
  trt_runtime_free(rt);
  free(bytes);
  trt_engine_free(e);
}

/* Byte-level damage: each gets its status and message. */
static void test_refuses_bad_bytes(void) {
  TrtEngine *e = build_small();
  if (!e) {
    CHECK(e != NULL);
    return;
  }
  uint8_t *bytes;
  size_t size;
  trt_engine_serialize(e, (void **)&bytes, &size);
  uint8_t *copy = malloc(size + 16);

  CHECK_STATUS(read_bytes(bytes, 0), TRT_STATUS_CORRUPT);
  CHECK_LOG("engine data: truncated");
  const char *text = "name: \"not an engine\"\nlayer { type: \"Convolution\" }\n";
  CHECK_STATUS(read_bytes(text, strlen(text)), TRT_STATUS_PARSE_ERROR);
  CHECK_LOG("not a trtinfer engine file");
  const uint8_t png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0};
  CHECK_STATUS(read_bytes(png, sizeof png), TRT_STATUS_PARSE_ERROR);

  size_t cuts[] = {4, 8, 20, 24, 100, size / 2, size - 8, size - 1};
  for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
    CHECK_STATUS(read_bytes(bytes, cuts[i]), TRT_STATUS_CORRUPT);
    CHECK_LOG("truncated");
  }
  char expect[96];
  snprintf(expect, sizeof expect, "truncated: %zu of its %zu bytes", size / 2, size);
  read_bytes(bytes, size / 2);
  CHECK_LOG(expect);

  memcpy(copy, bytes, size);
  copy[size] = 0;
  CHECK_STATUS(read_bytes(copy, size + 1), TRT_STATUS_CORRUPT);
  CHECK_LOG("1 bytes follow the end");

  memcpy(copy, bytes, size);
  copy[size / 2] ^= 0x10;
  CHECK_STATUS(read_bytes(copy, size), TRT_STATUS_CORRUPT);
  CHECK_LOG("checksum mismatch");

  memcpy(copy, bytes, size);
  copy[8] = 2; /* format version: 2 had another checksum */
  CHECK_STATUS(read_bytes(copy, size), TRT_STATUS_VERSION_MISMATCH);
  CHECK_LOG("format version 2");

  memcpy(copy, bytes, size);
  put_le64(copy + 16, 28); /* a size too small for the checksum */
  CHECK_STATUS(read_bytes(copy, 28), TRT_STATUS_CORRUPT);
  CHECK_LOG("declares a size of 28 bytes");

  /* A count far beyond the file, with a valid checksum. */
  memcpy(copy, bytes, size);
  copy[24] = 0xff;
  copy[27] = 0x7f;
  fix_checksum(copy, size);
  CHECK_STATUS(read_bytes(copy, size), TRT_STATUS_CORRUPT);
  CHECK_LOG("more than the file can hold");

  memcpy(copy, bytes, size);
  fix_checksum(copy, size);
  CHECK_STATUS(read_bytes(copy, size), TRT_STATUS_OK);
  free(copy);
  free(bytes);
  trt_engine_free(e);
}

/* Serializes e, then returns the status of reading the bytes back. */
static TrtStatus reread(const TrtEngine *e) {
  void *bytes = NULL;
  size_t size = 0;
  if (trt_engine_serialize(e, &bytes, &size) != TRT_STATUS_OK) return TRT_STATUS_INTERNAL_ERROR;
  TrtStatus s = read_bytes(bytes, size);
  free(bytes);
  return s;
}

/* A fresh copy of the small engine, to damage before writing it again. */
static TrtEngine *fresh(const void *bytes, size_t size) {
  TrtEngine *e = NULL;
  trt_engine_read(bytes, size, "engine data", unit_logger(), &e);
  CHECK(e != NULL);
  return e;
}

static void drop_header(TrtEngine *e, const char *key) {
  for (int i = 0; i < e->nb_header; i++)
    if (strcmp(e->header_keys[i], key) == 0) {
      free(e->header_keys[i]);
      free(e->header_values[i]);
      e->header_keys[i] = e->header_keys[e->nb_header - 1];
      e->header_values[i] = e->header_values[--e->nb_header];
      return;
    }
}

/* Well-formed files whose content does not hold together, or that were
 * made elsewhere: the checksum is right, the checks behind it answer. */
static void test_refuses_foreign_and_inconsistent(void) {
  TrtEngine *built = build_small();
  if (!built) {
    CHECK(built != NULL);
    return;
  }
  void *bytes;
  size_t size;
  trt_engine_serialize(built, &bytes, &size);
  trt_engine_free(built);
  TrtEngine *e;

  e = fresh(bytes, size);
  trt_engine_set_header(e, "library_version", "0.0.1-other");
  CHECK_STATUS(reread(e), TRT_STATUS_VERSION_MISMATCH);
  CHECK_LOG("'library_version' differs");
  CHECK_LOG("0.0.1-other");
  CHECK_LOG(trt_version_string());
  trt_engine_free(e);

  e = fresh(bytes, size);
  trt_engine_set_header(e, "backend", "cuda");
  CHECK_STATUS(reread(e), TRT_STATUS_DEVICE_MISMATCH);
  /* No CUDA here: the backend differs; with a GPU, its name does. */
  CHECK_LOG(trt_backend_is_available(TRT_BACKEND_CUDA, 0) ? "'device' differs"
                                                          : "'backend' differs");
  trt_engine_free(e);

  e = fresh(bytes, size);
  trt_engine_set_header(e, "device", "Imaginary CPU 9000");
  CHECK_STATUS(reread(e), TRT_STATUS_DEVICE_MISMATCH);
  CHECK_LOG("header 'device' differs: the engine was built for 'Imaginary CPU 9000'");
  trt_engine_free(e);

  struct {
    const char *key, *value, *message;
  } headers[] = {
      {"precision", "fp64", "header 'precision' is 'fp64'"},
      {"max_batch", "two", "header 'max_batch' is 'two'"},
      {"max_batch", "-1", "header 'max_batch' is '-1'"},
      {"backend", "auto", "header 'backend' is 'auto'"},
  };
  for (size_t i = 0; i < sizeof headers / sizeof headers[0]; i++) {
    e = fresh(bytes, size);
    trt_engine_set_header(e, headers[i].key, headers[i].value);
    CHECK_STATUS(reread(e), TRT_STATUS_CORRUPT);
    CHECK_LOG(headers[i].message);
    trt_engine_free(e);
  }
  e = fresh(bytes, size);
  drop_header(e, "device");
  CHECK_STATUS(reread(e), TRT_STATUS_CORRUPT);
  CHECK_LOG("the header has no 'device'");
  trt_engine_free(e);

  /* Layer params that shape inference rejects. */
  e = fresh(bytes, size);
  for (int i = 0; i < e->graph->nb_layers; i++)
    if (e->graph->layers[i]->type == TRT_LAYER_CONVOLUTION)
      ((TrtConvolutionParams *)e->graph->layers[i]->params)->groups = 0;
  CHECK_STATUS(reread(e), TRT_STATUS_CORRUPT);
  CHECK_LOG("do not fit together");
  trt_engine_free(e);

  /* A slot outside the arena. */
  e = fresh(bytes, size);
  int out = trt_engine_binding_tensor(e, 1)->id;
  e->slots[out].offset = (int64_t)e->arena_size;
  CHECK_STATUS(reread(e), TRT_STATUS_CORRUPT);
  CHECK_LOG("outside the");
  trt_engine_free(e);

  /* A slot too small for its tensor. */
  e = fresh(bytes, size);
  e->slots[out].size = 4;
  CHECK_STATUS(reread(e), TRT_STATUS_CORRUPT);
  CHECK_LOG("but its slot has 4");
  trt_engine_free(e);

  /* Layers out of order: the second reads what the first writes. */
  e = fresh(bytes, size);
  TrtLayer *first = e->graph->layers[0];
  e->graph->layers[0] = e->graph->layers[1];
  e->graph->layers[1] = first;
  CHECK_STATUS(reread(e), TRT_STATUS_CORRUPT);
  CHECK_LOG("before any layer writes it");
  trt_engine_free(e);

  /* A constant whose dims disagree with its bytes. */
  e = fresh(bytes, size);
  for (int i = 0; i < e->graph->nb_tensors; i++)
    if (e->graph->tensors[i]->role == TRT_TENSOR_CONSTANT) {
      e->graph->tensors[i]->dims.d[0] += 1;
      break;
    }
  CHECK_STATUS(reread(e), TRT_STATUS_CORRUPT);
  CHECK_LOG("bytes of data");
  trt_engine_free(e);

  /* Declared input dims that do not match the input. */
  e = fresh(bytes, size);
  e->declared_dims[0].d[1] = 7;
  CHECK_STATUS(reread(e), TRT_STATUS_CORRUPT);
  CHECK_LOG("declared dims");
  trt_engine_free(e);

  /* Two layers writing one tensor. */
  e = fresh(bytes, size);
  e->graph->layers[1]->outputs[0] = e->graph->layers[0]->outputs[0];
  CHECK_STATUS(reread(e), TRT_STATUS_CORRUPT);
  CHECK_LOG("written by another layer");
  trt_engine_free(e);
  free(bytes);
}

static TrtTensor *conv_4x4x3x3(TrtNetwork *net, TrtTensor *x, uint32_t seed, bool relu) {
  TrtConvolutionParams cp = trt_convolution_params_default(2);
  cp.kernel[0] = cp.kernel[1] = 3;
  cp.pad_begin[0] = cp.pad_begin[1] = cp.pad_end[0] = cp.pad_end[1] = 1;
  if (relu) cp.activation.type = TRT_ACTIVATION_RELU;
  TrtTensor *w = unit_constant(net, NULL, DIMS(4, 4, 3, 3), seed);
  return trt_layer_get_output(trt_network_add_convolution(net, x, w, NULL, &cp), 0);
}

/* x -> conv -> relu, then two residual blocks relu(conv(relu(conv(t))) + t):
 * in a CPU engine the first block's last convolution writes its output
 * over its residual (the stem's output), in place; the second's writes the
 * network output, stored planar, in a slot of its own. */
static TrtEngine *build_residual(void) {
  TrtNetwork *net = trt_network_new();
  trt_network_set_logger(net, unit_logger());
  TrtTensor *x = trt_network_add_input(net, "x", TRT_DATA_TYPE_FLOAT, &DIMS(-1, 4, 6, 6));
  TrtTensor *t = conv_4x4x3x3(net, x, 30, true);
  for (uint32_t b = 0; b < 2; b++) {
    TrtTensor *y = conv_4x4x3x3(net, conv_4x4x3x3(net, t, 31 + 2 * b, true), 32 + 2 * b, false);
    TrtTensor *sum = trt_layer_get_output(trt_network_add_elementwise(net, y, t, TRT_ELEMENTWISE_ADD), 0);
    t = trt_layer_get_output(trt_network_add_activation(net, sum, TRT_ACTIVATION_RELU, 0, 0), 0);
  }
  trt_tensor_set_name(t, "y");
  trt_network_mark_output(net, t);
  TrtEngine *e = unit_build(net, 2, 3);
  trt_network_free(net);
  return e;
}

/* The convolution whose output takes its residual's slot, or NULL. */
static const TrtLayer *in_place_conv(const TrtEngine *e) {
  for (int i = 0; i < e->graph->nb_layers; i++) {
    const TrtLayer *l = e->graph->layers[i];
    if (l->type == TRT_LAYER_CONVOLUTION && l->nb_inputs > 3 && l->inputs[3] &&
        e->slots[l->outputs[0]->id].offset == e->slots[l->inputs[3]->id].offset)
      return l;
  }
  return NULL;
}

/* An engine whose convolution writes over its residual comes back from its
 * file and computes the same; moved by a few bytes, or given to another
 * input, the shared slot is refused. */
static void test_residual_in_place(void) {
  TrtEngine *built = build_residual();
  CHECK(built && in_place_conv(built));
  if (!built || !in_place_conv(built)) {
    trt_engine_free(built);
    return;
  }
  void *bytes;
  size_t size;
  CHECK_STATUS(trt_engine_serialize(built, &bytes, &size), TRT_STATUS_OK);
  TrtEngine *back = fresh(bytes, size);
  float in[2 * 4 * 6 * 6], a[2 * 4 * 6 * 6], b[2 * 4 * 6 * 6];
  unit_fill(in, 2 * 4 * 6 * 6, 3);
  CHECK_STATUS(unit_run(built, 2, (float *[]){in, a}), TRT_STATUS_OK);
  if (back) CHECK_STATUS(unit_run(back, 2, (float *[]){in, b}), TRT_STATUS_OK);
  CHECK(back && memcmp(a, b, sizeof a) == 0);
  trt_engine_free(back);
  trt_engine_free(built);

  TrtEngine *e = fresh(bytes, size);
  const TrtLayer *conv = e ? in_place_conv(e) : NULL;
  if (conv) {
    int64_t *offset = &e->slots[conv->outputs[0]->id].offset;
    *offset += *offset >= 64 ? -64 : 64; /* within the arena */
    CHECK_STATUS(reread(e), TRT_STATUS_CORRUPT);
    CHECK_LOG("over its input");
  }
  trt_engine_free(e);
  e = fresh(bytes, size);
  conv = e ? in_place_conv(e) : NULL;
  if (conv) {
    e->slots[conv->outputs[0]->id] = e->slots[conv->inputs[0]->id];
    CHECK_STATUS(reread(e), TRT_STATUS_CORRUPT);
    CHECK_LOG("over its input");
  }
  trt_engine_free(e);
  free(bytes);
}

/* On a machine with a GPU: a CUDA engine also comes back bit-identical,
 * tactics included, and records the device it was built for. */
static void test_roundtrip_cuda(void) {
  if (!trt_backend_is_available(TRT_BACKEND_CUDA, 0)) {
    printf("cuda round trip: skipped (no CUDA device)\n");
    return;
  }
  TrtNetwork *net = small_net();
  TrtBuilder *b = trt_builder_new(unit_logger());
  TrtBuilderConfig *c = trt_builder_config_new();
  trt_builder_config_set_backend(c, TRT_BACKEND_CUDA);
  trt_builder_config_set_max_batch_size(c, BATCH);
  TrtEngine *e = trt_builder_build_engine(b, net, c);
  CHECK(e != NULL);
  if (e) {
    void *bytes = NULL;
    size_t size = 0;
    CHECK_STATUS(trt_engine_serialize(e, &bytes, &size), TRT_STATUS_OK);
    TrtEngine *back = NULL;
    CHECK_STATUS(trt_engine_read(bytes, size, "engine data", unit_logger(), &back),
                 TRT_STATUS_OK);
    if (back) {
      CHECK(strcmp(trt_engine_get_backend_name(back), "cuda") == 0);
      CHECK(strcmp(trt_engine_get_header(back, "device"), "cpu") != 0);
      for (int i = 0; i < e->graph->nb_layers; i++)
        CHECK(strcmp(e->layer_tactic[i], back->layer_tactic[i]) == 0);
      static Buffers x, y;
      CHECK(run_small(e, BATCH, &x) && run_small(back, BATCH, &y));
      CHECK(memcmp(&x, &y, sizeof x) == 0);
      printf("cuda round trip on %s\n", trt_engine_get_header(back, "device"));
    }
    trt_engine_free(back);
    free(bytes);
  }
  trt_engine_free(e);
  trt_builder_config_free(c);
  trt_builder_free(b);
  trt_network_free(net);
}

static uint32_t rng_state = 12345;
static uint32_t rng(void) {
  rng_state = rng_state * 1664525u + 1013904223u;
  return rng_state >> 8;
}

/* Random mutations with the checksum made right again: loading never
 * crashes, refusals always say why, and what loads also runs. */
static void test_fuzz(void) {
  TrtEngine *built = build_small();
  if (!built) {
    CHECK(built != NULL);
    return;
  }
  uint8_t *bytes;
  size_t size;
  trt_engine_serialize(built, (void **)&bytes, &size);
  size_t weights = 0;
  for (int i = 0; i < built->graph->nb_tensors; i++) weights += built->graph->tensors[i]->data_size;
  size_t tables = size - 8 - weights;
  trt_engine_free(built);

  uint8_t *m = malloc(size);
  int refused = 0, loaded = 0, silent = 0;
  for (int iter = 0; iter < 3000; iter++) {
    memcpy(m, bytes, size);
    size_t n = size;
    int edits = 1 + (int)(rng() % 3);
    for (int k = 0; k < edits; k++) {
      /* Mostly the tables; sometimes the weights. */
      size_t at = rng() % 8 ? rng() % tables : rng() % (size - 8);
      switch (rng() % 4) {
      case 0: m[at] = (uint8_t)rng(); break;
      case 1: m[at] ^= (uint8_t)(1u << (rng() % 8)); break;
      case 2: /* a 32-bit field gets an edge value */
        if (at + 4 <= size - 8) {
          static const uint32_t edges[] = {0, 1, 0xffffffffu, 0x7fffffffu, 64, 1000000};
          uint32_t v = edges[rng() % 6];
          for (int i = 0; i < 4; i++) m[at + i] = (uint8_t)(v >> (8 * i));
        }
        break;
      case 3: /* cut the file, keeping its size field consistent */
        n = 32 + rng() % (size - 32);
        put_le64(m + 16, n);
        break;
      }
    }
    if (n >= 24) fix_checksum(m, n);
    TrtEngine *e = NULL;
    unit_log_clear();
    TrtStatus s = trt_engine_read(m, n, "engine data", unit_logger(), &e);
    if (s != TRT_STATUS_OK) {
      refused++;
      if (!unit_log_contains("engine data: ")) silent++;
      continue;
    }
    loaded++;
    int nb = trt_engine_get_nb_bindings(e);
    void *buf[8] = {0};
    for (int i = 0; i < nb && i < 8; i++) {
      TrtDims d = trt_engine_get_binding_dims(e, i);
      size_t bytes_needed = (size_t)trt_dims_volume(&d) *
                            trt_data_type_size(trt_engine_get_binding_type(e, i));
      buf[i] = calloc(1, bytes_needed + 1);
    }
    TrtContext *ctx = trt_engine_create_context(e);
    if (ctx && nb <= 8) trt_context_execute(ctx, 1, buf);
    trt_context_free(ctx);
    for (int i = 0; i < 8; i++) free(buf[i]);
    trt_engine_free(e);
  }
  printf("fuzz: %d mutated engines refused, %d loaded and ran\n", refused, loaded);
  CHECK_INT(silent, 0);
  CHECK(refused > 1000);
  free(m);
  free(bytes);
}

/* Params are stored as raw structs: random bytes in them must be caught by
 * the shape checks on load, or else be harmless to run. */
static void test_fuzz_params(void) {
  TrtEngine *built = build_small();
  if (!built) {
    CHECK(built != NULL);
    return;
  }
  void *bytes;
  size_t size;
  trt_engine_serialize(built, &bytes, &size);
  trt_engine_free(built);
  int refused = 0, loaded = 0, silent = 0;
  for (int iter = 0; iter < 2000; iter++) {
    TrtEngine *e = fresh(bytes, size);
    TrtLayer *l = e->graph->layers[rng() % (uint32_t)e->graph->nb_layers];
    size_t n = trt_op_info(l->type)->params_size;
    uint8_t *p = l->params;
    int edits = 1 + (int)(rng() % 3);
    for (int k = 0; k < edits && n; k++) {
      size_t at = rng() % n;
      p[at] = rng() % 2 ? (uint8_t)rng() : (uint8_t)(rng() % 4);
    }
    void *m;
    size_t msize;
    trt_engine_serialize(e, &m, &msize);
    trt_engine_free(e);
    e = NULL;
    unit_log_clear();
    if (trt_engine_read(m, msize, "engine data", unit_logger(), &e) != TRT_STATUS_OK) {
      refused++;
      silent += !unit_log_contains("engine data: ");
    } else {
      loaded++;
      static Buffers b;
      run_small(e, 1, &b);
      trt_engine_free(e);
    }
    free(m);
  }
  printf("params fuzz: %d refused, %d loaded and ran\n", refused, loaded);
  CHECK_INT(silent, 0);
  CHECK(refused > 100 && loaded > 100);
  free(bytes);
}

UNIT_MAIN(test_checksum_pinned, test_roundtrip, test_roundtrip_cuda, test_refuses_bad_bytes,
          test_refuses_foreign_and_inconsistent, test_residual_in_place, test_fuzz,
          test_fuzz_params)
