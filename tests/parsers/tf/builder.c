/* See builder.h. Nodes get room for 16 inputs and 16 attributes (fields),
 * plenty for the test graphs; allocation failures abort the test. */
#include "builder.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ROOM = 16 };

static void *keep(void ***allocs, size_t *n, size_t *cap, void *p) {
  if (!p) {
    fprintf(stderr, "test builder: out of memory\n");
    abort();
  }
  if (*n == *cap) {
    *cap = *cap ? *cap * 2 : 64;
    *allocs = realloc(*allocs, *cap * sizeof **allocs);
    if (!*allocs) abort();
  }
  (*allocs)[(*n)++] = p;
  return p;
}

static void release(void **allocs, size_t n) {
  for (size_t i = 0; i < n; i++) free(allocs[i]);
  free(allocs);
}

/* ---- GraphDef -------------------------------------------------------------------- */

static void *galloc(Tfg *g, size_t size) {
  return keep(&g->allocs, &g->nb_allocs, &g->cap_allocs, calloc(1, size ? size : 1));
}

static char *gstr(Tfg *g, const char *s) {
  char *p = galloc(g, strlen(s) + 1);
  strcpy(p, s);
  return p;
}

void tfg_init(Tfg *g) {
  memset(g, 0, sizeof *g);
  tensorflow__graph_def__init(&g->def);
}

void tfg_free(Tfg *g) {
  release(g->allocs, g->nb_allocs);
  free(g->def.node);
  memset(g, 0, sizeof *g);
}

Tensorflow__NodeDef *tfg_node(Tfg *g, const char *name, const char *op, ...) {
  Tensorflow__NodeDef *n = galloc(g, sizeof *n);
  tensorflow__node_def__init(n);
  n->name = gstr(g, name);
  n->op = gstr(g, op);
  n->input = galloc(g, ROOM * sizeof *n->input);
  n->attr = galloc(g, ROOM * sizeof *n->attr);
  va_list ap;
  va_start(ap, op);
  for (const char *in; (in = va_arg(ap, const char *)) && n->n_input < ROOM;)
    n->input[n->n_input++] = gstr(g, in);
  va_end(ap);
  if (g->def.n_node == g->cap_nodes) {
    g->cap_nodes = g->cap_nodes ? g->cap_nodes * 2 : 16;
    g->def.node = realloc(g->def.node, g->cap_nodes * sizeof *g->def.node);
    if (!g->def.node) abort();
  }
  g->def.node[g->def.n_node++] = n;
  return n;
}

static Tensorflow__AttrValue *new_attr(Tfg *g, Tensorflow__NodeDef *n, const char *key) {
  Tensorflow__NodeDef__AttrEntry *e = galloc(g, sizeof *e);
  tensorflow__node_def__attr_entry__init(e);
  e->key = gstr(g, key);
  e->value = galloc(g, sizeof *e->value);
  tensorflow__attr_value__init(e->value);
  if (n->n_attr < ROOM) n->attr[n->n_attr++] = e;
  return e->value;
}

void tfg_int(Tfg *g, Tensorflow__NodeDef *n, const char *key, int64_t v) {
  Tensorflow__AttrValue *a = new_attr(g, n, key);
  a->value_case = TENSORFLOW__ATTR_VALUE__VALUE_I;
  a->i = v;
}

void tfg_float(Tfg *g, Tensorflow__NodeDef *n, const char *key, float v) {
  Tensorflow__AttrValue *a = new_attr(g, n, key);
  a->value_case = TENSORFLOW__ATTR_VALUE__VALUE_F;
  a->f = v;
}

void tfg_bool(Tfg *g, Tensorflow__NodeDef *n, const char *key, int v) {
  Tensorflow__AttrValue *a = new_attr(g, n, key);
  a->value_case = TENSORFLOW__ATTR_VALUE__VALUE_B;
  a->b = v != 0;
}

void tfg_string(Tfg *g, Tensorflow__NodeDef *n, const char *key, const char *s) {
  Tensorflow__AttrValue *a = new_attr(g, n, key);
  a->value_case = TENSORFLOW__ATTR_VALUE__VALUE_S;
  a->s.data = (uint8_t *)gstr(g, s);
  a->s.len = strlen(s);
}

void tfg_type(Tfg *g, Tensorflow__NodeDef *n, const char *key, Tensorflow__DataType t) {
  Tensorflow__AttrValue *a = new_attr(g, n, key);
  a->value_case = TENSORFLOW__ATTR_VALUE__VALUE_TYPE;
  a->type = t;
}

void tfg_ints(Tfg *g, Tensorflow__NodeDef *n, const char *key, const int64_t *v, size_t count) {
  Tensorflow__AttrValue *a = new_attr(g, n, key);
  a->value_case = TENSORFLOW__ATTR_VALUE__VALUE_LIST;
  a->list = galloc(g, sizeof *a->list);
  tensorflow__attr_value__list_value__init(a->list);
  a->list->i = galloc(g, (count + 1) * sizeof *a->list->i);
  memcpy(a->list->i, v, count * sizeof *v);
  a->list->n_i = count;
}

static Tensorflow__TensorShapeProto *shape_proto(Tfg *g, const int64_t *dims, int rank) {
  Tensorflow__TensorShapeProto *s = galloc(g, sizeof *s);
  tensorflow__tensor_shape_proto__init(s);
  if (rank < 0) {
    s->unknown_rank = 1;
    return s;
  }
  s->dim = galloc(g, ((size_t)rank + 1) * sizeof *s->dim);
  for (int i = 0; i < rank; i++) {
    s->dim[i] = galloc(g, sizeof *s->dim[i]);
    tensorflow__tensor_shape_proto__dim__init(s->dim[i]);
    s->dim[i]->size = dims[i];
  }
  s->n_dim = (size_t)rank;
  return s;
}

void tfg_shape(Tfg *g, Tensorflow__NodeDef *n, const char *key, const int64_t *dims, int rank) {
  Tensorflow__AttrValue *a = new_attr(g, n, key);
  a->value_case = TENSORFLOW__ATTR_VALUE__VALUE_SHAPE;
  a->shape = shape_proto(g, dims, rank);
}

Tensorflow__NodeDef *tfg_placeholder(Tfg *g, const char *name, const int64_t *dims, int rank) {
  Tensorflow__NodeDef *n = tfg_node(g, name, "Placeholder", NULL);
  tfg_type(g, n, "dtype", TENSORFLOW__DATA_TYPE__DT_FLOAT);
  if (rank >= 0) tfg_shape(g, n, "shape", dims, rank);
  return n;
}

static Tensorflow__TensorProto *const_node(Tfg *g, const char *name, Tensorflow__DataType type,
                                           const int64_t *dims, int rank,
                                           Tensorflow__NodeDef **out) {
  Tensorflow__NodeDef *n = tfg_node(g, name, "Const", NULL);
  tfg_type(g, n, "dtype", type);
  Tensorflow__AttrValue *a = new_attr(g, n, "value");
  a->value_case = TENSORFLOW__ATTR_VALUE__VALUE_TENSOR;
  a->tensor = galloc(g, sizeof *a->tensor);
  tensorflow__tensor_proto__init(a->tensor);
  a->tensor->dtype = type;
  a->tensor->tensor_shape = shape_proto(g, dims, rank);
  *out = n;
  return a->tensor;
}

static size_t volume(const int64_t *dims, int rank) {
  size_t n = 1;
  for (int i = 0; i < rank; i++) n *= (size_t)dims[i];
  return n;
}

Tensorflow__NodeDef *tfg_const_f32(Tfg *g, const char *name, const int64_t *dims, int rank,
                                   const float *values) {
  Tensorflow__NodeDef *n;
  Tensorflow__TensorProto *t = const_node(g, name, TENSORFLOW__DATA_TYPE__DT_FLOAT, dims, rank, &n);
  size_t bytes = volume(dims, rank) * sizeof(float);
  t->tensor_content.data = galloc(g, bytes);
  memcpy(t->tensor_content.data, values, bytes);
  t->tensor_content.len = bytes;
  return n;
}

Tensorflow__NodeDef *tfg_const_i32(Tfg *g, const char *name, const int64_t *dims, int rank,
                                   const int32_t *values, size_t count) {
  Tensorflow__NodeDef *n;
  Tensorflow__TensorProto *t = const_node(g, name, TENSORFLOW__DATA_TYPE__DT_INT32, dims, rank, &n);
  t->int_val = galloc(g, (count + 1) * sizeof *t->int_val);
  if (count) memcpy(t->int_val, values, count * sizeof *values);
  t->n_int_val = count;
  return n;
}

Tensorflow__NodeDef *tfg_const_i64(Tfg *g, const char *name, const int64_t *dims, int rank,
                                   const int64_t *values) {
  Tensorflow__NodeDef *n;
  Tensorflow__TensorProto *t = const_node(g, name, TENSORFLOW__DATA_TYPE__DT_INT64, dims, rank, &n);
  size_t count = volume(dims, rank);
  t->int64_val = galloc(g, (count + 1) * sizeof *t->int64_val);
  memcpy(t->int64_val, values, count * sizeof *values);
  t->n_int64_val = count;
  return n;
}

Tensorflow__NodeDef *tfg_vec_i32(Tfg *g, const char *name, const int32_t *values, size_t count) {
  int64_t dims[1] = {(int64_t)count};
  return tfg_const_i32(g, name, dims, 1, values, count);
}

uint8_t *tfg_pack(const Tfg *g, size_t *size) {
  *size = tensorflow__graph_def__get_packed_size(&g->def);
  uint8_t *out = malloc(*size ? *size : 1);
  if (!out) abort();
  tensorflow__graph_def__pack(&g->def, out);
  return out;
}

/* ---- UFF ---------------------------------------------------------------------------- */

static void *balloc(Uffb *b, size_t size) {
  return keep(&b->allocs, &b->nb_allocs, &b->cap_allocs, calloc(1, size ? size : 1));
}

static char *bstr(Uffb *b, const char *s) {
  char *p = balloc(b, strlen(s) + 1);
  strcpy(p, s);
  return p;
}

void uffb_init(Uffb *b) {
  memset(b, 0, sizeof *b);
  uff__meta_graph__init(&b->meta);
  uff__graph__init(&b->graph);
  b->meta.version = 1;
  b->meta.descriptor_core_version = 1;
  b->graph.id = "main";
  b->graphs[0] = &b->graph;
  b->meta.graphs = b->graphs;
  b->meta.n_graphs = 1;
}

void uffb_free(Uffb *b) {
  release(b->allocs, b->nb_allocs);
  free(b->graph.nodes);
  free(b->meta.referenced_data);
  memset(b, 0, sizeof *b);
}

Uff__Node *uffb_node(Uffb *b, const char *id, const char *op, ...) {
  Uff__Node *n = balloc(b, sizeof *n);
  uff__node__init(n);
  n->id = bstr(b, id);
  n->operation = bstr(b, op);
  n->inputs = balloc(b, ROOM * sizeof *n->inputs);
  n->fields = balloc(b, ROOM * sizeof *n->fields);
  va_list ap;
  va_start(ap, op);
  for (const char *in; (in = va_arg(ap, const char *)) && n->n_inputs < ROOM;)
    n->inputs[n->n_inputs++] = bstr(b, in);
  va_end(ap);
  if (b->graph.n_nodes == b->cap_nodes) {
    b->cap_nodes = b->cap_nodes ? b->cap_nodes * 2 : 16;
    b->graph.nodes = realloc(b->graph.nodes, b->cap_nodes * sizeof *b->graph.nodes);
    if (!b->graph.nodes) abort();
  }
  b->graph.nodes[b->graph.n_nodes++] = n;
  return n;
}

static Uff__Data *new_field(Uffb *b, Uff__Node *n, const char *key) {
  Uff__Node__FieldsEntry *e = balloc(b, sizeof *e);
  uff__node__fields_entry__init(e);
  e->key = bstr(b, key);
  e->value = balloc(b, sizeof *e->value);
  uff__data__init(e->value);
  if (n->n_fields < ROOM) n->fields[n->n_fields++] = e;
  return e->value;
}

/* A referenced-data entry; its Data is returned for filling. */
static Uff__Data *new_ref(Uffb *b, const char *key) {
  for (size_t i = 0; i < b->meta.n_referenced_data; i++)
    if (strcmp(b->meta.referenced_data[i]->key, key) == 0) return NULL; /* shared, made once */
  Uff__MetaGraph__ReferencedDataEntry *e = balloc(b, sizeof *e);
  uff__meta_graph__referenced_data_entry__init(e);
  e->key = bstr(b, key);
  e->value = balloc(b, sizeof *e->value);
  uff__data__init(e->value);
  if (b->meta.n_referenced_data == b->cap_refs) {
    b->cap_refs = b->cap_refs ? b->cap_refs * 2 : 16;
    b->meta.referenced_data =
        realloc(b->meta.referenced_data, b->cap_refs * sizeof *b->meta.referenced_data);
    if (!b->meta.referenced_data) abort();
  }
  b->meta.referenced_data[b->meta.n_referenced_data++] = e;
  return e->value;
}

void uffb_s(Uffb *b, Uff__Node *n, const char *key, const char *s) {
  Uff__Data *d = new_field(b, n, key);
  d->data_oneof_case = UFF__DATA__DATA_ONEOF_S;
  d->s = bstr(b, s);
}

void uffb_i(Uffb *b, Uff__Node *n, const char *key, int64_t v) {
  Uff__Data *d = new_field(b, n, key);
  d->data_oneof_case = UFF__DATA__DATA_ONEOF_I;
  d->i = v;
}

void uffb_d(Uffb *b, Uff__Node *n, const char *key, double v) {
  Uff__Data *d = new_field(b, n, key);
  d->data_oneof_case = UFF__DATA__DATA_ONEOF_D;
  d->d = v;
}

static Uff__ListInt64 *int_list(Uffb *b, const int64_t *v, size_t count) {
  Uff__ListInt64 *l = balloc(b, sizeof *l);
  uff__list_int64__init(l);
  l->val = balloc(b, (count + 1) * sizeof *l->val);
  if (count) memcpy(l->val, v, count * sizeof *v);
  l->n_val = count;
  return l;
}

void uffb_ints(Uffb *b, Uff__Node *n, const char *key, const int64_t *v, size_t count) {
  Uff__Data *d = new_field(b, n, key);
  d->data_oneof_case = UFF__DATA__DATA_ONEOF_I_LIST;
  d->i_list = int_list(b, v, count);
}

void uffb_dtype(Uffb *b, Uff__Node *n, const char *key, Uff__DataType t) {
  Uff__Data *d = new_field(b, n, key);
  d->data_oneof_case = UFF__DATA__DATA_ONEOF_DTYPE;
  d->dtype = t;
}

static void ref_field(Uffb *b, Uff__Node *n, const char *key, const char *ref) {
  Uff__Data *d = new_field(b, n, key);
  d->data_oneof_case = UFF__DATA__DATA_ONEOF_REF;
  d->ref = bstr(b, ref);
}

void uffb_orders(Uffb *b, Uff__Node *n, const char *ref, const int64_t *const *codes,
                 const size_t *lengths, size_t count) {
  ref_field(b, n, "inputs_orders", ref);
  Uff__Data *d = new_ref(b, ref);
  if (!d) return;
  d->data_oneof_case = UFF__DATA__DATA_ONEOF_DIM_ORDERS_LIST;
  d->dim_orders_list = balloc(b, sizeof *d->dim_orders_list);
  uff__list_dimension_orders__init(d->dim_orders_list);
  d->dim_orders_list->val = balloc(b, (count + 1) * sizeof *d->dim_orders_list->val);
  for (size_t i = 0; i < count; i++) {
    Uff__DimensionOrders *o = balloc(b, sizeof *o);
    uff__dimension_orders__init(o);
    o->orders = balloc(b, sizeof *o->orders);
    o->orders[0] = balloc(b, sizeof *o->orders[0]);
    uff__dimension_orders__orders_entry__init(o->orders[0]);
    o->orders[0]->key = -1;
    o->orders[0]->value = int_list(b, codes[i], lengths[i]);
    o->n_orders = 1;
    d->dim_orders_list->val[d->dim_orders_list->n_val++] = o;
  }
}

Uff__Node *uffb_input(Uffb *b, const char *id, const int64_t *dims, size_t count) {
  Uff__Node *n = uffb_node(b, id, "Input", NULL);
  uffb_dtype(b, n, "dtype", UFF__DATA_TYPE__DT_FLOAT32);
  uffb_ints(b, n, "shape", dims, count);
  return n;
}

static Uff__Node *uffb_const(Uffb *b, const char *id, Uff__DataType type, const int64_t *dims,
                             size_t rank, const void *values, size_t elem) {
  Uff__Node *n = uffb_node(b, id, "Const", NULL);
  uffb_dtype(b, n, "dtype", type);
  uffb_ints(b, n, "shape", dims, rank);
  char key[512];
  snprintf(key, sizeof key, "weights_%s", id);
  ref_field(b, n, "values", key);
  Uff__Data *d = new_ref(b, key);
  size_t count = 1;
  for (size_t i = 0; i < rank; i++) count *= (size_t)dims[i];
  d->data_oneof_case = UFF__DATA__DATA_ONEOF_BLOB;
  d->blob.data = balloc(b, count * elem);
  memcpy(d->blob.data, values, count * elem);
  d->blob.len = count * elem;
  return n;
}

Uff__Node *uffb_const_f32(Uffb *b, const char *id, const int64_t *dims, size_t rank,
                          const float *values) {
  return uffb_const(b, id, UFF__DATA_TYPE__DT_FLOAT32, dims, rank, values, sizeof *values);
}

Uff__Node *uffb_const_i32(Uffb *b, const char *id, const int64_t *dims, size_t rank,
                          const int32_t *values) {
  return uffb_const(b, id, UFF__DATA_TYPE__DT_INT32, dims, rank, values, sizeof *values);
}

uint8_t *uffb_pack(const Uffb *b, size_t *size) {
  *size = uff__meta_graph__get_packed_size(&b->meta);
  uint8_t *out = malloc(*size ? *size : 1);
  if (!out) abort();
  uff__meta_graph__pack(&b->meta, out);
  return out;
}
