/* The fusion pass: which patterns fold into Convolution / Gemm weights or
 * become epilogues, which must not, and that fused engines compute what the
 * unfused ones do (optimization level 0 runs every layer as written). */
#include <stdlib.h>

#include "core/engine-impl.h"
#include "core/passes/passes.h"
#include "unit.h"

static TrtNetwork *new_net(void) {
  TrtNetwork *net = trt_network_new();
  trt_network_set_logger(net, unit_logger());
  return net;
}

static TrtTensor *out(TrtLayer *l) { return trt_layer_get_output(l, 0); }

static TrtTensor *positive_constant(TrtNetwork *net, const char *name, int64_t n,
                                    uint32_t seed) {
  float v[64];
  unit_fill(v, (size_t)n, seed);
  for (int64_t i = 0; i < n; i++) v[i] = fabsf(v[i]) + 0.25f;
  return trt_network_add_constant(net, name, TRT_DATA_TYPE_FLOAT, &DIMS(n), v);
}

static TrtLayer *add_batchnorm(TrtNetwork *net, TrtTensor *x, int64_t c, uint32_t seed) {
  TrtNormalizationParams p = {.type = TRT_NORMALIZATION_BATCH, .epsilon = 1e-5f};
  TrtTensor *in[5] = {x, unit_constant(net, NULL, DIMS(c), seed),
                      unit_constant(net, NULL, DIMS(c), seed + 1),
                      unit_constant(net, NULL, DIMS(c), seed + 2),
                      positive_constant(net, "var", c, seed + 3)};
  return trt_network_add_layer(net, TRT_LAYER_NORMALIZATION, in, 5, &p, 1);
}

static TrtLayer *add_conv(TrtNetwork *net, TrtTensor *x, TrtTensor *w, bool bias) {
  TrtConvolutionParams p = trt_convolution_params_default(2);
  p.kernel[0] = w->dims.d[2];
  p.kernel[1] = w->dims.d[3];
  p.pad_begin[0] = p.pad_begin[1] = p.pad_end[0] = p.pad_end[1] = 1;
  TrtTensor *b = bias ? unit_constant(net, NULL, DIMS(w->dims.d[0]), 99) : NULL;
  return trt_network_add_convolution(net, x, w, b, &p);
}

static TrtTensor *image_input(TrtNetwork *net) {
  return trt_network_add_input(net, "x", TRT_DATA_TYPE_FLOAT, &DIMS(-1, 3, 6, 6));
}

static void mark(TrtNetwork *net, TrtTensor *t, const char *name) {
  trt_tensor_set_name(t, name);
  trt_network_mark_output(net, t);
}

static int count_type(const TrtEngine *e, TrtLayerType type) {
  int n = 0;
  for (int i = 0; i < e->graph->nb_layers; i++) n += e->graph->layers[i]->type == type;
  return n;
}

static const TrtLayer *first_of(const TrtEngine *e, TrtLayerType type) {
  for (int i = 0; i < e->graph->nb_layers; i++)
    if (e->graph->layers[i]->type == type) return e->graph->layers[i];
  return NULL;
}

/* Runs the network unfused and fused on the same input at batch 2 and
 * returns the largest difference over all outputs (inf when either fails).
 * *fused gets the optimized engine (free it). */
static double compare_levels(const TrtNetwork *net, TrtEngine **fused) {
  TrtEngine *plain = unit_build(net, 2, 0);
  *fused = unit_build(net, 2, 3);
  if (!plain || !*fused) {
    trt_engine_free(plain);
    return INFINITY;
  }
  int nb = trt_engine_get_nb_bindings(plain);
  float *a[8], *b[8];
  size_t sizes[8];
  for (int i = 0; i < nb; i++) {
    TrtDims d = trt_engine_get_binding_dims(plain, i);
    sizes[i] = (size_t)trt_dims_volume(&d);
    a[i] = calloc(sizes[i] + 1, sizeof(float));
    b[i] = calloc(sizes[i] + 1, sizeof(float));
    if (trt_engine_binding_is_input(plain, i)) {
      unit_fill(a[i], sizes[i], 5 + (uint32_t)i);
      memcpy(b[i], a[i], sizes[i] * sizeof(float));
    }
  }
  double worst = 0;
  if (unit_run(plain, 2, a) != TRT_STATUS_OK || unit_run(*fused, 2, b) != TRT_STATUS_OK)
    worst = INFINITY;
  for (int i = trt_engine_get_nb_inputs(plain); i < nb; i++)
    for (size_t k = 0; k < sizes[i]; k++) {
      double d = fabs((double)a[i][k] - b[i][k]);
      if (!(d <= worst)) worst = d; /* NaN counts as the worst */
    }
  for (int i = 0; i < nb; i++) {
    free(a[i]);
    free(b[i]);
  }
  trt_engine_free(plain);
  return worst;
}

static void test_conv_batchnorm_relu(void) {
  TrtNetwork *net = new_net();
  TrtLayer *conv = add_conv(net, image_input(net), unit_constant(net, "w", DIMS(4, 3, 3, 3), 1),
                            false);
  TrtLayer *bn = add_batchnorm(net, out(conv), 4, 10);
  TrtLayer *relu = trt_network_add_activation(net, out(bn), TRT_ACTIVATION_RELU, 0, 0);
  mark(net, out(relu), "y");
  TrtEngine *e;
  CHECK_NEAR(compare_levels(net, &e), 0, 1e-5);
  if (e) {
    CHECK_INT(e->graph->nb_layers, 1);
    const TrtLayer *c = first_of(e, TRT_LAYER_CONVOLUTION);
    CHECK(c && c->nb_inputs == 3 && c->inputs[2] != NULL);
    CHECK(c && ((TrtConvolutionParams *)c->params)->activation.type == TRT_ACTIVATION_RELU);
    CHECK_INT(trt_engine_get_binding_index(e, "y"), 1);
  }
  CHECK_LOG("fusion: folded Normalization");
  CHECK_LOG("fusion: fused Relu");
  trt_engine_free(e);
  trt_network_free(net);
}

/* Conv -> Add of a [C,1,1] constant -> Relu, as ONNX exporters write MNIST;
 * also the constant first, 4-D, and SUB of a constant. */
static void test_conv_bias_add(void) {
  struct {
    TrtElementwiseOp op;
    bool constant_first, bias;
    TrtDims dims;
    int layers_left;
  } cases[] = {
      {TRT_ELEMENTWISE_ADD, false, false, DIMS(4, 1, 1), 1},
      {TRT_ELEMENTWISE_ADD, true, true, DIMS(1, 4, 1, 1), 1},
      {TRT_ELEMENTWISE_SUB, false, true, DIMS(4, 1, 1), 1},
      {TRT_ELEMENTWISE_MUL, false, true, DIMS(4, 1, 1), 1},
      {TRT_ELEMENTWISE_ADD, false, false, DIMS(1), 1},  /* uniform */
      {TRT_ELEMENTWISE_SUB, true, true, DIMS(4, 1, 1), 2}, /* c - x is not affine in the same way */
      {TRT_ELEMENTWISE_ADD, false, true, DIMS(4, 6, 1), 2}, /* varies along H too */
      {TRT_ELEMENTWISE_ADD, false, true, DIMS(2, 4, 1, 1), 2}, /* would broadcast the batch */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    TrtNetwork *net = new_net();
    TrtLayer *conv = add_conv(net, image_input(net),
                              unit_constant(net, "w", DIMS(4, 3, 3, 3), 1), cases[i].bias);
    TrtTensor *c = unit_constant(net, "c", cases[i].dims, 20);
    TrtLayer *add = cases[i].constant_first
                        ? trt_network_add_elementwise(net, c, out(conv), cases[i].op)
                        : trt_network_add_elementwise(net, out(conv), c, cases[i].op);
    TrtLayer *relu = trt_network_add_activation(net, out(add), TRT_ACTIVATION_RELU, 0, 0);
    mark(net, out(relu), "y");
    TrtEngine *e;
    double diff = compare_levels(net, &e);
    CHECK_NEAR(diff, 0, 1e-5);
    if (e) {
      CHECK_INT(e->graph->nb_layers, cases[i].layers_left);
      if (cases[i].layers_left == 1) {
        const TrtLayer *l = first_of(e, TRT_LAYER_CONVOLUTION);
        CHECK(l && l->nb_inputs == 3);
      }
    } else {
      fprintf(stderr, "case %zu did not build\n", i);
    }
    trt_engine_free(e);
    trt_network_free(net);
  }
}

/* Producers whose output someone else also needs keep it. */
static void test_not_fused_when_output_is_needed(void) {
  /* The conv output is a network output. */
  TrtNetwork *net = new_net();
  TrtLayer *conv = add_conv(net, image_input(net), unit_constant(net, "w", DIMS(4, 3, 3, 3), 1),
                            true);
  TrtLayer *bn = add_batchnorm(net, out(conv), 4, 30);
  TrtLayer *relu = trt_network_add_activation(net, out(bn), TRT_ACTIVATION_RELU, 0, 0);
  mark(net, out(conv), "conv_out");
  mark(net, out(relu), "y");
  TrtEngine *e;
  CHECK_NEAR(compare_levels(net, &e), 0, 1e-5);
  if (e) {
    CHECK_INT(count_type(e, TRT_LAYER_NORMALIZATION), 1);
    CHECK_INT(count_type(e, TRT_LAYER_ACTIVATION), 1); /* BN has no epilogue */
  }
  trt_engine_free(e);
  trt_network_free(net);

  /* The conv output feeds two layers. */
  net = new_net();
  conv = add_conv(net, image_input(net), unit_constant(net, "w", DIMS(4, 3, 3, 3), 1), true);
  bn = add_batchnorm(net, out(conv), 4, 40);
  TrtLayer *sig = trt_network_add_activation(net, out(conv), TRT_ACTIVATION_SIGMOID, 0, 0);
  TrtLayer *sum = trt_network_add_elementwise(net, out(bn), out(sig), TRT_ELEMENTWISE_ADD);
  mark(net, out(sum), "y");
  CHECK_NEAR(compare_levels(net, &e), 0, 1e-5);
  if (e) {
    CHECK_INT(count_type(e, TRT_LAYER_NORMALIZATION), 1);
    CHECK_INT(count_type(e, TRT_LAYER_ACTIVATION), 1);
    const TrtLayer *c = first_of(e, TRT_LAYER_CONVOLUTION);
    CHECK(c && ((TrtConvolutionParams *)c->params)->activation.type == TRT_ACTIVATION_NONE);
  }
  trt_engine_free(e);
  trt_network_free(net);

  /* A conv that already has an epilogue cannot take a BN after it. */
  net = new_net();
  conv = add_conv(net, image_input(net), unit_constant(net, "w", DIMS(4, 3, 3, 3), 1), true);
  ((TrtConvolutionParams *)trt_layer_get_params(conv))->activation.type = TRT_ACTIVATION_RELU;
  bn = add_batchnorm(net, out(conv), 4, 50);
  mark(net, out(bn), "y");
  CHECK_NEAR(compare_levels(net, &e), 0, 1e-5);
  if (e) CHECK_INT(count_type(e, TRT_LAYER_NORMALIZATION), 1);
  trt_engine_free(e);
  trt_network_free(net);
}

static void test_gemm(void) {
  /* FC (W [5,8], transposed) + bias -> BN -> Sigmoid */
  TrtNetwork *net = new_net();
  TrtTensor *x = trt_network_add_input(net, "x", TRT_DATA_TYPE_FLOAT, &DIMS(-1, 8));
  TrtLayer *fc = trt_network_add_fully_connected(net, x, unit_constant(net, "w", DIMS(5, 8), 1),
                                                 unit_constant(net, "b", DIMS(5), 2));
  TrtLayer *bn = add_batchnorm(net, out(fc), 5, 60);
  TrtLayer *sig = trt_network_add_activation(net, out(bn), TRT_ACTIVATION_SIGMOID, 0, 0);
  mark(net, out(sig), "y");
  TrtEngine *e;
  CHECK_NEAR(compare_levels(net, &e), 0, 1e-5);
  if (e) {
    CHECK_INT(e->graph->nb_layers, 1);
    const TrtLayer *g = first_of(e, TRT_LAYER_GEMM);
    CHECK(g && ((TrtGemmParams *)g->params)->activation.type == TRT_ACTIVATION_SIGMOID);
  }
  trt_engine_free(e);
  trt_network_free(net);

  /* Gemm (B [8,5], alpha 0.5, C [1,5] with beta 2) -> Scale -> Add [5] -> Tanh */
  net = new_net();
  x = trt_network_add_input(net, "x", TRT_DATA_TYPE_FLOAT, &DIMS(-1, 8));
  TrtGemmParams gp = {.alpha = 0.5f, .beta = 2.0f};
  TrtTensor *gin[3] = {x, unit_constant(net, "w", DIMS(8, 5), 3),
                       unit_constant(net, "c", DIMS(1, 5), 4)};
  TrtLayer *gemm = trt_network_add_layer(net, TRT_LAYER_GEMM, gin, 3, &gp, 1);
  TrtScaleParams sp = {.channel_axis = 1};
  TrtTensor *sin[3] = {out(gemm), unit_constant(net, "s", DIMS(5), 5),
                       unit_constant(net, "t", DIMS(1), 6)};
  TrtLayer *scale = trt_network_add_layer(net, TRT_LAYER_SCALE, sin, 3, &sp, 1);
  TrtLayer *add = trt_network_add_elementwise(net, out(scale), unit_constant(net, "a", DIMS(5), 7),
                                              TRT_ELEMENTWISE_ADD);
  TrtLayer *tanh_l = trt_network_add_activation(net, out(add), TRT_ACTIVATION_TANH, 0, 0);
  mark(net, out(tanh_l), "y");
  CHECK_NEAR(compare_levels(net, &e), 0, 1e-5);
  if (e) {
    CHECK_INT(e->graph->nb_layers, 1);
    const TrtLayer *g = first_of(e, TRT_LAYER_GEMM);
    CHECK(g && ((TrtGemmParams *)g->params)->beta == 1.0f);
  }
  CHECK_LOG("fusion: folded Scale");
  CHECK_LOG("fusion: folded Elementwise");
  trt_engine_free(e);
  trt_network_free(net);
}

/* A 2-D MatMul by a constant, then a bias Add (what ONNX exporters write
 * for a fully connected layer), becomes a Gemm; a 3-D one stays. */
static void test_matmul_bias(void) {
  for (int rank = 2; rank <= 3; rank++) {
    TrtNetwork *net = new_net();
    TrtDims xd = rank == 2 ? DIMS(-1, 6) : DIMS(-1, 2, 6);
    TrtTensor *x = trt_network_add_input(net, "x", TRT_DATA_TYPE_FLOAT, &xd);
    TrtLayer *mm = trt_network_add_matmul(net, x, unit_constant(net, "w", DIMS(6, 3), 1));
    TrtLayer *add = trt_network_add_elementwise(net, unit_constant(net, "b", DIMS(1, 3), 2),
                                                out(mm), TRT_ELEMENTWISE_ADD);
    TrtLayer *relu = trt_network_add_activation(net, out(add), TRT_ACTIVATION_RELU, 0, 0);
    mark(net, out(relu), "y");
    TrtEngine *e;
    CHECK_NEAR(compare_levels(net, &e), 0, 1e-6);
    if (e && rank == 2) {
      CHECK_INT(e->graph->nb_layers, 1);
      const TrtLayer *g = first_of(e, TRT_LAYER_GEMM);
      CHECK(g && ((TrtGemmParams *)g->params)->activation.type == TRT_ACTIVATION_RELU);
      CHECK_LOG("(now a Gemm)");
    } else if (e) {
      CHECK_INT(count_type(e, TRT_LAYER_MATMUL), 1);
      CHECK_INT(count_type(e, TRT_LAYER_ELEMENTWISE), 1);
    }
    trt_engine_free(e);
    trt_network_free(net);
  }
}

/* Two convolutions share one weight tensor, each with its own BN: each
 * gets its own folded copy. */
static void test_shared_weights(void) {
  TrtNetwork *net = new_net();
  TrtTensor *x = image_input(net);
  TrtTensor *w = unit_constant(net, "w", DIMS(4, 3, 3, 3), 1);
  TrtLayer *c1 = add_conv(net, x, w, true), *c2 = add_conv(net, x, w, true);
  TrtLayer *bn1 = add_batchnorm(net, out(c1), 4, 70), *bn2 = add_batchnorm(net, out(c2), 4, 80);
  mark(net, out(bn1), "y1");
  mark(net, out(bn2), "y2");
  TrtEngine *e;
  CHECK_NEAR(compare_levels(net, &e), 0, 1e-5);
  if (e) {
    CHECK_INT(e->graph->nb_layers, 2);
    const TrtLayer *a = e->graph->layers[0], *b = e->graph->layers[1];
    CHECK(a->inputs[1] != b->inputs[1]);
  }
  trt_engine_free(e);
  trt_network_free(net);
}

/* Activations after MatMul, Deconvolution and Elementwise; not after a
 * comparison-free producer of another kind, e.g. Pooling. */
static void test_activation_epilogues(void) {
  TrtNetwork *net = new_net();
  TrtTensor *x = trt_network_add_input(net, "x", TRT_DATA_TYPE_FLOAT, &DIMS(-1, 4, 4));
  TrtLayer *mm = trt_network_add_matmul(net, x, unit_constant(net, "m", DIMS(4, 4), 1));
  TrtLayer *r1 = trt_network_add_activation(net, out(mm), TRT_ACTIVATION_LEAKY_RELU, 0.1f, 0);
  TrtLayer *add = trt_network_add_elementwise(net, out(r1), x, TRT_ELEMENTWISE_ADD);
  TrtLayer *r2 = trt_network_add_activation(net, out(add), TRT_ACTIVATION_CLIP, -0.5f, 0.5f);
  mark(net, out(r2), "y");
  TrtEngine *e;
  CHECK_NEAR(compare_levels(net, &e), 0, 1e-6);
  if (e) {
    CHECK_INT(e->graph->nb_layers, 2);
    CHECK_INT(count_type(e, TRT_LAYER_ACTIVATION), 0);
  }
  trt_engine_free(e);
  trt_network_free(net);

  net = new_net();
  TrtTensor *img = image_input(net);
  TrtConvolutionParams dp = trt_convolution_params_default(2);
  dp.kernel[0] = dp.kernel[1] = dp.stride[0] = dp.stride[1] = 2;
  TrtLayer *de = trt_network_add_deconvolution(net, img, unit_constant(net, "w", DIMS(3, 2, 2, 2), 2),
                                               NULL, &dp);
  TrtLayer *elu = trt_network_add_activation(net, out(de), TRT_ACTIVATION_ELU, 1.0f, 0);
  TrtPoolingParams pp = trt_pooling_params_default(TRT_POOLING_MAX, 2);
  pp.kernel[0] = pp.kernel[1] = 2;
  TrtLayer *pool = trt_network_add_pooling(net, out(elu), &pp);
  TrtLayer *relu = trt_network_add_activation(net, out(pool), TRT_ACTIVATION_RELU, 0, 0);
  mark(net, out(relu), "y");
  CHECK_NEAR(compare_levels(net, &e), 0, 1e-6);
  if (e) {
    CHECK_INT(e->graph->nb_layers, 3);
    const TrtLayer *d = first_of(e, TRT_LAYER_DECONVOLUTION);
    CHECK(d && ((TrtConvolutionParams *)d->params)->activation.type == TRT_ACTIVATION_ELU);
    CHECK_INT(count_type(e, TRT_LAYER_ACTIVATION), 1);
  }
  trt_engine_free(e);
  trt_network_free(net);
}

static TrtTensor *relu_of(TrtNetwork *net, TrtTensor *x) {
  return out(trt_network_add_activation(net, x, TRT_ACTIVATION_RELU, 0, 0));
}

static TrtTensor *add_of(TrtNetwork *net, TrtTensor *a, TrtTensor *b) {
  return out(trt_network_add_elementwise(net, a, b, TRT_ELEMENTWISE_ADD));
}

static TrtLayer *conv_3x3(TrtNetwork *net, TrtTensor *x, uint32_t seed) {
  return add_conv(net, x, unit_constant(net, NULL, DIMS(4, 4, 3, 3), seed), true);
}

static TrtTensor *input_4ch(TrtNetwork *net) {
  return trt_network_add_input(net, "x", TRT_DATA_TYPE_FLOAT, &DIMS(-1, 4, 6, 6));
}

/* The layer that writes tensor `name` in the engine. */
static const TrtLayer *writer_of(const TrtEngine *e, const char *name) {
  const TrtTensor *t = trt_network_find_tensor(e->graph, name);
  return t ? t->producer : NULL;
}

/* CPU engines: ResNet's blocks, relu(conv(relu(conv(x))) + x), lose their
 * adds to the second convolution, which sums the shortcut in (in place,
 * in the shortcut's slot, from the second block on: the first block's
 * shortcut is the network input). A last convolution writes the output. */
static void test_residual_blocks(void) {
  TrtNetwork *net = new_net();
  TrtTensor *x = input_4ch(net);
  TrtTensor *y1 = relu_of(net, add_of(net, out(conv_3x3(net, relu_of(net, out(conv_3x3(net, x, 1))), 2)), x));
  trt_tensor_set_name(y1, "block1");
  TrtLayer *last = conv_3x3(net, relu_of(net, out(conv_3x3(net, y1, 3))), 4);
  TrtTensor *y2 = relu_of(net, add_of(net, y1, out(last))); /* shortcut first */
  trt_tensor_set_name(y2, "block2");
  mark(net, out(conv_3x3(net, y2, 13)), "y");
  TrtEngine *e;
  CHECK_NEAR(compare_levels(net, &e), 0, 1e-4); /* five convolutions deep */
  if (e) {
    CHECK_INT(count_type(e, TRT_LAYER_ELEMENTWISE), 0);
    CHECK_INT(count_type(e, TRT_LAYER_ACTIVATION), 0);
    const TrtLayer *c2 = writer_of(e, "block1"), *c4 = writer_of(e, "block2");
    CHECK(c2 && c2->type == TRT_LAYER_CONVOLUTION && c2->nb_inputs == 4 &&
          strcmp(c2->inputs[3]->name, "x") == 0);
    CHECK(c4 && c4->type == TRT_LAYER_CONVOLUTION && c4->nb_inputs == 4 &&
          strcmp(c4->inputs[3]->name, "block1") == 0);
    CHECK(c4 && ((TrtConvolutionParams *)c4->params)->activation.type == TRT_ACTIVATION_RELU);
    /* The second block's output took the first's bytes; the first block's
     * output could not take the network input's. */
    if (c2 && c4) {
      CHECK_INT(e->slots[c4->outputs[0]->id].offset, e->slots[c4->inputs[3]->id].offset);
      CHECK(e->slots[c2->outputs[0]->id].offset != e->slots[c2->inputs[3]->id].offset);
    }
  }
  CHECK_LOG("as its residual");
  trt_engine_free(e);
  trt_network_free(net);
}

/* A projection shortcut, conv + conv: the later convolution takes the add,
 * whichever side of it its output is on. */
static void test_residual_projection(void) {
  for (int later_first = 0; later_first < 2; later_first++) {
    TrtNetwork *net = new_net();
    TrtTensor *x = input_4ch(net);
    TrtTensor *h = relu_of(net, out(conv_3x3(net, x, 5)));
    TrtTensor *shortcut = out(conv_3x3(net, h, 6));
    trt_tensor_set_name(shortcut, "shortcut");
    TrtTensor *main = out(conv_3x3(net, h, 7));
    TrtTensor *sum = later_first ? add_of(net, main, shortcut) : add_of(net, shortcut, main);
    trt_tensor_set_name(sum, "sum");
    mark(net, out(conv_3x3(net, sum, 14)), "y");
    TrtEngine *e;
    CHECK_NEAR(compare_levels(net, &e), 0, 1e-4);
    if (e) {
      CHECK_INT(count_type(e, TRT_LAYER_ELEMENTWISE), 0);
      const TrtLayer *c = writer_of(e, "sum");
      CHECK(c && c->nb_inputs == 4 && strcmp(c->inputs[3]->name, "shortcut") == 0);
      CHECK_INT(e->slots[c->outputs[0]->id].offset, e->slots[c->inputs[3]->id].offset);
    }
    trt_engine_free(e);
    trt_network_free(net);
  }
}

/* A residual convolution that writes the network output: the output is
 * stored planar, the residual, an inner map, channels-last; the kernel
 * converts it as it copies it in, and the two keep their own slots. */
static void test_residual_into_output(void) {
  TrtNetwork *net = new_net();
  TrtTensor *t = relu_of(net, out(conv_3x3(net, input_4ch(net), 15)));
  trt_tensor_set_name(t, "t");
  TrtTensor *h = relu_of(net, out(conv_3x3(net, t, 16)));
  mark(net, relu_of(net, add_of(net, out(conv_3x3(net, h, 17)), t)), "y");
  TrtEngine *e;
  CHECK_NEAR(compare_levels(net, &e), 0, 1e-4);
  if (e) {
    const TrtLayer *c = writer_of(e, "y");
    CHECK(c && c->nb_inputs == 4 && strcmp(c->inputs[3]->name, "t") == 0);
    if (c) {
      CHECK(c->inputs[3]->channels_last && !c->outputs[0]->channels_last);
      CHECK(e->slots[c->outputs[0]->id].offset != e->slots[c->inputs[3]->id].offset);
    }
  }
  trt_engine_free(e);
  trt_network_free(net);
}

/* A one-convolution block, relu(conv(t) + t) on an inner map t: fused,
 * but the output cannot take t's slot, which the convolution reads. */
static void test_residual_of_own_input(void) {
  TrtNetwork *net = new_net();
  TrtTensor *t = relu_of(net, out(conv_3x3(net, input_4ch(net), 11)));
  mark(net, relu_of(net, add_of(net, out(conv_3x3(net, t, 12)), t)), "y");
  TrtEngine *e;
  CHECK_NEAR(compare_levels(net, &e), 0, 1e-5);
  if (e) {
    const TrtLayer *c = writer_of(e, "y");
    CHECK(c && c->nb_inputs == 4 && c->inputs[0] == c->inputs[3]);
    if (c) CHECK(e->slots[c->outputs[0]->id].offset != e->slots[c->inputs[3]->id].offset);
    void *bytes = NULL;
    size_t size = 0;
    CHECK_STATUS(trt_engine_serialize(e, &bytes, &size), TRT_STATUS_OK);
    TrtRuntime *rt = trt_runtime_new(unit_logger());
    TrtEngine *back = trt_runtime_deserialize_engine(rt, bytes, size);
    CHECK(back != NULL);
    trt_engine_free(back);
    trt_runtime_free(rt);
    free(bytes);
  }
  trt_engine_free(e);
  trt_network_free(net);
}

/* Adds that stay: the convolution's output is read twice, the convolution
 * already has an epilogue, the add broadcasts. And a BatchNormalization
 * after a fused residual must not fold into the convolution (it would
 * scale the convolution but not the residual). */
static void test_residual_not_fused(void) {
  for (int c = 0; c < 3; c++) {
    TrtNetwork *net = new_net();
    TrtTensor *x = input_4ch(net);
    TrtLayer *conv = conv_3x3(net, x, 8);
    TrtTensor *y;
    if (c == 0) {
      y = add_of(net, add_of(net, out(conv), x), out(conv));
    } else if (c == 1) {
      y = add_of(net, relu_of(net, out(conv)), x);
    } else {
      TrtTensor *row = trt_network_add_input(net, "row", TRT_DATA_TYPE_FLOAT, &DIMS(-1, 1, 6, 6));
      y = add_of(net, out(conv), row);
    }
    mark(net, y, "y");
    TrtEngine *e;
    CHECK_NEAR(compare_levels(net, &e), 0, 1e-5);
    if (e) {
      CHECK(count_type(e, TRT_LAYER_ELEMENTWISE) >= 1);
      CHECK_INT(first_of(e, TRT_LAYER_CONVOLUTION)->nb_inputs, 3);
    }
    trt_engine_free(e);
    trt_network_free(net);
  }
  TrtNetwork *net = new_net();
  TrtTensor *x = input_4ch(net);
  mark(net, out(add_batchnorm(net, add_of(net, out(conv_3x3(net, x, 9)), x), 4, 60)), "y");
  TrtEngine *e;
  CHECK_NEAR(compare_levels(net, &e), 0, 1e-5);
  if (e) {
    CHECK_INT(count_type(e, TRT_LAYER_NORMALIZATION), 1);
    CHECK_INT(first_of(e, TRT_LAYER_CONVOLUTION)->nb_inputs, 4);
  }
  trt_engine_free(e);
  trt_network_free(net);
}

/* The pass alone, on a network whose shapes are set by hand: the fused
 * layer writes the old output tensor (name and output mark intact), and
 * the tensors that went away are gone. */
static void test_pass_alone(void) {
  TrtNetwork *net = new_net();
  TrtLayer *conv = add_conv(net, image_input(net), unit_constant(net, "w", DIMS(4, 3, 3, 3), 1),
                            false);
  TrtLayer *add = trt_network_add_elementwise(net, out(conv), unit_constant(net, "c", DIMS(4, 1, 1), 2),
                                              TRT_ELEMENTWISE_ADD);
  TrtLayer *relu = trt_network_add_activation(net, out(add), TRT_ACTIVATION_RELU, 0, 0);
  mark(net, out(relu), "y");
  TrtDims y = DIMS(1, 4, 6, 6);
  trt_network_get_input(net, 0)->dims = DIMS(1, 3, 6, 6);
  out(conv)->dims = out(add)->dims = out(relu)->dims = y;
  int tensors_before = net->nb_tensors;
  CHECK_STATUS(trt_pass_fusion(net, false, unit_logger()), TRT_STATUS_OK);
  CHECK_INT(net->nb_layers, 1);
  CHECK(net->layers[0] == conv);
  CHECK(strcmp(out(conv)->name, "y") == 0 && out(conv)->is_output);
  CHECK(net->outputs[0] == out(conv) && out(conv)->producer == conv);
  /* conv and add outputs and the constant c went; a bias came. */
  CHECK_INT(net->nb_tensors, tensors_before - 3 + 1);
  CHECK(trt_network_find_tensor(net, "c") == NULL);
  const float *bias = conv->inputs[2]->data;
  float want[4];
  unit_fill(want, 4, 2);
  for (int i = 0; i < 4; i++) CHECK_NEAR(bias[i], want[i], 0);
  for (int i = 0; i < net->nb_tensors; i++) CHECK_INT(net->tensors[i]->id, i);
  trt_network_free(net);
}

UNIT_MAIN(test_conv_batchnorm_relu, test_conv_bias_add, test_not_fused_when_output_is_needed,
          test_gemm, test_matmul_bias, test_shared_weights, test_activation_epilogues, test_pass_alone,
          test_residual_blocks, test_residual_projection, test_residual_into_output,
          test_residual_of_own_input,
          test_residual_not_fused)
