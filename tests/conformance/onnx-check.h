/* Running an ONNX model on host tensors and comparing the results with
 * reference tensors: shared by the conformance runner and the real-model
 * tests. */
#ifndef ONNX_CHECK_H
#define ONNX_CHECK_H

#include <trtinfer/trtinfer.h>

/* Default tolerance of the ONNX backend tests: |got - want| <= atol +
 * rtol * |want|; integers and booleans exact. */
#define ONNX_CHECK_RTOL 1e-3
#define ONNX_CHECK_ATOL 1e-5

/* Reads DIR/<prefix>_0.pb, DIR/<prefix>_1.pb, ... until one is missing.
 * Returns the count (0 when none) or -1 with a reason in `why`. */
int onnx_check_read_set(const char *dir, const char *prefix, TrtHostTensor **tensors,
                        char *why, size_t why_size);
void onnx_check_free_set(TrtHostTensor *tensors, int count);

typedef struct {
  TrtBackendKind backend;
  TrtLogger *logger; /* where library messages go (may be NULL) */
} OnnxRunOptions;

/* Parses the model, gives each network input the dims of the matching
 * tensor (in order), builds, runs and returns the outputs in network order
 * (names, types, dims as the engine made them). Returns TRT_STATUS_OK or
 * the first failure with a reason in `why`.
 * When the builder needs the values of inputs (a Reshape's shape, Resize
 * scales, TopK's k, ... fed as graph inputs, as many ONNX backend tests
 * do), the model is built again with its scalar and 1-D inputs turned into
 * constants holding the data set's values: TensorRT's "shape tensors". */
TrtStatus onnx_check_run(const char *model, const TrtHostTensor *inputs, int nb_inputs,
                         const OnnxRunOptions *options, TrtHostTensor **outputs,
                         int *nb_outputs, char *why, size_t why_size);

/* Compares one output with its reference. Types must agree (the reference
 * is float32 when ONNX stored DOUBLE or FLOAT16), dims must be equal, and
 * values within tolerance (NaN matches NaN). On a mismatch returns false and
 * says where in `why`. `max_err` (may be NULL) gets the largest absolute
 * difference seen. */
bool onnx_check_compare(const TrtHostTensor *got, const TrtHostTensor *want, double rtol,
                        double atol, double *max_err, char *why, size_t why_size);

#endif
