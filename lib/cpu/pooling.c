/* CPU reference kernel: pooling over 1 to 3 spatial dims (widened to 3). */
#include <math.h>

#include "cpu-impl.h"

static TrtStatus run_pooling(TrtKernelArgs *args) {
  const TrtPoolingParams *p = args->params;
  const TrtDims *xd = &args->inputs[0].dims, *yd = &args->outputs[0].dims;
  int ns = p->nb_spatial;
  int64_t in[3], out[3], k[3], s[3], d[3], pb[3], pe[3];
  for (int i = 0; i < 3; i++) {
    int src = i - (3 - ns);
    bool real = src >= 0;
    in[i] = real ? xd->d[2 + src] : 1;
    out[i] = real ? yd->d[2 + src] : 1;
    k[i] = real ? p->kernel[src] : 1;
    s[i] = real ? p->stride[src] : 1;
    d[i] = real ? p->dilation[src] : 1;
    pb[i] = real ? p->pad_begin[src] : 0;
    pe[i] = real ? p->pad_end[src] : 0;
  }
  int64_t planes = xd->d[0] * xd->d[1];
  int64_t in_vol = in[0] * in[1] * in[2], out_vol = out[0] * out[1] * out[2];
  const float *x = args->inputs[0].data;
  float *y = args->outputs[0].data;
  for (int64_t pl = 0; pl < planes; pl++) {
    const float *xp = x + pl * in_vol;
    float *yp = y + pl * out_vol;
    for (int64_t oz = 0; oz < out[0]; oz++)
      for (int64_t oy = 0; oy < out[1]; oy++)
        for (int64_t ox = 0; ox < out[2]; ox++) {
          double acc = p->type == TRT_POOLING_MAX ? -INFINITY : 0.0;
          int64_t valid = 0, padded = 0;
          for (int64_t kz = 0; kz < k[0]; kz++) {
            int64_t iz = oz * s[0] - pb[0] + kz * d[0];
            for (int64_t ky = 0; ky < k[1]; ky++) {
              int64_t iy = oy * s[1] - pb[1] + ky * d[1];
              for (int64_t kx = 0; kx < k[2]; kx++) {
                int64_t ix = ox * s[2] - pb[2] + kx * d[2];
                /* Taps inside input + explicit pads count for average with
                 * count_include_pad; taps beyond (ceil mode) never do. */
                if (iz < in[0] + pe[0] && iy < in[1] + pe[1] && ix < in[2] + pe[2]) padded++;
                if (iz < 0 || iz >= in[0] || iy < 0 || iy >= in[1] || ix < 0 || ix >= in[2])
                  continue;
                float v = xp[(iz * in[1] + iy) * in[2] + ix];
                valid++;
                if (p->type == TRT_POOLING_MAX) {
                  if (v > acc || v != v) acc = v;
                } else if (p->type == TRT_POOLING_AVERAGE) {
                  acc += v;
                } else {
                  acc += pow(fabs(v), p->p);
                }
              }
            }
          }
          float r;
          if (p->type == TRT_POOLING_MAX)
            r = (float)acc;
          else if (p->type == TRT_POOLING_AVERAGE)
            r = (float)(acc / (double)(p->count_include_pad ? padded : (valid ? valid : 1)));
          else
            r = (float)pow(acc, 1.0 / p->p);
          yp[(oz * out[1] + oy) * out[2] + ox] = r;
        }
  }
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_pooling = {.run = run_pooling};
