/* Converters: layout changes (Reshape, Flatten, Squeeze, Unsqueeze,
 * Transpose, Expand, Tile, DepthToSpace, SpaceToDepth). */
#include <string.h>

#include "onnx-importer.h"

ONNX_CONVERTER(onnx_reshape) {
  TrtTensor *x = onnx_input(imp, node, 0);
  if (!x) return TRT_STATUS_PARSE_ERROR;
  TrtTensor *shape = onnx_optional_input(node, 1);
  if (!shape && imp->opset < 5) { /* Reshape-1: the shape was an attribute */
    int64_t v[TRT_MAX_DIMS];
    int n = onnx_attr_ints(imp, node, "shape", v, TRT_MAX_DIMS);
    if (n < 0) return TRT_STATUS_UNSUPPORTED;
    shape = onnx_const_i64(imp, node, v, n);
  }
  if (!shape) return onnx_node_fail(imp, node, TRT_STATUS_PARSE_ERROR, "needs a shape");
  TrtReshapeParams p = {.allow_zero = (int32_t)onnx_attr_int(node, "allowzero", 0)};
  TrtTensor *in[2] = {x, shape};
  return onnx_output(imp, node, onnx_add1(imp, node, TRT_LAYER_RESHAPE, in, 2, &p));
}

ONNX_CONVERTER(onnx_flatten) {
  TrtTensor *x = onnx_input(imp, node, 0);
  if (!x) return TRT_STATUS_PARSE_ERROR;
  TrtAxisParams p = {.axis = (int32_t)onnx_attr_int(node, "axis", 1)};
  return onnx_output(imp, node, onnx_add1(imp, node, TRT_LAYER_FLATTEN, &x, 1, &p));
}

/* Squeeze and Unsqueeze: axes are an attribute before opset 13 and an
 * input from 13 on. */
static TrtStatus squeeze_like(OnnxImporter *imp, OnnxNode *node, TrtLayerType type) {
  TrtTensor *x = onnx_input(imp, node, 0), *axes;
  if (!x) return TRT_STATUS_PARSE_ERROR;
  TrtStatus s = onnx_axes_input(imp, node, 13, 1, &axes);
  if (s != TRT_STATUS_OK) return s;
  if (type == TRT_LAYER_UNSQUEEZE && !axes)
    return onnx_node_fail(imp, node, TRT_STATUS_PARSE_ERROR, "axes are required");
  TrtAxesParams p = {0};
  TrtTensor *in[2] = {x, axes};
  return onnx_output(imp, node, onnx_add1(imp, node, type, in, axes ? 2 : 1, &p));
}

ONNX_CONVERTER(onnx_squeeze) { return squeeze_like(imp, node, TRT_LAYER_SQUEEZE); }
ONNX_CONVERTER(onnx_unsqueeze) { return squeeze_like(imp, node, TRT_LAYER_UNSQUEEZE); }

ONNX_CONVERTER(onnx_transpose) {
  TrtTensor *x = onnx_input(imp, node, 0);
  if (!x) return TRT_STATUS_PARSE_ERROR;
  int64_t perm[TRT_MAX_DIMS];
  int n = onnx_attr_ints(imp, node, "perm", perm, TRT_MAX_DIMS);
  if (n < 0) return TRT_STATUS_UNSUPPORTED;
  TrtTransposeParams p = {.nb_perm = n};
  for (int i = 0; i < n; i++) p.perm[i] = (int32_t)perm[i];
  return onnx_output(imp, node, onnx_add1(imp, node, TRT_LAYER_TRANSPOSE, &x, 1, &p));
}

static TrtStatus two_input(OnnxImporter *imp, OnnxNode *node, TrtLayerType type) {
  TrtTensor *in[2] = {onnx_input(imp, node, 0), NULL};
  if (!in[0] || !(in[1] = onnx_input(imp, node, 1))) return TRT_STATUS_PARSE_ERROR;
  return onnx_output(imp, node, onnx_add1(imp, node, type, in, 2, NULL));
}

ONNX_CONVERTER(onnx_expand) { return two_input(imp, node, TRT_LAYER_EXPAND); }
ONNX_CONVERTER(onnx_tile) { return two_input(imp, node, TRT_LAYER_TILE); }

static TrtStatus depth_space(OnnxImporter *imp, OnnxNode *node, bool to_space) {
  TrtTensor *x = onnx_input(imp, node, 0);
  if (!x) return TRT_STATUS_PARSE_ERROR;
  TrtDepthToSpaceParams p = {.block_size = onnx_attr_int(node, "blocksize", 0),
                             .mode = TRT_SPACE_TO_DEPTH};
  if (to_space) {
    char buf[8];
    const char *mode = onnx_attr_string(node, "mode", "DCR", buf, sizeof buf);
    if (strcmp(mode, "DCR") && strcmp(mode, "CRD"))
      return onnx_node_fail(imp, node, TRT_STATUS_UNSUPPORTED, "mode '%s'", mode);
    p.mode = strcmp(mode, "CRD") == 0 ? TRT_DEPTH_TO_SPACE_CRD : TRT_DEPTH_TO_SPACE_DCR;
  }
  return onnx_output(imp, node, onnx_add1(imp, node, TRT_LAYER_DEPTH_TO_SPACE, &x, 1, &p));
}

ONNX_CONVERTER(onnx_depth_to_space) { return depth_space(imp, node, true); }
ONNX_CONVERTER(onnx_space_to_depth) { return depth_space(imp, node, false); }
