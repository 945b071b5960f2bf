/* Writes small TensorFlow GraphDefs and UFF files, seeds for the
 * tensorflow fuzz target (the shared TF/UFF models may not be committed):
 *
 *   make-tf-seeds OUTDIR
 *
 * They are made with the TF parser tests' graph builder
 * (tests/parsers/tf/builder.c). */
#include <stdio.h>
#include <stdlib.h>

#include "builder.h"

static int save(const char *dir, const char *name, uint8_t *bytes, size_t size) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  int ok = f && fwrite(bytes, 1, size, f) == size;
  if (f && fclose(f) != 0) ok = 0;
  free(bytes);
  if (!ok) fprintf(stderr, "make-tf-seeds: cannot write %s\n", path);
  return ok ? 0 : 1;
}

/* Enough for the largest constant below, the 64x10 fully connected weights. */
static float values[64 * 10];

/* x [-1,8,8,3] -> Conv2D 3x3 SAME + BiasAdd -> Relu -> MaxPool 2x2 ->
 * Keras Flatten (Shape, StridedSlice, Pack, Reshape) -> MatMul -> Softmax. */
static int graphdef_cnn(const char *dir) {
  Tfg g;
  tfg_init(&g);
  tfg_placeholder(&g, "x", (int64_t[]){-1, 8, 8, 3}, 4);
  tfg_const_f32(&g, "w", (int64_t[]){3, 3, 3, 4}, 4, values);
  Tensorflow__NodeDef *n = tfg_node(&g, "conv", "Conv2D", "x", "w", NULL);
  tfg_ints(&g, n, "strides", (int64_t[]){1, 1, 1, 1}, 4);
  tfg_string(&g, n, "padding", "SAME");
  tfg_string(&g, n, "data_format", "NHWC");
  tfg_const_f32(&g, "b", (int64_t[]){4}, 1, values);
  tfg_node(&g, "bias", "BiasAdd", "conv", "b", NULL);
  tfg_node(&g, "relu", "Relu", "bias", NULL);
  n = tfg_node(&g, "pool", "MaxPool", "relu", NULL);
  tfg_ints(&g, n, "ksize", (int64_t[]){1, 2, 2, 1}, 4);
  tfg_ints(&g, n, "strides", (int64_t[]){1, 2, 2, 1}, 4);
  tfg_string(&g, n, "padding", "VALID");
  tfg_node(&g, "shape", "Shape", "pool", NULL);
  tfg_vec_i32(&g, "begin", (int32_t[]){0}, 1);
  tfg_vec_i32(&g, "end", (int32_t[]){1}, 1);
  tfg_vec_i32(&g, "step", (int32_t[]){1}, 1);
  n = tfg_node(&g, "batch", "StridedSlice", "shape", "begin", "end", "step", NULL);
  tfg_int(&g, n, "shrink_axis_mask", 1);
  tfg_const_i32(&g, "flat_size", NULL, 0, (int32_t[]){64}, 1);
  n = tfg_node(&g, "flat_shape", "Pack", "batch", "flat_size", NULL);
  tfg_int(&g, n, "axis", 0);
  tfg_node(&g, "flat", "Reshape", "pool", "flat_shape", NULL);
  tfg_const_f32(&g, "fc", (int64_t[]){64, 10}, 2, values);
  tfg_node(&g, "logits", "MatMul", "flat", "fc", NULL);
  tfg_node(&g, "prob", "Softmax", "logits", NULL);
  size_t size;
  uint8_t *bytes = tfg_pack(&g, &size);
  tfg_free(&g);
  return save(dir, "graphdef-cnn.pb", bytes, size);
}

/* An NCHW graph with a depthwise conv, FusedBatchNorm, Mean and Pad. */
static int graphdef_nchw(const char *dir) {
  Tfg g;
  tfg_init(&g);
  tfg_placeholder(&g, "x", (int64_t[]){1, 4, 6, 6}, 4);
  tfg_const_f32(&g, "dw", (int64_t[]){3, 3, 4, 1}, 4, values);
  Tensorflow__NodeDef *n = tfg_node(&g, "depthwise", "DepthwiseConv2dNative", "x", "dw", NULL);
  tfg_ints(&g, n, "strides", (int64_t[]){1, 1, 1, 1}, 4);
  tfg_string(&g, n, "padding", "VALID");
  tfg_string(&g, n, "data_format", "NCHW");
  for (int i = 0; i < 4; i++) {
    static const char *names[] = {"scale", "offset", "mean", "variance"};
    tfg_const_f32(&g, names[i], (int64_t[]){4}, 1, values + 4 * i);
  }
  n = tfg_node(&g, "bn", "FusedBatchNormV3", "depthwise", "scale", "offset", "mean",
               "variance", NULL);
  tfg_string(&g, n, "data_format", "NCHW");
  tfg_bool(&g, n, "is_training", 0);
  tfg_float(&g, n, "epsilon", 0.001f);
  tfg_const_i32(&g, "pads", (int64_t[]){4, 2}, 2, (int32_t[]){0, 0, 0, 0, 1, 1, 2, 2}, 8);
  tfg_node(&g, "padded", "Pad", "bn", "pads", NULL);
  tfg_vec_i32(&g, "axes", (int32_t[]){2, 3}, 2);
  n = tfg_node(&g, "mean_hw", "Mean", "padded", "axes", NULL);
  tfg_bool(&g, n, "keep_dims", 0);
  size_t size;
  uint8_t *bytes = tfg_pack(&g, &size);
  tfg_free(&g);
  return save(dir, "graphdef-nchw.pb", bytes, size);
}

/* What convert-to-uff writes for conv + bias -> relu6 -> avg pool ->
 * dense -> softmax (dimension codes as convert-to-uff writes them). */
static int uff_cnn(const char *dir) {
  enum { INC = 2147483647 };
  static const int64_t nhwc[] = {0, 2, INC, 1}, hwio[] = {2, INC, 1, 0}, nc[] = {0, 1},
                       kc[] = {0, 1};
  Uffb b;
  uffb_init(&b);
  uffb_input(&b, "x", (int64_t[]){-1, 6, 6, 3}, 4);
  uffb_const_f32(&b, "kernel", (int64_t[]){3, 3, 3, 4}, 4, values);
  Uff__Node *n = uffb_node(&b, "conv", "Conv", "x", "kernel", NULL);
  uffb_ints(&b, n, "strides", (int64_t[]){1, 1}, 2);
  uffb_s(&b, n, "implicit_padding", "same");
  uffb_orders(&b, n, "orders_N+C_+CK", (const int64_t *[]){nhwc, hwio}, (size_t[]){4, 4}, 2);
  uffb_const_f32(&b, "bias", (int64_t[]){4}, 1, values);
  n = uffb_node(&b, "biased", "Binary", "conv", "bias", NULL);
  uffb_s(&b, n, "func", "add");
  n = uffb_node(&b, "relu6", "Activation", "biased", NULL);
  uffb_s(&b, n, "func", "relu6");
  n = uffb_node(&b, "pool", "Pool", "relu6", NULL);
  uffb_s(&b, n, "func", "avg");
  uffb_ints(&b, n, "kernel", (int64_t[]){2, 2}, 2);
  uffb_ints(&b, n, "strides", (int64_t[]){2, 2}, 2);
  uffb_orders(&b, n, "orders_N+C", (const int64_t *[]){nhwc}, (size_t[]){4}, 1);
  n = uffb_node(&b, "flat", "Flatten", "pool", NULL);
  uffb_const_f32(&b, "fc_w", (int64_t[]){3, 36}, 2, values);
  n = uffb_node(&b, "dense", "FullyConnected", "flat", "fc_w", NULL);
  uffb_orders(&b, n, "orders_NC_KC", (const int64_t *[]){nc, kc}, (size_t[]){2, 2}, 2);
  n = uffb_node(&b, "prob", "Softmax", "dense", NULL);
  uffb_i(&b, n, "axis", 0);
  uffb_orders(&b, n, "orders_N+C", (const int64_t *[]){nc}, (size_t[]){2}, 1);
  uffb_node(&b, "MarkOutput_0", "MarkOutput", "prob", NULL);
  size_t size;
  uint8_t *bytes = uffb_pack(&b, &size);
  uffb_free(&b);
  return save(dir, "uff-cnn.uff", bytes, size);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: make-tf-seeds OUTDIR\n");
    return 2;
  }
  for (size_t i = 0; i < sizeof values / sizeof *values; i++)
    values[i] = (float)((int)(i * 7 % 13) - 6) / 8;
  return graphdef_cnn(argv[1]) | graphdef_nchw(argv[1]) | uff_cnn(argv[1]);
}
