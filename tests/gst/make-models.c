/* Writes the tiny ONNX models the element tests run, into the directory
 * given as the only argument:
 *   identity-rgb.onnx   input [1,3,6,8] -> Identity -> output
 *   identity-gray.onnx  input [1,1,6,8] -> Identity -> output
 *   classifier.onnx     input [1,3,4,4] -> GlobalAveragePool -> Flatten -> scores [1,3]
 *                       (the class is the channel with the largest mean)
 *   detector.onnx       input [1,3,4,4] -> p = channel means as [1,3,1];
 *                       scores = Concat(1 - p, p) [1,3,2];
 *                       boxes = p * 0 + B [1,3,4], B fixed (see below)
 *   two-inputs.onnx     a, b [1,3,4,4] -> Add -> sum
 * They are made with the protobuf-c code generated from onnx.proto, the
 * same the parser reads with. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "onnx.pb-c.h"

/* Everything allocated for one model, freed together. */
static void *arena[4096];
static size_t arena_used;

static void *alloc(size_t size) {
  void *p = calloc(1, size);
  if (!p || arena_used == sizeof arena / sizeof arena[0]) {
    fprintf(stderr, "make-models: out of memory\n");
    exit(1);
  }
  return arena[arena_used++] = p;
}

static void arena_free(void) {
  while (arena_used) free(arena[--arena_used]);
}

static char *str(const char *s) {
  return strcpy(alloc(strlen(s) + 1), s);
}

static Onnx__ValueInfoProto *value_info(const char *name, int n, const int64_t *dims) {
  Onnx__TensorShapeProto *shape = alloc(sizeof *shape);
  onnx__tensor_shape_proto__init(shape);
  shape->n_dim = (size_t)n;
  shape->dim = alloc((size_t)n * sizeof *shape->dim);
  for (int i = 0; i < n; i++) {
    Onnx__TensorShapeProto__Dimension *d = alloc(sizeof *d);
    onnx__tensor_shape_proto__dimension__init(d);
    d->value_case = ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE;
    d->dim_value = dims[i];
    shape->dim[i] = d;
  }
  Onnx__TypeProto__Tensor *tt = alloc(sizeof *tt);
  onnx__type_proto__tensor__init(tt);
  tt->has_elem_type = 1;
  tt->elem_type = ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT;
  tt->shape = shape;
  Onnx__TypeProto *type = alloc(sizeof *type);
  onnx__type_proto__init(type);
  type->value_case = ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE;
  type->tensor_type = tt;
  Onnx__ValueInfoProto *vi = alloc(sizeof *vi);
  onnx__value_info_proto__init(vi);
  vi->name = str(name);
  vi->type = type;
  return vi;
}

typedef struct {
  Onnx__GraphProto graph;
  Onnx__NodeProto *nodes[16];
  Onnx__TensorProto *inits[8];
  Onnx__ValueInfoProto *inputs[4], *outputs[4];
} Graph;

static void graph_init(Graph *g) {
  memset(g, 0, sizeof *g);
  onnx__graph_proto__init(&g->graph);
  g->graph.name = str("test");
  g->graph.node = g->nodes;
  g->graph.initializer = g->inits;
  g->graph.input = g->inputs;
  g->graph.output = g->outputs;
}

static void input(Graph *g, const char *name, int n, const int64_t *dims) {
  g->inputs[g->graph.n_input++] = value_info(name, n, dims);
}

static void output(Graph *g, const char *name, int n, const int64_t *dims) {
  g->outputs[g->graph.n_output++] = value_info(name, n, dims);
}

/* A node with up to three inputs ("" for none) and one output; an optional
 * int attribute. */
static void node(Graph *g, const char *op, const char *in0, const char *in1,
                 const char *in2, const char *out, const char *attr, int64_t value) {
  Onnx__NodeProto *nd = alloc(sizeof *nd);
  onnx__node_proto__init(nd);
  nd->op_type = str(op);
  nd->name = str(out);
  const char *ins[3] = {in0, in1, in2};
  nd->input = alloc(3 * sizeof *nd->input);
  for (int i = 0; i < 3 && ins[i]; i++) nd->input[nd->n_input++] = str(ins[i]);
  nd->n_output = 1;
  nd->output = alloc(sizeof *nd->output);
  nd->output[0] = str(out);
  if (attr) {
    Onnx__AttributeProto *a = alloc(sizeof *a);
    onnx__attribute_proto__init(a);
    a->name = str(attr);
    a->has_type = 1;
    a->type = ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INT;
    a->has_i = 1;
    a->i = value;
    nd->n_attribute = 1;
    nd->attribute = alloc(sizeof *nd->attribute);
    nd->attribute[0] = a;
  }
  g->nodes[g->graph.n_node++] = nd;
}

static void init_f32(Graph *g, const char *name, int n, const int64_t *dims,
                     const float *v, size_t count) {
  Onnx__TensorProto *t = alloc(sizeof *t);
  onnx__tensor_proto__init(t);
  t->name = str(name);
  t->has_data_type = 1;
  t->data_type = ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT;
  t->n_dims = (size_t)n;
  t->dims = memcpy(alloc((size_t)n * sizeof *t->dims), dims, (size_t)n * sizeof *dims);
  t->n_float_data = count;
  t->float_data = memcpy(alloc(count * sizeof *v), v, count * sizeof *v);
  g->inits[g->graph.n_initializer++] = t;
}

static void init_i64(Graph *g, const char *name, const int64_t *v, size_t count) {
  Onnx__TensorProto *t = alloc(sizeof *t);
  onnx__tensor_proto__init(t);
  t->name = str(name);
  t->has_data_type = 1;
  t->data_type = ONNX__TENSOR_PROTO__DATA_TYPE__INT64;
  t->n_dims = 1;
  t->dims = alloc(sizeof *t->dims);
  t->dims[0] = (int64_t)count;
  t->n_int64_data = count;
  t->int64_data = memcpy(alloc(count * sizeof *v), v, count * sizeof *v);
  g->inits[g->graph.n_initializer++] = t;
}

static int save(const char *dir, const char *name, Graph *g) {
  Onnx__OperatorSetIdProto opset = ONNX__OPERATOR_SET_ID_PROTO__INIT;
  Onnx__OperatorSetIdProto *opsets[1] = {&opset};
  Onnx__ModelProto model = ONNX__MODEL_PROTO__INIT;
  opset.domain = str("");
  opset.has_version = 1;
  opset.version = 13;
  model.has_ir_version = 1;
  model.ir_version = 7;
  model.producer_name = str("trtinfer tests/gst/make-models");
  model.n_opset_import = 1;
  model.opset_import = opsets;
  model.graph = &g->graph;
  size_t size = onnx__model_proto__get_packed_size(&model);
  uint8_t *buf = alloc(size);
  onnx__model_proto__pack(&model, buf);
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  int ok = f && fwrite(buf, 1, size, f) == size;
  if (f && fclose(f) != 0) ok = 0;
  if (!ok) fprintf(stderr, "make-models: cannot write %s\n", path);
  arena_free();
  return ok ? 0 : 1;
}

static int identity(const char *dir, const char *name, int64_t channels) {
  Graph g;
  graph_init(&g);
  const int64_t dims[4] = {1, channels, 6, 8};
  input(&g, "input", 4, dims);
  output(&g, "output", 4, dims);
  node(&g, "Identity", "input", NULL, NULL, "output", NULL, 0);
  return save(dir, name, &g);
}

static int classifier(const char *dir) {
  Graph g;
  graph_init(&g);
  const int64_t in[4] = {1, 3, 4, 4}, out[2] = {1, 3};
  input(&g, "input", 4, in);
  output(&g, "scores", 2, out);
  node(&g, "GlobalAveragePool", "input", NULL, NULL, "pooled", NULL, 0);
  node(&g, "Flatten", "pooled", NULL, NULL, "scores", "axis", 1);
  return save(dir, "classifier.onnx", &g);
}

/* Box 0 and box 2 overlap (IoU 0.9); box 1 is apart. */
static const float detector_boxes[12] = {0.1f, 0.1f, 0.5f,  0.5f,  0.6f, 0.6f,
                                         0.9f, 0.9f, 0.12f, 0.12f, 0.5f, 0.5f};

static int detector(const char *dir) {
  Graph g;
  graph_init(&g);
  const int64_t in[4] = {1, 3, 4, 4}, scores[3] = {1, 3, 2}, boxes[3] = {1, 3, 4};
  const int64_t shape[3] = {1, 3, 1}, scalar_dims[1] = {1}, box_dims[3] = {1, 3, 4};
  const float one = 1.0f, zero = 0.0f;
  input(&g, "input", 4, in);
  output(&g, "scores", 3, scores);
  output(&g, "boxes", 3, boxes);
  init_i64(&g, "shape", shape, 3);
  init_f32(&g, "one", 1, scalar_dims, &one, 1);
  init_f32(&g, "zero", 1, scalar_dims, &zero, 1);
  init_f32(&g, "fixed_boxes", 3, box_dims, detector_boxes, 12);
  node(&g, "GlobalAveragePool", "input", NULL, NULL, "pooled", NULL, 0);
  node(&g, "Reshape", "pooled", "shape", NULL, "p", NULL, 0);
  node(&g, "Sub", "one", "p", NULL, "background", NULL, 0);
  node(&g, "Concat", "background", "p", NULL, "scores", "axis", 2);
  node(&g, "Mul", "p", "zero", NULL, "p0", NULL, 0);
  node(&g, "Add", "p0", "fixed_boxes", NULL, "boxes", NULL, 0);
  return save(dir, "detector.onnx", &g);
}

static int two_inputs(const char *dir) {
  Graph g;
  graph_init(&g);
  const int64_t dims[4] = {1, 3, 4, 4};
  input(&g, "a", 4, dims);
  input(&g, "b", 4, dims);
  output(&g, "sum", 4, dims);
  node(&g, "Add", "a", "b", NULL, "sum", NULL, 0);
  return save(dir, "two-inputs.onnx", &g);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: make-models DIR\n");
    return 2;
  }
  return identity(argv[1], "identity-rgb.onnx", 3) |
         identity(argv[1], "identity-gray.onnx", 1) | classifier(argv[1]) |
         detector(argv[1]) | two_inputs(argv[1]);
}
