/* The op test table: every layer kind on every backend against expected
 * values and against the CPU reference. Each cases-<family>.c file adds its
 * cases by calling op_check() from its cases_<family>() function. */
#ifndef TRT_OP_TEST_H
#define TRT_OP_TEST_H

#include <trtinfer/trtinfer.h>

#define OP_MAX_TENSORS 8

typedef struct {
  TrtDataType type;
  TrtDims dims;
  /* Values; NULL for an input means deterministic pseudo-random values
   * (floats in [-1, 1], integers in [0, 4), bools); NULL for an expected
   * output means "compare backends only". */
  const void *data;
  bool constant;  /* input: a network constant instead of an input binding */
  bool absent;    /* input: an absent optional input (NULL tensor) */
} OpTensor;

typedef struct {
  const char *name; /* unique, e.g. "conv2d_group2_dilation2" */
  TrtLayerType type;
  const void *params; /* the kind's parameter struct, or NULL */
  int nb_inputs;
  OpTensor inputs[OP_MAX_TENSORS];
  int nb_outputs;
  OpTensor expected[OP_MAX_TENSORS];
  /* |got - want| <= atol + rtol * |want|; both 0 means 1e-5 / 1e-4.
   * Integer and bool outputs are compared exactly. */
  double atol, rtol;
  /* The build must fail (bad shapes or parameters): nothing is run. */
  bool expect_build_error;
} OpCase;

/* Shorthand for dims: OP_DIMS(2, 3, 4). */
#define OP_DIMS(...) \
  ((TrtDims){.nb_dims = sizeof((int64_t[]){__VA_ARGS__}) / sizeof(int64_t), \
             .d = {__VA_ARGS__}})
#define OP_SCALAR ((TrtDims){.nb_dims = 0})
/* Float tensor from a literal list: OP_F32(OP_DIMS(2), 1, 2). */
#define OP_F32(d_, ...) \
  ((OpTensor){.type = TRT_DATA_TYPE_FLOAT, .dims = d_, .data = (const float[]){__VA_ARGS__}})
#define OP_I64(d_, ...) \
  ((OpTensor){.type = TRT_DATA_TYPE_INT64, .dims = d_, .data = (const int64_t[]){__VA_ARGS__}})
#define OP_I32(d_, ...) \
  ((OpTensor){.type = TRT_DATA_TYPE_INT32, .dims = d_, .data = (const int32_t[]){__VA_ARGS__}})
#define OP_BOOL(d_, ...) \
  ((OpTensor){.type = TRT_DATA_TYPE_BOOL, .dims = d_, .data = (const uint8_t[]){__VA_ARGS__}})
/* Random float input of the given dims. */
#define OP_RAND(d_) ((OpTensor){.type = TRT_DATA_TYPE_FLOAT, .dims = d_})
/* Output of known dims whose values are only compared across backends. */
#define OP_ANY(type_, d_) ((OpTensor){.type = type_, .dims = d_})
#define OP_CONST(t) ((OpTensor){.type = (t).type, .dims = (t).dims, .data = (t).data, .constant = true})
#define OP_ABSENT ((OpTensor){.absent = true})

/* Runs one case on every backend; records PASS / FAIL / SKIP. */
void op_check(const OpCase *c);
/* Records the result of a check that op_check cannot express (a case made
 * of several layers, run on the CPU by the caller). */
void op_report(const char *name, bool ok, const char *why);

/* Families. */
void cases_convolution(void);
void cases_pooling(void);
void cases_matmul(void);
void cases_activation(void);
void cases_softmax(void);
void cases_normalization(void);
void cases_elementwise(void);
void cases_concat(void);
void cases_slice(void);
void cases_pad(void);
void cases_shuffle(void);
void cases_resize(void);
void cases_reduce(void);
void cases_gather(void);
void cases_topk(void);
void cases_cast(void);
void cases_shape(void);
void cases_ssd(void);
void cases_channels_last(void);

#endif
