/* Tensors in files: ONNX TensorProto (.pb) and NumPy (.npy), told apart by
 * their first bytes so that a misnamed file still reads. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

bool cli_tensor_read(const char *path, TrtHostTensor *out) {
  size_t size;
  memset(out, 0, sizeof *out);
  void *data = cli_read_file(path, &size);
  if (!data) return cli_fail("%s: cannot read: %s", path, strerror(errno)), false;
  bool ok;
  if (cli_npy_is_npy(data, size)) {
    ok = cli_npy_read_memory(data, size, path, out);
  } else {
    cli_report_clear();
    /* By path, so that external data next to the file is found. */
    ok = trt_onnx_read_tensor_file(path, out, cli_logger()) == TRT_STATUS_OK;
    if (!ok)
      cli_fail_library(path, "not an ONNX TensorProto (.pb) or NumPy (.npy) file");
  }
  free(data);
  if (!ok) trt_host_tensor_free(out);
  return ok;
}

bool cli_tensor_write(const char *path, CliTensorFormat format,
                      const TrtHostTensor *tensor) {
  if (format == CLI_FORMAT_NPY) return cli_npy_write(path, tensor);
  cli_report_clear();
  if (trt_onnx_write_tensor_file(path, tensor, cli_logger()) != TRT_STATUS_OK) {
    cli_fail_library(path, "cannot write the tensor");
    return false;
  }
  return true;
}

const char *cli_tensor_format_extension(CliTensorFormat format) {
  return format == CLI_FORMAT_NPY ? ".npy" : ".pb";
}
