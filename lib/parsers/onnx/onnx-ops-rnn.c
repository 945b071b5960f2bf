/* Converters: RNN, GRU and LSTM, unrolled over the sequence (whose length
 * must be fixed when the model is parsed) into matrix products, gates and
 * activations. Gate order and equations are ONNX's:
 *   RNN   H = f(X W' + H- R' + Wb + Rb)
 *   GRU   z, r = f(...); h = g(X Wh' + (r * H-) Rh' + Rbh + Wbh), or with
 *         linear_before_reset g(X Wh' + r * (H- Rh' + Rbh) + Wbh);
 *         H = (1 - z) * h + z * H-
 *   LSTM  i, f = f(... + P * C-); c = g(...); C = f * C- + i * c;
 *         o = f(... + Po * C); H = o * h(C)
 * sequence_lens is honoured in the forward direction (steps past a batch
 * item's length keep its state and output zeros). */
#include <stdio.h>
#include <string.h>

#include "onnx-importer.h"

typedef enum { CELL_RNN, CELL_GRU, CELL_LSTM } CellKind;

#define MAX_STEPS 4096

typedef struct {
  CellKind kind;
  int gates;            /* 1, 3 or 4 */
  int64_t hidden;
  int nb_dirs;
  bool reverse_only;
  bool layout_batch;    /* layout = 1: batch first */
  bool linear_before_reset;
  float clip;           /* 0: none */
  TrtActivationParams act[2][3]; /* per direction: f, g, h */
} Cell;

/* ---- small builders ---------------------------------------------------------- */

static TrtTensor *gather(OnnxImporter *imp, OnnxNode *node, TrtTensor *t, int64_t index, int axis) {
  TrtTensor *in[2] = {t, onnx_scalar(imp, node, TRT_DATA_TYPE_INT64, (double)index)};
  TrtAxisParams p = {.axis = axis};
  return t && in[1] ? onnx_add1(imp, node, TRT_LAYER_GATHER, in, 2, &p) : NULL;
}

static TrtTensor *unsqueeze(OnnxImporter *imp, OnnxNode *node, TrtTensor *t, int64_t axis) {
  TrtTensor *in[2] = {t, onnx_const_i64(imp, node, &axis, 1)};
  TrtAxesParams p = {0};
  return t && in[1] ? onnx_add1(imp, node, TRT_LAYER_UNSQUEEZE, in, 2, &p) : NULL;
}

static TrtTensor *transpose(OnnxImporter *imp, OnnxNode *node, TrtTensor *t, const int32_t *perm,
                            int n) {
  TrtTransposeParams p = {.nb_perm = n};
  memcpy(p.perm, perm, (size_t)n * sizeof *perm);
  return t ? onnx_add1(imp, node, TRT_LAYER_TRANSPOSE, &t, 1, &p) : NULL;
}

/* a @ b^T (a [.., k], b [n, k]). */
static TrtTensor *matmul_t(OnnxImporter *imp, OnnxNode *node, TrtTensor *a, TrtTensor *b) {
  TrtMatMulParams p = {.transpose_b = 1};
  TrtTensor *in[2] = {a, b};
  return a && b ? onnx_add1(imp, node, TRT_LAYER_MATMUL, in, 2, &p) : NULL;
}

/* a + b, where b may be an absent bias (NULL): then a. */
static TrtTensor *add(OnnxImporter *imp, OnnxNode *node, TrtTensor *a, TrtTensor *b) {
  return !b ? a : onnx_elementwise(imp, node, a, b, TRT_ELEMENTWISE_ADD);
}

static TrtTensor *mul(OnnxImporter *imp, OnnxNode *node, TrtTensor *a, TrtTensor *b) {
  return onnx_elementwise(imp, node, a, b, TRT_ELEMENTWISE_MUL);
}

/* Splits t into `parts` equal pieces along axis. */
static bool split(OnnxImporter *imp, OnnxNode *node, TrtTensor *t, int axis, int parts,
                  TrtTensor **out) {
  TrtAxisParams p = {.axis = axis};
  TrtLayer *l = t ? onnx_add_layer(imp, node, TRT_LAYER_SPLIT, &t, 1, &p, parts) : NULL;
  for (int i = 0; i < parts; i++) out[i] = l ? trt_layer_get_output(l, i) : NULL;
  return l != NULL;
}

static TrtTensor *activate(OnnxImporter *imp, OnnxNode *node, const Cell *c, TrtTensor *x,
                           const TrtActivationParams *act) {
  if (c->clip > 0) x = onnx_activation(imp, node, x, TRT_ACTIVATION_CLIP, -c->clip, c->clip);
  return onnx_activation(imp, node, x, act->type, act->alpha, act->beta);
}

/* ---- attributes ------------------------------------------------------------------ */

static bool activation_of(const char *name, float alpha, float beta, bool has_alpha,
                          bool has_beta, TrtActivationParams *out) {
  static const struct {
    const char *name;
    TrtActivationType type;
    float alpha, beta;
  } known[] = {
      {"Relu", TRT_ACTIVATION_RELU, 0, 0},       {"Tanh", TRT_ACTIVATION_TANH, 0, 0},
      {"Sigmoid", TRT_ACTIVATION_SIGMOID, 0, 0}, {"LeakyRelu", TRT_ACTIVATION_LEAKY_RELU, 0.01f, 0},
      {"ThresholdedRelu", TRT_ACTIVATION_THRESHOLDED_RELU, 1.0f, 0},
      {"HardSigmoid", TRT_ACTIVATION_HARD_SIGMOID, 0.2f, 0.5f},
      {"Elu", TRT_ACTIVATION_ELU, 1.0f, 0},      {"Softsign", TRT_ACTIVATION_SOFTSIGN, 0, 0},
      {"Softplus", TRT_ACTIVATION_SOFTPLUS, 0, 0},
  };
  for (size_t i = 0; i < sizeof known / sizeof *known; i++) {
    if (strcmp(known[i].name, name) != 0) continue;
    *out = (TrtActivationParams){.type = known[i].type,
                                 .alpha = has_alpha ? alpha : known[i].alpha,
                                 .beta = has_beta ? beta : known[i].beta};
    return true;
  }
  return false;
}

static TrtStatus read_cell(OnnxImporter *imp, OnnxNode *node, CellKind kind, Cell *c) {
  memset(c, 0, sizeof *c);
  c->kind = kind;
  c->gates = kind == CELL_RNN ? 1 : kind == CELL_GRU ? 3 : 4;
  c->hidden = onnx_attr_int(node, "hidden_size", 0);
  c->layout_batch = onnx_attr_int(node, "layout", 0) != 0;
  c->linear_before_reset = onnx_attr_int(node, "linear_before_reset", 0) != 0;
  c->clip = onnx_attr_float(node, "clip", 0);
  char buf[32];
  const char *dir = onnx_attr_string(node, "direction", "forward", buf, sizeof buf);
  if (!strcmp(dir, "forward") || !strcmp(dir, "reverse")) {
    c->nb_dirs = 1;
    c->reverse_only = !strcmp(dir, "reverse");
  } else if (!strcmp(dir, "bidirectional")) {
    c->nb_dirs = 2;
  } else {
    return onnx_node_fail(imp, node, TRT_STATUS_UNSUPPORTED, "direction '%s' is not known", dir);
  }
  if (c->hidden < 1)
    return onnx_node_fail(imp, node, TRT_STATUS_PARSE_ERROR, "hidden_size must be >= 1");
  if (onnx_attr_int(node, "input_forget", 0))
    return onnx_node_fail(imp, node, TRT_STATUS_UNSUPPORTED, "input_forget is not supported");
  /* Activations: f, g, h per direction (RNN: f only). */
  int per_dir = kind == CELL_RNN ? 1 : kind == CELL_GRU ? 2 : 3;
  static const char *const defaults[3][3] = {{"Tanh"}, {"Sigmoid", "Tanh"},
                                             {"Sigmoid", "Tanh", "Tanh"}};
  const Onnx__AttributeProto *names = onnx_attr(node, "activations");
  const Onnx__AttributeProto *alphas = onnx_attr(node, "activation_alpha");
  const Onnx__AttributeProto *betas = onnx_attr(node, "activation_beta");
  if (names && names->n_strings != (size_t)(per_dir * c->nb_dirs))
    return onnx_node_fail(imp, node, TRT_STATUS_PARSE_ERROR,
                          "activations has %zu names, %d expected", names->n_strings,
                          per_dir * c->nb_dirs);
  for (int d = 0; d < c->nb_dirs; d++)
    for (int k = 0; k < per_dir; k++) {
      size_t i = (size_t)(d * per_dir + k);
      char name[32];
      if (names)
        snprintf(name, sizeof name, "%.*s", (int)names->strings[i].len,
                 (const char *)names->strings[i].data);
      else
        snprintf(name, sizeof name, "%s", defaults[kind][k]);
      bool ha = alphas && i < alphas->n_floats, hb = betas && i < betas->n_floats;
      if (!activation_of(name, ha ? alphas->floats[i] : 0, hb ? betas->floats[i] : 0, ha, hb,
                         &c->act[d][k]))
        return onnx_node_fail(imp, node, TRT_STATUS_UNSUPPORTED,
                              "activation '%s' is not supported", name);
    }
  return TRT_STATUS_OK;
}

/* ---- one direction --------------------------------------------------------------- */

typedef struct {
  TrtTensor *w[4], *r[4];   /* per gate: [H, I] and [H, H] */
  TrtTensor *wb[4], *rb[4]; /* per gate biases [H], or NULL */
  TrtTensor *p[3];          /* LSTM peepholes i, o, f [H], or NULL */
  TrtTensor *h, *c;         /* state [B, H] */
} Direction;

/* Weights of direction d, split per gate. */
static bool load_direction(OnnxImporter *imp, OnnxNode *node, const Cell *c, int d, Direction *dir) {
  TrtTensor *w = gather(imp, node, onnx_optional_input(node, 1), d, 0);
  TrtTensor *r = gather(imp, node, onnx_optional_input(node, 2), d, 0);
  if (!split(imp, node, w, 0, c->gates, dir->w) || !split(imp, node, r, 0, c->gates, dir->r))
    return false;
  TrtTensor *b = onnx_optional_input(node, 3);
  if (b) {
    TrtTensor *parts[8];
    if (!split(imp, node, gather(imp, node, b, d, 0), 0, 2 * c->gates, parts)) return false;
    for (int g = 0; g < c->gates; g++) {
      dir->wb[g] = parts[g];
      dir->rb[g] = parts[c->gates + g];
    }
  }
  TrtTensor *peep = c->kind == CELL_LSTM ? onnx_optional_input(node, 7) : NULL;
  if (peep && !split(imp, node, gather(imp, node, peep, d, 0), 0, 3, dir->p)) return false;
  return true;
}

/* Initial state d of input `index` ([D, B, H], or [B, D, H] batch first),
 * else zeros shaped like x_t W' for one gate. */
static TrtTensor *initial_state(OnnxImporter *imp, OnnxNode *node, const Cell *c, int index,
                                int d, TrtTensor *like) {
  TrtTensor *s = onnx_optional_input(node, index);
  if (s) return gather(imp, node, s, d, c->layout_batch ? 1 : 0);
  return mul(imp, node, like, onnx_scalar(imp, node, TRT_DATA_TYPE_FLOAT, 0));
}

/* One step: updates dir->h (and dir->c) from x_t [B, I]. */
static bool step(OnnxImporter *imp, OnnxNode *node, const Cell *c, int d, Direction *dir,
                 TrtTensor *xt) {
  const TrtActivationParams *f = &c->act[d][0], *g = &c->act[d][1], *h = &c->act[d][2];
  TrtTensor *xw[4], *hr[4];
  for (int k = 0; k < c->gates; k++) {
    xw[k] = add(imp, node, matmul_t(imp, node, xt, dir->w[k]), dir->wb[k]);
    /* GRU's candidate multiplies the reset gate in before Rh (unless
     * linear_before_reset): that product is made below. */
    bool later = c->kind == CELL_GRU && k == 2 && !c->linear_before_reset;
    hr[k] = later ? NULL : matmul_t(imp, node, dir->h, dir->r[k]);
  }
  switch (c->kind) {
  case CELL_RNN:
    dir->h = activate(imp, node, c, add(imp, node, add(imp, node, xw[0], hr[0]), dir->rb[0]), f);
    break;
  case CELL_GRU: {
    TrtTensor *z = activate(imp, node, c, add(imp, node, add(imp, node, xw[0], hr[0]), dir->rb[0]), f);
    TrtTensor *r = activate(imp, node, c, add(imp, node, add(imp, node, xw[1], hr[1]), dir->rb[1]), f);
    TrtTensor *cand;
    if (c->linear_before_reset)
      cand = add(imp, node, xw[2], mul(imp, node, r, add(imp, node, hr[2], dir->rb[2])));
    else
      cand = add(imp, node, add(imp, node, xw[2], matmul_t(imp, node, mul(imp, node, r, dir->h),
                                                            dir->r[2])),
                 dir->rb[2]);
    TrtTensor *ht = activate(imp, node, c, cand, g);
    /* H = h + z * (H- - h) */
    TrtTensor *delta = onnx_elementwise(imp, node, dir->h, ht, TRT_ELEMENTWISE_SUB);
    dir->h = add(imp, node, ht, mul(imp, node, z, delta));
    break;
  }
  case CELL_LSTM: {
    TrtTensor *pre[4];
    for (int k = 0; k < 4; k++) pre[k] = add(imp, node, add(imp, node, xw[k], hr[k]), dir->rb[k]);
    if (dir->p[0]) pre[0] = add(imp, node, pre[0], mul(imp, node, dir->p[0], dir->c));
    if (dir->p[2]) pre[2] = add(imp, node, pre[2], mul(imp, node, dir->p[2], dir->c));
    TrtTensor *it = activate(imp, node, c, pre[0], f), *ft = activate(imp, node, c, pre[2], f);
    TrtTensor *ct = activate(imp, node, c, pre[3], g);
    dir->c = add(imp, node, mul(imp, node, ft, dir->c), mul(imp, node, it, ct));
    if (dir->p[1]) pre[1] = add(imp, node, pre[1], mul(imp, node, dir->p[1], dir->c));
    TrtTensor *ot = activate(imp, node, c, pre[1], f);
    dir->h = mul(imp, node, ot, activate(imp, node, c, dir->c, h));
    break;
  }
  }
  return dir->h && (c->kind != CELL_LSTM || dir->c);
}

/* ---- the node ------------------------------------------------------------------ */

static TrtTensor *concat(OnnxImporter *imp, OnnxNode *node, TrtTensor **parts, int n, int axis) {
  for (int i = 0; i < n; i++)
    if (!parts[i]) return NULL;
  TrtAxisParams p = {.axis = axis};
  return n == 1 ? parts[0] : onnx_add1(imp, node, TRT_LAYER_CONCAT, parts, n, &p);
}

static TrtStatus recurrent(OnnxImporter *imp, OnnxNode *node, CellKind kind) {
  Cell c;
  TrtStatus s = read_cell(imp, node, kind, &c);
  if (s != TRT_STATUS_OK) return s;
  TrtTensor *x = onnx_input(imp, node, 0);
  if (!x || !onnx_input(imp, node, 1) || !onnx_input(imp, node, 2)) return TRT_STATUS_PARSE_ERROR;
  TrtDataType type;
  TrtDims xd;
  if ((s = onnx_need_static_dims(imp, node, x, &type, &xd)) != TRT_STATUS_OK) return s;
  int seq_axis = c.layout_batch ? 1 : 0;
  if (xd.nb_dims != 3 || xd.d[seq_axis] < 1 || xd.d[seq_axis] > MAX_STEPS)
    return onnx_node_fail(imp, node, TRT_STATUS_UNSUPPORTED,
                          "X must be 3-D with a sequence length fixed when the model is "
                          "parsed (1 to %d steps)", MAX_STEPS);
  int steps = (int)xd.d[seq_axis];
  static const int32_t swap01[3] = {1, 0, 2};
  if (c.layout_batch) x = transpose(imp, node, x, swap01, 3); /* to [S, B, I] */

  /* sequence_lens: a mask per step for the forward direction. */
  TrtTensor *lens = onnx_optional_input(node, 4);
  if (lens && (c.nb_dirs > 1 || c.reverse_only)) {
    int64_t v[1024];
    int n = onnx_const_values_i64(lens, v, 1024);
    bool full = n > 0;
    for (int i = 0; i < n; i++) full = full && v[i] == steps;
    if (!full)
      return onnx_node_fail(imp, node, TRT_STATUS_UNSUPPORTED,
                            "sequence_lens is only supported in the forward direction");
    lens = NULL;
  }
  if (lens) {
    TrtCastParams cp = {.to = TRT_DATA_TYPE_INT64};
    lens = unsqueeze(imp, node, onnx_add1(imp, node, TRT_LAYER_CAST, &lens, 1, &cp), 1);
  }

  TrtTensor *y_dirs[2], *h_dirs[2], *c_dirs[2];
  TrtTensor *ys[MAX_STEPS];
  for (int d = 0; d < c.nb_dirs; d++) {
    Direction dir = {0};
    if (!load_direction(imp, node, &c, d, &dir)) return TRT_STATUS_INVALID_ARGUMENT;
    bool backwards = c.reverse_only || d == 1;
    for (int i = 0; i < steps; i++) {
      int t = backwards ? steps - 1 - i : i;
      TrtTensor *xt = gather(imp, node, x, t, 0);
      if (i == 0) {
        TrtTensor *like = matmul_t(imp, node, xt, dir.w[0]);
        dir.h = initial_state(imp, node, &c, 5, d, like);
        if (kind == CELL_LSTM) dir.c = initial_state(imp, node, &c, 6, d, like);
      }
      TrtTensor *prev_h = dir.h, *prev_c = dir.c;
      if (!xt || !step(imp, node, &c, d, &dir, xt)) return TRT_STATUS_INVALID_ARGUMENT;
      ys[t] = dir.h;
      if (lens) {
        /* Past its length a batch item keeps its state and outputs 0. */
        TrtTensor *live = onnx_elementwise(imp, node, onnx_scalar(imp, node, TRT_DATA_TYPE_INT64, t),
                                           lens, TRT_ELEMENTWISE_LESS);
        TrtTensor *zero = onnx_scalar(imp, node, TRT_DATA_TYPE_FLOAT, 0);
        TrtTensor *keep_h[3] = {live, dir.h, prev_h}, *out[3] = {live, dir.h, zero};
        ys[t] = onnx_add1(imp, node, TRT_LAYER_SELECT, out, 3, NULL);
        dir.h = onnx_add1(imp, node, TRT_LAYER_SELECT, keep_h, 3, NULL);
        if (kind == CELL_LSTM) {
          TrtTensor *keep_c[3] = {live, dir.c, prev_c};
          dir.c = onnx_add1(imp, node, TRT_LAYER_SELECT, keep_c, 3, NULL);
        }
      }
      ys[t] = unsqueeze(imp, node, ys[t], 0); /* [1, B, H] */
    }
    y_dirs[d] = unsqueeze(imp, node, concat(imp, node, ys, steps, 0), 1); /* [S, 1, B, H] */
    h_dirs[d] = unsqueeze(imp, node, dir.h, 0);                          /* [1, B, H] */
    c_dirs[d] = kind == CELL_LSTM ? unsqueeze(imp, node, dir.c, 0) : NULL;
  }
  TrtTensor *y = concat(imp, node, y_dirs, c.nb_dirs, 1);
  TrtTensor *yh = concat(imp, node, h_dirs, c.nb_dirs, 0);
  TrtTensor *yc = kind == CELL_LSTM ? concat(imp, node, c_dirs, c.nb_dirs, 0) : NULL;
  if (c.layout_batch) {
    static const int32_t y_perm[4] = {2, 0, 1, 3};
    y = transpose(imp, node, y, y_perm, 4);   /* [B, S, D, H] */
    yh = transpose(imp, node, yh, swap01, 3); /* [B, D, H] */
    if (yc) yc = transpose(imp, node, yc, swap01, 3);
  }
  if (!y || !yh || (kind == CELL_LSTM && !yc)) return TRT_STATUS_INVALID_ARGUMENT;
  if ((s = onnx_set_output(imp, node, 0, y)) != TRT_STATUS_OK ||
      (s = onnx_set_output(imp, node, 1, yh)) != TRT_STATUS_OK)
    return s;
  return yc ? onnx_set_output(imp, node, 2, yc) : TRT_STATUS_OK;
}

ONNX_CONVERTER(onnx_rnn) { return recurrent(imp, node, CELL_RNN); }
ONNX_CONVERTER(onnx_gru) { return recurrent(imp, node, CELL_GRU); }
ONNX_CONVERTER(onnx_lstm) { return recurrent(imp, node, CELL_LSTM); }
