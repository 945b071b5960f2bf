/* The network definition API: inputs, constants, layers, outputs, lookups,
 * the checks on bad arguments, and the edits builder passes rely on. */
#include <stdlib.h>

#include "core/network-impl.h"
#include "unit.h"

static TrtNetwork *new_net(void) {
  TrtNetwork *net = trt_network_new();
  trt_network_set_logger(net, unit_logger());
  return net;
}

static TrtTensor *out(TrtLayer *l) { return trt_layer_get_output(l, 0); }

static void test_inputs_and_constants(void) {
  TrtNetwork *net = new_net();
  CHECK(trt_network_get_logger(net) == unit_logger());
  TrtTensor *x = trt_network_add_input(net, "x", TRT_DATA_TYPE_FLOAT, &DIMS(-1, 3));
  CHECK(x && trt_tensor_is_input(x) && !trt_tensor_is_constant(x));
  CHECK(strcmp(trt_tensor_get_name(x), "x") == 0);
  CHECK_INT(trt_tensor_get_type(x), TRT_DATA_TYPE_FLOAT);
  TrtDims d = trt_tensor_get_dims(x);
  CHECK(trt_dims_equal(&d, &DIMS(-1, 3)));

  unit_log_clear();
  CHECK(trt_network_add_input(net, "x", TRT_DATA_TYPE_FLOAT, &DIMS(3)) == NULL);
  CHECK_LOG("a tensor named 'x' already exists");
  TrtDims too_deep = {.nb_dims = 9};
  CHECK(trt_network_add_input(net, "deep", TRT_DATA_TYPE_FLOAT, &too_deep) == NULL);
  CHECK(trt_network_add_input(net, "neg", TRT_DATA_TYPE_FLOAT, &DIMS(2, -2)) == NULL);
  CHECK(trt_network_add_input(net, "type", TRT_DATA_TYPE_COUNT, &DIMS(2)) == NULL);
  CHECK(trt_network_add_input(net, NULL, TRT_DATA_TYPE_FLOAT, &DIMS(2)) == NULL);
  CHECK_INT(trt_network_get_nb_inputs(net), 1);
  CHECK(trt_network_get_input(net, 0) == x && trt_network_get_input(net, 1) == NULL);

  /* Constants copy their bytes; names are made unique. */
  float values[3] = {1, 2, 3};
  TrtTensor *c = trt_network_add_constant(net, "c", TRT_DATA_TYPE_FLOAT, &DIMS(3), values);
  values[0] = 100;
  CHECK(c && trt_tensor_is_constant(c) && ((const float *)c->data)[0] == 1);
  TrtTensor *c2 = trt_network_add_constant(net, "c", TRT_DATA_TYPE_FLOAT, &DIMS(3), values);
  TrtTensor *c3 = trt_network_add_constant(net, NULL, TRT_DATA_TYPE_INT64, &DIMS(2), NULL);
  CHECK(c2 && c3 && strcmp(c2->name, "c") != 0 && c3->name[0] != '\0');
  CHECK(strcmp(c2->name, c3->name) != 0);
  CHECK(c3 && ((const int64_t *)c3->data)[1] == 0); /* NULL data: zeros */
  TrtTensor *scalar = trt_network_add_constant(net, "s", TRT_DATA_TYPE_FLOAT, &DIMS(), values);
  CHECK(scalar && scalar->data_size == sizeof(float));
  TrtTensor *empty = trt_network_add_constant(net, "e", TRT_DATA_TYPE_FLOAT, &DIMS(0, 4), NULL);
  CHECK(empty && empty->data_size == 0);
  CHECK(trt_network_add_constant(net, "u", TRT_DATA_TYPE_FLOAT, &DIMS(-1, 2), NULL) == NULL);

  CHECK(trt_network_find_tensor(net, "c") == c);
  CHECK(trt_network_find_tensor(net, "nothing") == NULL);
  CHECK(trt_network_find_tensor(net, NULL) == NULL);

  CHECK_STATUS(trt_network_set_input_dims(net, x, &DIMS(-1, 5)), TRT_STATUS_OK);
  d = trt_tensor_get_dims(x);
  CHECK(trt_dims_equal(&d, &DIMS(-1, 5)));
  CHECK_STATUS(trt_network_set_input_dims(net, c, &DIMS(3)), TRT_STATUS_INVALID_ARGUMENT);
  CHECK_STATUS(trt_network_set_input_dims(net, x, &too_deep), TRT_STATUS_INVALID_ARGUMENT);
  trt_network_free(net);
  trt_network_free(NULL);
}

static void test_layers(void) {
  TrtNetwork *net = new_net(), *other = new_net();
  TrtTensor *x = trt_network_add_input(net, "x", TRT_DATA_TYPE_FLOAT, &DIMS(2, 3));
  TrtTensor *foreign = trt_network_add_input(other, "f", TRT_DATA_TYPE_FLOAT, &DIMS(2, 3));
  TrtLayer *relu = trt_network_add_activation(net, x, TRT_ACTIVATION_RELU, 0, 0);
  CHECK(relu && trt_layer_get_type(relu) == TRT_LAYER_ACTIVATION);
  CHECK_INT(trt_layer_get_nb_inputs(relu), 1);
  CHECK_INT(trt_layer_get_nb_outputs(relu), 1);
  CHECK(trt_layer_get_input(relu, 0) == x && trt_layer_get_input(relu, 1) == NULL);
  char want[128];
  snprintf(want, sizeof want, "%s_output_0", trt_layer_get_name(relu));
  CHECK(strcmp(trt_tensor_get_name(out(relu)), want) == 0);
  CHECK(trt_network_find_tensor(net, want) == out(relu));
  CHECK_STATUS(trt_layer_set_name(relu, "my_relu"), TRT_STATUS_OK);
  CHECK(strcmp(trt_layer_get_name(relu), "my_relu") == 0);
  TrtActivationParams *p = trt_layer_get_params(relu);
  CHECK(p && p->type == TRT_ACTIVATION_RELU);
  CHECK_INT(trt_network_get_nb_layers(net), 1);
  CHECK(trt_network_get_layer(net, 0) == relu && trt_network_get_layer(net, 1) == NULL);
  /* A layer without params. */
  TrtLayer *id = trt_network_add_layer(net, TRT_LAYER_IDENTITY, &x, 1, NULL, 1);
  CHECK(id && trt_layer_get_params(id) == NULL);

  unit_log_clear();
  TrtTensor *two[2] = {x, x};
  CHECK(trt_network_add_layer(net, TRT_LAYER_COUNT, &x, 1, NULL, 1) == NULL);
  CHECK_LOG("unknown layer type");
  CHECK(trt_network_add_layer(net, TRT_LAYER_ACTIVATION, two, 2, p, 1) == NULL);
  CHECK_LOG("is not a valid count");
  CHECK(trt_network_add_layer(net, TRT_LAYER_ACTIVATION, &x, 1, p, 0) == NULL);
  CHECK(trt_network_add_layer(net, TRT_LAYER_ACTIVATION, &x, 1, NULL, 1) == NULL);
  CHECK_LOG("parameters are required");
  CHECK(trt_network_add_layer(net, TRT_LAYER_ACTIVATION, &foreign, 1, p, 1) == NULL);
  CHECK_LOG("from another network");
  TrtTensor *none = NULL;
  CHECK(trt_network_add_layer(net, TRT_LAYER_ACTIVATION, &none, 1, p, 1) == NULL);
  /* An absent optional input is fine. */
  TrtTensor *conv_in[3] = {x, x, NULL};
  TrtConvolutionParams cp = trt_convolution_params_default(2);
  CHECK(trt_network_add_layer(net, TRT_LAYER_CONVOLUTION, conv_in, 3, &cp, 1) != NULL);
  CHECK_INT(trt_network_get_nb_layers(net), 3);

  /* Outputs. */
  CHECK_STATUS(trt_network_mark_output(net, out(relu)), TRT_STATUS_OK);
  CHECK_STATUS(trt_network_mark_output(net, out(relu)), TRT_STATUS_OK);
  CHECK_INT(trt_network_get_nb_outputs(net), 1);
  CHECK(trt_tensor_is_output(out(relu)) && trt_network_get_output(net, 0) == out(relu));
  CHECK_STATUS(trt_network_mark_output(net, out(id)), TRT_STATUS_OK);
  CHECK_STATUS(trt_network_unmark_output(net, out(relu)), TRT_STATUS_OK);
  CHECK(!trt_tensor_is_output(out(relu)) && trt_network_get_output(net, 0) == out(id));
  CHECK_STATUS(trt_network_unmark_output(net, out(relu)), TRT_STATUS_INVALID_ARGUMENT);
  CHECK_STATUS(trt_network_mark_output(net, NULL), TRT_STATUS_INVALID_ARGUMENT);
  trt_network_free(net);
  trt_network_free(other);
}

/* The edits passes use: clone, replace_uses, count_uses, remove_layers. */
static void test_edits(void) {
  TrtNetwork *net = new_net();
  TrtTensor *x = trt_network_add_input(net, "x", TRT_DATA_TYPE_FLOAT, &DIMS(2, 3));
  TrtTensor *c = unit_constant(net, "c", DIMS(2, 3), 1);
  TrtLayer *a = trt_network_add_elementwise(net, x, c, TRT_ELEMENTWISE_ADD);
  TrtLayer *r = trt_network_add_activation(net, out(a), TRT_ACTIVATION_RELU, 0, 0);
  TrtLayer *m = trt_network_add_elementwise(net, out(r), out(r), TRT_ELEMENTWISE_MUL);
  trt_tensor_set_name(out(m), "y");
  trt_network_mark_output(net, out(m));

  TrtNetwork *copy = trt_network_clone(net);
  CHECK(copy != NULL);
  if (copy) {
    CHECK_INT(copy->nb_tensors, net->nb_tensors);
    CHECK_INT(copy->nb_layers, net->nb_layers);
    TrtTensor *cc = trt_network_find_tensor(copy, "c");
    CHECK(cc && cc != c && cc->data != c->data && memcmp(cc->data, c->data, c->data_size) == 0);
    CHECK(copy->layers[0]->inputs[1] == cc);
    CHECK(copy->layers[1]->inputs[0] == copy->layers[0]->outputs[0]);
    CHECK(copy->layers[0]->outputs[0]->producer == copy->layers[0]);
    CHECK(copy->outputs[0] == trt_network_find_tensor(copy, "y"));
    CHECK(copy->inputs[0] == trt_network_find_tensor(copy, "x"));
    trt_network_free(copy);
  }

  CHECK_INT(trt_network_count_uses(net, out(r)), 2);
  CHECK_INT(trt_network_count_uses(net, x), 1);
  CHECK_INT(trt_network_count_uses(net, out(m)), 0);

  /* Drop the multiply: its output's users (the network) read relu's, and
   * the name "y" moves with the output. */
  TrtTensor *relu_out = out(r);
  trt_network_replace_uses(net, out(m), relu_out);
  CHECK(relu_out->is_output && strcmp(relu_out->name, "y") == 0);
  CHECK(net->outputs[0] == relu_out);
  bool dead[3] = {false, false, true};
  trt_network_remove_layers(net, dead);
  CHECK_INT(net->nb_layers, 2);
  CHECK_INT(net->nb_tensors, 4); /* x, c, add out, relu out */
  for (int i = 0; i < net->nb_tensors; i++) CHECK_INT(net->tensors[i]->id, i);
  CHECK(trt_network_find_tensor(net, "y") == relu_out);

  /* The edited network still builds and computes relu(x + c). */
  TrtEngine *e = unit_build(net, 1, 0);
  CHECK(e != NULL);
  if (e) {
    float in[6], y[6], cv[6];
    unit_fill(in, 6, 9);
    unit_fill(cv, 6, 1);
    float *bindings[2] = {in, y};
    CHECK_STATUS(unit_run(e, 1, bindings), TRT_STATUS_OK);
    for (int i = 0; i < 6; i++) CHECK_NEAR(y[i], fmaxf(in[i] + cv[i], 0), 1e-7);
  }
  trt_engine_free(e);
  trt_network_free(net);
}

static void test_build_errors(void) {
  TrtNetwork *net = new_net();
  TrtTensor *x = trt_network_add_input(net, "x", TRT_DATA_TYPE_FLOAT, &DIMS(-1, 3));
  unit_log_clear();
  CHECK(unit_build(net, 1, 3) == NULL);
  CHECK_LOG("the network has no outputs");
  TrtLayer *r = trt_network_add_activation(net, x, TRT_ACTIVATION_RELU, 0, 0);
  trt_network_mark_output(net, out(r));
  trt_network_set_input_dims(net, x, &DIMS(-1, -1));
  unit_log_clear();
  CHECK(unit_build(net, 1, 3) == NULL);
  CHECK_LOG("dimension 1 is unknown");
  trt_network_set_input_dims(net, x, &DIMS(-1, 3));
  TrtEngine *e = unit_build(net, 3, 3);
  CHECK(e != NULL);
  if (e) {
    /* The network is not modified by building. */
    CHECK_INT(trt_network_get_nb_layers(net), 1);
    TrtDims d = trt_tensor_get_dims(x);
    CHECK(trt_dims_equal(&d, &DIMS(-1, 3)));
    TrtContext *ctx = trt_engine_create_context(e);
    float in[9] = {0}, y[9];
    void *bindings[2] = {in, y};
    unit_log_clear();
    CHECK_STATUS(trt_context_execute(ctx, 4, bindings), TRT_STATUS_INVALID_ARGUMENT);
    CHECK_LOG("outside 1..3");
    CHECK_STATUS(trt_context_execute(ctx, 0, bindings), TRT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(trt_context_execute(ctx, 3, bindings), TRT_STATUS_OK);
    trt_context_free(ctx);
  }
  trt_engine_free(e);

  /* Shapes that do not fit name the layer. */
  TrtLayer *bad = trt_network_add_elementwise(net, x, unit_constant(net, "c", DIMS(4), 1),
                                              TRT_ELEMENTWISE_ADD);
  trt_layer_set_name(bad, "bad_add");
  trt_network_mark_output(net, out(bad));
  unit_log_clear();
  CHECK(unit_build(net, 1, 3) == NULL);
  CHECK_LOG("bad_add");
  trt_network_free(net);
}

UNIT_MAIN(test_inputs_and_constants, test_layers, test_edits, test_build_errors)
