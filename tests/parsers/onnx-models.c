/* Real ONNX models against their reference outputs: MNIST (model zoo test
 * sets and onnxruntime references), the ultraface detectors, the
 * super-resolution model, the ONNX `light` architecture models and the
 * Polygraphy edge cases (each matches or is refused with a precise
 * message).
 *
 *   onnx-models SHARED_MODELS_DIR REPO_MODELS_DIR [NAME-FILTER]
 *
 * Exits 77 (SKIP) when SHARED_MODELS_DIR is absent. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../conformance/onnx-check.h"
#include "onnx-models.h"

static int passed, failed;

void report(const char *name, bool ok, const char *fmt, ...) {
  char msg[1200] = "";
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  printf("%s %s%s%s\n", ok ? "PASS" : "FAIL", name, msg[0] ? ": " : "", msg);
  if (ok)
    passed++;
  else
    failed++;
}

bool exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

/* Runs `model` on the inputs and compares every output with `want`. */
bool run_and_compare(const char *name, const char *model, const TrtHostTensor *in, int nin,
                     const TrtHostTensor *want, int nwant, double rtol, double atol) {
  OnnxRunOptions opts = {.backend = TRT_BACKEND_CPU};
  TrtHostTensor *got = NULL;
  int ngot = 0;
  char why[1024];
  if (onnx_check_run(model, in, nin, &opts, &got, &ngot, why, sizeof why) != TRT_STATUS_OK) {
    report(name, false, "%s", why);
    return false;
  }
  bool ok = ngot == nwant;
  double worst = 0;
  if (!ok) snprintf(why, sizeof why, "%d outputs, %d expected", ngot, nwant);
  for (int i = 0; i < nwant && ok; i++) {
    double err = 0;
    char detail[600];
    ok = onnx_check_compare(&got[i], &want[i], rtol, atol, &err, detail, sizeof detail);
    if (!ok) snprintf(why, sizeof why, "output %d '%s': %s", i, got[i].name, detail);
    if (err > worst) worst = err;
  }
  if (ok) snprintf(why, sizeof why, "max abs error %.3g", worst);
  report(name, ok, "%s", why);
  onnx_check_free_set(got, ngot);
  return ok;
}

/* Every test_data_set_* under `root` (numbered from 0). `fix` may adjust
 * the inputs of a set before the run. */
void check_sets(const char *name, const char *model, const char *root, double rtol,
                double atol, void (*fix)(TrtHostTensor *in, int nin)) {
  int sets = 0;
  for (;; sets++) {
    char dir[4096], label[512], why[1024];
    snprintf(dir, sizeof dir, "%s/test_data_set_%d", root, sets);
    if (!exists(dir)) break;
    snprintf(label, sizeof label, "%s set %d", name, sets);
    TrtHostTensor *in = NULL, *want = NULL;
    int nin = onnx_check_read_set(dir, "input", &in, why, sizeof why);
    int nwant = nin < 0 ? -1 : onnx_check_read_set(dir, "output", &want, why, sizeof why);
    if (nin < 0 || nwant < 0) {
      report(label, false, "%s", why);
    } else {
      if (fix) fix(in, nin);
      run_and_compare(label, model, in, nin, want, nwant, rtol, atol);
    }
    onnx_check_free_set(in, nin > 0 ? nin : 0);
    onnx_check_free_set(want, nwant > 0 ? nwant : 0);
  }
  if (!sets) report(name, false, "no test_data_set_* under %s", root);
}

/* The zoo's super-resolution input is stored as [224,224]. */
static void to_nchw(TrtHostTensor *in, int nin) {
  if (nin == 1 && in[0].dims.nb_dims == 2)
    in[0].dims = (TrtDims){.nb_dims = 4, .d = {1, 1, in[0].dims.d[0], in[0].dims.d[1]}};
}

/* The light models take np.arange(n).reshape(shape) / n as float32. */
static void check_light(const char *dir, const char *name) {
  char model[4096], ref[4096], label[256];
  if (snprintf(model, sizeof model, "%s/light_%s.onnx", dir, name) >= (int)sizeof model ||
      snprintf(ref, sizeof ref, "%s/light_%s_output_0.pb", dir, name) >= (int)sizeof ref)
    return;
  snprintf(label, sizeof label, "light %s", name);
  TrtNetwork *net = trt_network_new();
  TrtHostTensor in = {0}, want = {0};
  if (trt_onnx_parse_file(net, model, NULL) != TRT_STATUS_OK ||
      trt_network_get_nb_inputs(net) != 1) {
    report(label, false, "does not parse to a one-input network");
    trt_network_free(net);
    return;
  }
  in.type = TRT_DATA_TYPE_FLOAT;
  in.dims = trt_tensor_get_dims(trt_network_get_input(net, 0));
  trt_network_free(net);
  int64_t n = trt_dims_volume(&in.dims);
  if (n <= 0 || trt_onnx_read_tensor_file(ref, &want, NULL) != TRT_STATUS_OK) {
    report(label, false, "unknown input dims or unreadable reference");
    return;
  }
  in.size = (size_t)n * sizeof(float);
  in.data = malloc(in.size);
  for (int64_t i = 0; i < n && in.data; i++) ((float *)in.data)[i] = (float)i / (float)n;
  if (in.data) run_and_compare(label, model, &in, 1, &want, 1, 1e-3, 1e-5);
  trt_host_tensor_free(&in);
  trt_host_tensor_free(&want);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: onnx-models SHARED_MODELS_DIR REPO_MODELS_DIR [FILTER]\n");
    return 2;
  }
  const char *shared = argv[1], *repo = argv[2], *filter = argc > 3 ? argv[3] : "";
  if (!exists(shared)) {
    printf("SKIP: %s is absent\n", shared);
    return 77;
  }
  char model[4096], root[4096];
  /* A filter picks the groups whose names contain it. */
  if (strstr("mnist", filter)) {
    snprintf(model, sizeof model, "%s/mnist.onnx", repo);
    snprintf(root, sizeof root, "%s/mnist/onnx_test_data", shared);
    check_sets("mnist zoo", model, root, 1e-3, 1e-4, NULL);
    snprintf(root, sizeof root, "%s/mnist/ref_onnx_ort", shared);
    check_sets("mnist ort", model, root, 1e-3, 1e-4, NULL);
  }
  if (strstr("ultraface", filter)) {
    snprintf(model, sizeof model, "%s/onnx/ultraface/version-RFB-320.onnx", shared);
    snprintf(root, sizeof root, "%s/onnx/ultraface/ref_ort/version-RFB-320", shared);
    check_sets("ultraface", model, root, 1e-3, 1e-4, NULL);
    snprintf(model, sizeof model, "%s/onnx/ultraface/version-RFB-320_simplified.onnx", shared);
    snprintf(root, sizeof root, "%s/onnx/ultraface/ref_ort/version-RFB-320_simplified", shared);
    check_sets("ultraface simplified", model, root, 1e-3, 1e-4, NULL);
  }
  if (strstr("super_resolution", filter)) {
    snprintf(model, sizeof model, "%s/onnx/super_resolution/super_resolution.onnx", shared);
    snprintf(root, sizeof root, "%s/onnx/super_resolution", shared);
    check_sets("super_resolution", model, root, 1e-3, 1e-4, to_nchw);
  }
  if (strstr("light", filter)) {
    static const char *const light[] = {"bvlc_alexnet", "densenet121", "inception_v1",
                                        "inception_v2", "resnet50", "shufflenet",
                                        "squeezenet", "vgg19", "zfnet512"};
    snprintf(root, sizeof root, "%s/onnx/light", shared);
    for (size_t i = 0; i < sizeof light / sizeof *light; i++) check_light(root, light[i]);
  }
  if (strstr("polygraphy", filter)) {
    snprintf(root, sizeof root, "%s/onnx/polygraphy_edge_cases", shared);
    check_polygraphy(root);
  }
  printf("onnx-models: %d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
