/* The half-storage pass (FP16 engines on a device): which tensors become
 * float16, where Cast layers go, that bindings stay float32 under their
 * names, that constant operands are converted, and that the CPU backend
 * refuses float16 operands its kernels cannot read. The pass itself does
 * not depend on the backend, so it is checked here with a predicate. */
#include <stdlib.h>

#include "core/engine-impl.h"
#include "core/passes/passes.h"
#include "core/util.h"
#include "unit.h"

static TrtTensor *out(TrtLayer *l) { return trt_layer_get_output(l, 0); }

static TrtLayer *add_conv(TrtNetwork *net, TrtTensor *x, int64_t c_in, int64_t c_out,
                          uint32_t seed) {
  TrtConvolutionParams p = trt_convolution_params_default(2);
  p.kernel[0] = p.kernel[1] = 3;
  p.pad_begin[0] = p.pad_begin[1] = p.pad_end[0] = p.pad_end[1] = 1;
  p.activation.type = TRT_ACTIVATION_RELU;
  TrtTensor *w = unit_constant(net, NULL, DIMS(c_out, c_in, 3, 3), seed);
  TrtTensor *b = unit_constant(net, NULL, DIMS(c_out), seed + 1);
  return trt_network_add_convolution(net, x, w, b, &p);
}

/* x -> conv -> maxpool -> conv -> add(pool, conv) = "feat" -> flatten ->
 * gemm = "y". */
static TrtNetwork *residual_net(void) {
  TrtNetwork *net = trt_network_new();
  trt_network_set_logger(net, unit_logger());
  TrtTensor *x = trt_network_add_input(net, "x", TRT_DATA_TYPE_FLOAT, &DIMS(2, 3, 8, 8));
  TrtTensor *c1 = out(add_conv(net, x, 3, 4, 1));
  TrtPoolingParams pp = {.type = TRT_POOLING_MAX, .nb_spatial = 2, .kernel = {2, 2},
                         .stride = {2, 2}, .dilation = {1, 1}};
  TrtTensor *pool = out(trt_network_add_pooling(net, c1, &pp));
  TrtTensor *c2 = out(add_conv(net, pool, 4, 4, 3));
  TrtElementwiseParams ep = {.op = TRT_ELEMENTWISE_ADD};
  TrtTensor *sum_in[2] = {pool, c2};
  TrtTensor *feat = out(trt_network_add_layer(net, TRT_LAYER_ELEMENTWISE, sum_in, 2, &ep, 1));
  trt_tensor_set_name(feat, "feat");
  trt_network_mark_output(net, feat);
  TrtAxisParams fp = {.axis = 1};
  TrtTensor *flat = out(trt_network_add_layer(net, TRT_LAYER_FLATTEN, &feat, 1, &fp, 1));
  TrtTensor *w = unit_constant(net, NULL, DIMS(5, 64), 7);
  TrtTensor *y = out(trt_network_add_fully_connected(net, flat, w, NULL));
  trt_tensor_set_name(y, "y");
  trt_network_mark_output(net, y);
  return net;
}

static bool any_layer(const TrtLayer *l, void *user) {
  (void)l;
  (void)user;
  return true;
}

static TrtStatus infer_types(TrtNetwork *net) {
  TrtShapeState st;
  TrtStatus s = trt_infer_network(net, NULL, false, &st, unit_logger());
  if (s == TRT_STATUS_OK)
    for (int i = 0; i < net->nb_tensors; i++) {
      net->tensors[i]->type = st.views[i].type;
      net->tensors[i]->dims = st.views[i].dims;
    }
  trt_shape_state_free(&st);
  return s;
}

static int count_casts(const TrtNetwork *net, TrtDataType to) {
  int n = 0;
  for (int i = 0; i < net->nb_layers; i++) {
    const TrtLayer *l = net->layers[i];
    n += l->type == TRT_LAYER_CAST && ((const TrtCastParams *)l->params)->to == (int)to;
  }
  return n;
}

static void test_casts_at_the_borders(void) {
  TrtNetwork *net = residual_net();
  CHECK_STATUS(infer_types(net), TRT_STATUS_OK);
  CHECK_STATUS(trt_pass_half_storage(net, any_layer, NULL), TRT_STATUS_OK);
  CHECK_STATUS(infer_types(net), TRT_STATUS_OK);
  /* One cast in (the input), one out: "feat", which the flatten reads. */
  CHECK_INT(count_casts(net, TRT_DATA_TYPE_HALF), 1);
  CHECK_INT(count_casts(net, TRT_DATA_TYPE_FLOAT), 1);
  for (int i = 0; i < net->nb_layers; i++) {
    const TrtLayer *l = net->layers[i];
    if (l->type == TRT_LAYER_CONVOLUTION) {
      CHECK_INT(l->inputs[0]->type, TRT_DATA_TYPE_HALF);
      CHECK_INT(l->inputs[1]->type, TRT_DATA_TYPE_HALF); /* weights converted */
      CHECK_INT(l->inputs[2]->type, TRT_DATA_TYPE_FLOAT); /* the bias is not */
      CHECK_INT(l->outputs[0]->type, TRT_DATA_TYPE_HALF);
      CHECK(l->inputs[0]->channels_last && l->outputs[0]->channels_last);
      CHECK(!l->inputs[2]->channels_last);
    }
    /* The 2x2 map's flatten would read channels-last bytes in another
     * order: it stays float32, behind a cast that transposes back. */
    if (l->type == TRT_LAYER_FLATTEN) {
      CHECK_INT(l->inputs[0]->type, TRT_DATA_TYPE_FLOAT);
      CHECK(!l->inputs[0]->channels_last);
    }
    if (l->type == TRT_LAYER_GEMM) CHECK_INT(l->inputs[0]->type, TRT_DATA_TYPE_FLOAT);
    /* Topological order is kept: every input is made before. */
    for (int k = 0; k < l->nb_inputs; k++)
      if (l->inputs[k] && l->inputs[k]->producer) CHECK(l->inputs[k]->producer->id < i);
  }
  TrtTensor *feat = trt_network_find_tensor(net, "feat");
  CHECK(feat && feat->is_output && feat->type == TRT_DATA_TYPE_FLOAT &&
        feat->producer->type == TRT_LAYER_CAST);
  CHECK(feat && net->outputs[0] == feat);
  TrtTensor *y = trt_network_find_tensor(net, "y");
  CHECK(y && y->type == TRT_DATA_TYPE_FLOAT && net->outputs[1] == y);
  CHECK_INT(net->inputs[0]->type, TRT_DATA_TYPE_FLOAT);
  CHECK_LOG("4 layers store their tensors in float16");
  trt_network_free(net);
}

static void test_weights_converted_exactly(void) {
  TrtNetwork *net = residual_net();
  CHECK_STATUS(infer_types(net), TRT_STATUS_OK);
  const TrtTensor *w32 = net->layers[0]->inputs[1];
  float first = ((const float *)w32->data)[0];
  CHECK_STATUS(trt_pass_half_storage(net, any_layer, NULL), TRT_STATUS_OK);
  const TrtLayer *conv = NULL;
  for (int i = 0; i < net->nb_layers && !conv; i++)
    if (net->layers[i]->type == TRT_LAYER_CONVOLUTION) conv = net->layers[i];
  const TrtTensor *w16 = conv->inputs[1];
  CHECK_INT(w16->type, TRT_DATA_TYPE_HALF);
  CHECK_INT(w16->data_size, 4 * 3 * 3 * 3 * 2);
  CHECK_NEAR(trt_half_to_float(((const uint16_t *)w16->data)[0]), first, fabsf(first) * 1e-3);
  /* Stored channels-last (K,R,S,C): element (k 0, c 1, r 0, s 0), 9th of
   * the float32 weights, is the 2nd. */
  CHECK(w16->channels_last);
  float c1 = ((const float *)w32->data)[9];
  CHECK_NEAR(trt_half_to_float(((const uint16_t *)w16->data)[1]), c1, fabsf(c1) * 1e-3);
  trt_network_free(net);
}

static bool only_convolutions(const TrtLayer *l, void *user) {
  (void)user;
  return l->type == TRT_LAYER_CONVOLUTION;
}

/* Layers the predicate refuses stay float32, with casts around each
 * float16 one. */
static void test_predicate_decides(void) {
  TrtNetwork *net = residual_net();
  CHECK_STATUS(infer_types(net), TRT_STATUS_OK);
  int before = net->nb_layers;
  CHECK_STATUS(trt_pass_half_storage(net, only_convolutions, NULL), TRT_STATUS_OK);
  CHECK_STATUS(infer_types(net), TRT_STATUS_OK);
  CHECK_INT(count_casts(net, TRT_DATA_TYPE_HALF), 2);
  CHECK_INT(count_casts(net, TRT_DATA_TYPE_FLOAT), 2);
  CHECK_INT(net->nb_layers, before + 4);
  for (int i = 0; i < net->nb_layers; i++)
    if (net->layers[i]->type == TRT_LAYER_CAST)
      CHECK_INT(net->layers[i]->outputs[0]->channels_last,
                ((const TrtCastParams *)net->layers[i]->params)->to == TRT_DATA_TYPE_HALF);
  for (int i = 0; i < net->nb_layers; i++)
    if (net->layers[i]->type == TRT_LAYER_POOLING)
      CHECK_INT(net->layers[i]->outputs[0]->type, TRT_DATA_TYPE_FLOAT);
  trt_network_free(net);
}

/* conv -> global average pool -> flatten -> fully connected: the flatten
 * of the 1x1 map joins the chain (both orders store it alike) and the
 * cast back to float32 comes after it, on a 2-D tensor. */
static void test_flatten_of_1x1_map_stays_half(void) {
  TrtNetwork *net = trt_network_new();
  trt_network_set_logger(net, unit_logger());
  TrtTensor *x = trt_network_add_input(net, "x", TRT_DATA_TYPE_FLOAT, &DIMS(2, 3, 8, 8));
  TrtTensor *c = out(add_conv(net, x, 3, 4, 1));
  TrtPoolingParams pp = {.type = TRT_POOLING_AVERAGE, .nb_spatial = 2, .kernel = {8, 8},
                         .stride = {1, 1}, .dilation = {1, 1}};
  TrtTensor *pool = out(trt_network_add_pooling(net, c, &pp));
  TrtAxisParams fp = {.axis = 1};
  TrtTensor *flat = out(trt_network_add_layer(net, TRT_LAYER_FLATTEN, &pool, 1, &fp, 1));
  TrtTensor *w = unit_constant(net, NULL, DIMS(5, 4), 7);
  trt_network_mark_output(net, out(trt_network_add_fully_connected(net, flat, w, NULL)));
  CHECK_STATUS(infer_types(net), TRT_STATUS_OK);
  CHECK_STATUS(trt_pass_half_storage(net, any_layer, NULL), TRT_STATUS_OK);
  CHECK_STATUS(infer_types(net), TRT_STATUS_OK);
  CHECK_INT(count_casts(net, TRT_DATA_TYPE_FLOAT), 1);
  for (int i = 0; i < net->nb_layers; i++) {
    const TrtLayer *l = net->layers[i];
    if (l->type == TRT_LAYER_FLATTEN) {
      CHECK(l->inputs[0]->type == TRT_DATA_TYPE_HALF && l->inputs[0]->channels_last);
      CHECK(l->outputs[0]->type == TRT_DATA_TYPE_HALF && !l->outputs[0]->channels_last);
    }
    if (l->type == TRT_LAYER_CAST &&
        ((const TrtCastParams *)l->params)->to == TRT_DATA_TYPE_FLOAT)
      CHECK_INT(l->inputs[0]->dims.nb_dims, 2);
  }
  trt_network_free(net);
}

/* A network made with float16 operands by hand cannot build for the CPU:
 * its kernels read float32. The message names the layer. */
static void test_cpu_refuses_half_operands(void) {
  TrtNetwork *net = trt_network_new();
  trt_network_set_logger(net, unit_logger());
  TrtTensor *x = trt_network_add_input(net, "x", TRT_DATA_TYPE_HALF, &DIMS(1, 2, 4, 4));
  TrtActivationParams ap = {.type = TRT_ACTIVATION_RELU};
  TrtLayer *relu = trt_network_add_layer(net, TRT_LAYER_ACTIVATION, &x, 1, &ap, 1);
  trt_layer_set_name(relu, "relu16");
  trt_network_mark_output(net, out(relu));
  CHECK(unit_build(net, 1, 1) == NULL);
  CHECK_LOG("layer 'relu16' (Activation): float16 operands run only on the CUDA backend");
  trt_network_free(net);
}

/* Convolution takes float16 input only with float16 weights. */
static void test_mixed_convolution_refused(void) {
  TrtNetwork *net = trt_network_new();
  trt_network_set_logger(net, unit_logger());
  TrtTensor *x = trt_network_add_input(net, "x", TRT_DATA_TYPE_HALF, &DIMS(1, 3, 8, 8));
  trt_network_mark_output(net, out(add_conv(net, x, 3, 4, 1)));
  CHECK(unit_build(net, 1, 1) == NULL);
  CHECK_LOG("input and weights must be float32 (got float16 and float32)");
  trt_network_free(net);
}

UNIT_MAIN(test_casts_at_the_borders, test_weights_converted_exactly, test_predicate_decides,
          test_flatten_of_1x1_map_stays_half,
          test_cpu_refuses_half_operands, test_mixed_convolution_refused)
