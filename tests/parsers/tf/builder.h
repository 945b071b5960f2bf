/* Small TensorFlow GraphDefs and UFF MetaGraphs made in memory for the
 * parser tests, packed to the bytes a file would hold. Everything a builder
 * allocates is freed with it. */
#ifndef TRT_TF_TEST_BUILDER_H
#define TRT_TF_TEST_BUILDER_H

#include <stddef.h>
#include <stdint.h>

#include "tensorflow.pb-c.h"
#include "uff.pb-c.h"

/* ---- GraphDef -------------------------------------------------------------- */

typedef struct {
  Tensorflow__GraphDef def;
  size_t cap_nodes;
  void **allocs;
  size_t nb_allocs, cap_allocs;
} Tfg;

void tfg_init(Tfg *g);
void tfg_free(Tfg *g);
/* A node reading the inputs listed (NULL-terminated: "a", "b:1", "^c"). */
Tensorflow__NodeDef *tfg_node(Tfg *g, const char *name, const char *op, ...);
void tfg_int(Tfg *g, Tensorflow__NodeDef *n, const char *key, int64_t v);
void tfg_float(Tfg *g, Tensorflow__NodeDef *n, const char *key, float v);
void tfg_bool(Tfg *g, Tensorflow__NodeDef *n, const char *key, int v);
void tfg_string(Tfg *g, Tensorflow__NodeDef *n, const char *key, const char *s);
void tfg_type(Tfg *g, Tensorflow__NodeDef *n, const char *key, Tensorflow__DataType t);
void tfg_ints(Tfg *g, Tensorflow__NodeDef *n, const char *key, const int64_t *v, size_t count);
/* A shape attribute; rank -1: unknown rank. Sizes may be -1. */
void tfg_shape(Tfg *g, Tensorflow__NodeDef *n, const char *key, const int64_t *dims, int rank);
/* Placeholder of float32 with a shape (rank -1: none given). */
Tensorflow__NodeDef *tfg_placeholder(Tfg *g, const char *name, const int64_t *dims, int rank);
/* Const float32 (tensor_content), int32 (int_val, one value repeated when
 * `count` is 1 and the shape is larger) and int64 (int64_val). */
Tensorflow__NodeDef *tfg_const_f32(Tfg *g, const char *name, const int64_t *dims, int rank,
                                   const float *values);
Tensorflow__NodeDef *tfg_const_i32(Tfg *g, const char *name, const int64_t *dims, int rank,
                                   const int32_t *values, size_t count);
Tensorflow__NodeDef *tfg_const_i64(Tfg *g, const char *name, const int64_t *dims, int rank,
                                   const int64_t *values);
/* A 1-D int32 constant of `count` values. */
Tensorflow__NodeDef *tfg_vec_i32(Tfg *g, const char *name, const int32_t *values, size_t count);
/* The serialized graph (malloc'ed). */
uint8_t *tfg_pack(const Tfg *g, size_t *size);

/* ---- UFF ------------------------------------------------------------------- */

typedef struct {
  Uff__MetaGraph meta;
  Uff__Graph graph;
  Uff__Graph *graphs[1];
  size_t cap_nodes, cap_refs;
  void **allocs;
  size_t nb_allocs, cap_allocs;
} Uffb;

void uffb_init(Uffb *b);
void uffb_free(Uffb *b);
Uff__Node *uffb_node(Uffb *b, const char *id, const char *op, ...);
void uffb_s(Uffb *b, Uff__Node *n, const char *key, const char *s);
void uffb_i(Uffb *b, Uff__Node *n, const char *key, int64_t v);
void uffb_d(Uffb *b, Uff__Node *n, const char *key, double v);
void uffb_ints(Uffb *b, Uff__Node *n, const char *key, const int64_t *v, size_t count);
void uffb_dtype(Uffb *b, Uff__Node *n, const char *key, Uff__DataType t);
/* inputs_orders as a reference to shared data: one code list per input. */
void uffb_orders(Uffb *b, Uff__Node *n, const char *ref, const int64_t *const *codes,
                 const size_t *lengths, size_t count);
/* Input of float32 with a shape (count 0: set by register_input). */
Uff__Node *uffb_input(Uffb *b, const char *id, const int64_t *dims, size_t count);
/* Const float32 with its values in referenced data "weights_<id>". */
Uff__Node *uffb_const_f32(Uffb *b, const char *id, const int64_t *dims, size_t rank,
                          const float *values);
Uff__Node *uffb_const_i32(Uffb *b, const char *id, const int64_t *dims, size_t rank,
                          const int32_t *values);
uint8_t *uffb_pack(const Uffb *b, size_t *size);

#endif
