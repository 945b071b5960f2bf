/* One ONNX backend test: classify it, run each data set, compare. */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/core/util.h"
#include "conformance.h"
#include "onnx-check.h"
#include "onnx.pb-c.h"

static bool is_tensor(const Onnx__ValueInfoProto *vi) {
  return vi->type && vi->type->value_case == ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE;
}

static bool is_initializer(const Onnx__GraphProto *g, const char *name) {
  for (size_t i = 0; i < g->n_initializer; i++)
    if (g->initializer[i]->name && !strcmp(g->initializer[i]->name, name)) return true;
  return false;
}

/* "LayerNormalization" matches a test named test_layer_normalization_...:
 * compare lowercase letters and digits only. */
static bool name_starts_with_op(const char *test, const char *op) {
  if (!strncmp(test, "test_", 5)) test += 5;
  for (; *op; op++) {
    while (*test == '_') test++;
    if (tolower((unsigned char)*test) != tolower((unsigned char)*op)) return false;
    test++;
  }
  return true;
}

/* The operator a test is about: its only node's, or the one its name
 * starts with, or its first node's. */
static void label(const Onnx__GraphProto *g, const char *test, char *op, size_t size) {
  snprintf(op, size, "%s", g->n_node && g->node[0]->op_type ? g->node[0]->op_type : "?");
  if (g->n_node <= 1) return;
  size_t best = 0;
  for (size_t i = 0; i < g->n_node; i++) {
    const char *t = g->node[i]->op_type;
    if (t && strlen(t) > best && name_starts_with_op(test, t)) {
      best = strlen(t);
      snprintf(op, size, "%s", t);
    }
  }
  if (!best) snprintf(op, size, "(%s...)", g->node[0]->op_type ? g->node[0]->op_type : "?");
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs one data set; false with the reason in r on a mismatch. */
static bool run_set(const char *model, const char *set, const OnnxRunOptions *opts,
                    CaseResult *r) {
  TrtHostTensor *in = NULL, *want = NULL, *got = NULL;
  int nin, nwant, ngot = 0;
  char why[900];
  bool ok = false;
  if ((nin = onnx_check_read_set(set, "input", &in, why, sizeof why)) < 0 ||
      (nwant = onnx_check_read_set(set, "output", &want, why, sizeof why)) < 0) {
    snprintf(r->reason, sizeof r->reason, "data: %s", why);
    onnx_check_free_set(in, nin > 0 ? nin : 0);
    return false;
  }
  if (onnx_check_run(model, in, nin, opts, &got, &ngot, why, sizeof why) != TRT_STATUS_OK) {
    snprintf(r->reason, sizeof r->reason, "%s", why);
    goto done;
  }
  if (ngot != nwant) {
    snprintf(r->reason, sizeof r->reason, "%d outputs, %d expected", ngot, nwant);
    goto done;
  }
  for (int i = 0; i < nwant; i++) {
    if (!onnx_check_compare(&got[i], &want[i], ONNX_CHECK_RTOL, ONNX_CHECK_ATOL, NULL, why,
                            sizeof why)) {
      snprintf(r->reason, sizeof r->reason, "output %d '%s': %s", i, got[i].name, why);
      goto done;
    }
  }
  ok = true;
done:
  onnx_check_free_set(in, nin);
  onnx_check_free_set(want, nwant);
  onnx_check_free_set(got, ngot);
  return ok;
}

void conformance_run_case(const char *dir, TrtBackendKind backend, bool verbose,
                          CaseResult *r) {
  memset(r, 0, sizeof *r);
  r->outcome = CASE_FAIL;
  snprintf(r->op, sizeof r->op, "?");
  char model[4096];
  if (snprintf(model, sizeof model, "%s/model.onnx", dir) >= (int)sizeof model) {
    snprintf(r->reason, sizeof r->reason, "path too long");
    return;
  }
  size_t size = 0;
  void *bytes = trt_read_file(model, &size);
  Onnx__ModelProto *m = bytes ? onnx__model_proto__unpack(NULL, size, bytes) : NULL;
  free(bytes);
  if (!m || !m->graph) {
    snprintf(r->reason, sizeof r->reason, "model.onnx does not decode");
    if (m) onnx__model_proto__free_unpacked(m, NULL);
    return;
  }
  const Onnx__GraphProto *g = m->graph;
  const char *test = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir;
  label(g, test, r->op, sizeof r->op);
  bool plain = true;
  for (size_t i = 0; i < g->n_input; i++)
    if (!is_initializer(g, g->input[i]->name) && !is_tensor(g->input[i])) plain = false;
  for (size_t i = 0; i < g->n_output; i++)
    if (!is_tensor(g->output[i])) plain = false;
  onnx__model_proto__free_unpacked(m, NULL);
  if (!plain) {
    r->outcome = CASE_SKIP;
    snprintf(r->reason, sizeof r->reason, "sequence, map or optional values");
    return;
  }

  DIR *d = opendir(dir);
  char *sets[64];
  int nsets = 0;
  struct dirent *e;
  while (d && (e = readdir(d)) && nsets < 64)
    if (!strncmp(e->d_name, "test_data_set_", 14)) sets[nsets++] = strdup(e->d_name);
  if (d) closedir(d);
  qsort(sets, (size_t)nsets, sizeof *sets, by_name);
  TrtLogger *logger = verbose ? trt_logger_new_console(TRT_SEVERITY_WARNING) : NULL;
  OnnxRunOptions opts = {.backend = backend, .logger = logger};
  bool ok = nsets > 0;
  if (!ok) snprintf(r->reason, sizeof r->reason, "no test_data_set_* folder");
  for (int i = 0; i < nsets && ok; i++) {
    char set[4400];
    snprintf(set, sizeof set, "%s/%s", dir, sets[i]);
    ok = run_set(model, set, &opts, r);
  }
  for (int i = 0; i < nsets; i++) free(sets[i]);
  trt_logger_free(logger);
  if (ok) r->outcome = CASE_PASS;
}
