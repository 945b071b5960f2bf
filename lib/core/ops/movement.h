/* Geometry of the data-movement layers whose shape comes from input values
 * (Slice, Pad, Resize), resolved once from those values and shared by shape
 * inference and every backend's kernels, so that they cannot disagree.
 * Defined in the family files: slice.c, pad.c, resize.c. Each resolver
 * returns false with the reason written into `why` (for the caller to log
 * under the layer's name). */
#ifndef TRT_OPS_MOVEMENT_H
#define TRT_OPS_MOVEMENT_H

#include "../ops.h"

/* Values of an integer tensor (INT8/UINT8/INT32/INT64) as int64; the count,
 * or -1 when `values` is NULL, the type is not an integer or there are more
 * than `max`. */
int trt_values_read_i64(TrtDataType type, const TrtDims *dims, const void *values,
                        int64_t *out, int max);
/* Values of a FLOAT or HALF tensor as double; the count or -1 (as above). */
int trt_values_read_f64(TrtDataType type, const TrtDims *dims, const void *values,
                        double *out, int max);

/* ---- Slice (ONNX Slice-13) ---------------------------------------------- */
typedef struct {
  TrtDims out;
  int64_t start[TRT_MAX_DIMS]; /* input index of output index 0, per dim */
  int64_t step[TRT_MAX_DIMS];  /* input index step, per dim (< 0: backwards) */
} TrtSliceRegion;

/* n starts/ends, with n axes (NULL: 0..n-1) and n steps (NULL: all 1).
 * Negative starts/ends count from the end; both are clamped into the dim
 * ([0, d] going forwards, [-1, d-1] going backwards), so INT64_MAX and
 * INT64_MIN mean "to the end" / "to the beginning". */
bool trt_slice_resolve(const TrtDims *in, int n, const int64_t *starts,
                       const int64_t *ends, const int64_t *axes,
                       const int64_t *steps, TrtSliceRegion *region, char *why,
                       size_t why_size);

/* ---- Pad (ONNX Pad-18) -------------------------------------------------- */
typedef struct {
  TrtDims out;
  /* Negative pads crop the input first; the positive ones then pad what is
   * left, whose extent (`kept`) is what edge, reflect and wrap refer to. */
  int64_t crop_begin[TRT_MAX_DIMS]; /* input elements dropped at the start */
  int64_t kept[TRT_MAX_DIMS];       /* input elements kept */
  int64_t pad_begin[TRT_MAX_DIMS];  /* output elements before the kept ones */
} TrtPadGeometry;

/* pads holds 2*k values (begin..., end...) for k axes: `axes` (NULL: every
 * dim, k = rank). `mode` is a TrtPadMode. */
bool trt_pad_resolve(const TrtDims *in, int mode, int nb_pads, const int64_t *pads,
                     int nb_axes, const int64_t *axes, TrtPadGeometry *geometry,
                     char *why, size_t why_size);

/* Input index that output index `o` reads along one dim, or -1 for the
 * constant value (TRT_PAD_CONSTANT outside the kept extent). */
int64_t trt_pad_source_index(const TrtPadGeometry *geometry, int mode, int dim,
                             int64_t o);

/* ---- Resize (ONNX Resize-11..18) ---------------------------------------- */
typedef struct {
  TrtDims out;
  double scale[TRT_MAX_DIMS];     /* as the coordinate transform uses it */
  /* The output length before flooring (in * scale, fractional) with
   * scales, the output length with sizes: align_corners and
   * tf_crop_and_resize divide by it minus 1, as the ONNX test data do. */
  double resized_len[TRT_MAX_DIMS];
  double roi_start[TRT_MAX_DIMS]; /* tf_crop_and_resize: normalized roi */
  double roi_end[TRT_MAX_DIMS];
} TrtResizeGeometry;

/* Output dims from sizes (nb_sizes = rank) or floor(in * scale) (nb_scales
 * = rank); exactly one of them is given (an empty tensor counts as absent).
 * roi (2*rank values: starts..., ends...) is read for tf_crop_and_resize
 * only. Also checks the params' enums. */
bool trt_resize_resolve(const TrtDims *in, const TrtResizeParams *params,
                        int nb_roi, const double *roi, int nb_scales,
                        const double *scales, int nb_sizes, const int64_t *sizes,
                        TrtResizeGeometry *geometry, char *why, size_t why_size);

/* Continuous input coordinate of output index x along `dim` (the
 * coordinate_transformation_mode of the params). */
double trt_resize_source_coord(const TrtResizeParams *params,
                               const TrtResizeGeometry *geometry, int dim,
                               int64_t in_len, int64_t x);

/* Input index picked by nearest mode for coordinate c, clamped into
 * [0, in_len - 1]. */
int64_t trt_resize_nearest_index(const TrtResizeParams *params, double c,
                                 int64_t in_len);

#endif
