/* The harness of the op tests: graphs made with builder.h are parsed with
 * their inputs registered, built for the CPU, run, and their output
 * compared with values the test computed. */
#ifndef TRT_TF_TEST_HARNESS_H
#define TRT_TF_TEST_HARNESS_H

#include <stdbool.h>
#include <stdint.h>

#include <trtinfer/trtinfer.h>

#include "builder.h"
#include "tf-check.h"

extern TrtLogger *logger;
void check_init(int argc, char **argv);

/* Pseudo-random values in [-1, 1). */
float rnd(uint32_t *s);
void fill(float *x, size_t n, uint32_t seed);
size_t volume(const int64_t *dims, int rank);

/* An input: a TF value of `rank` dims (dims[0] the batch), in TF's order. */
typedef struct {
  const char *name;
  int rank;
  int64_t dims[6];
  const float *data;
} Feed;

/* Parses the graph with each feed registered (dims without the batch,
 * channels first) in `order`, builds for the feeds' batch and runs; `out`
 * receives the output in TF's order and out_dims its dims. */
bool run_graph(const uint8_t *pb, size_t size, const Feed *feeds, int nb_feeds,
               const char *output, TrtUffInputOrder order, float *out, TrtDims *out_dims);
/* The output must have TF dims want_dims and values want (|diff| <= tol *
 * (1 + |want|); NaN wants NaN), with the inputs registered NHWC and, when
 * one is an image, NCHW. */
void expect_bytes(const char *what, const uint8_t *pb, size_t size, const Feed *feeds,
                  int nb_feeds, const char *output, const int64_t *want_dims, int want_rank,
                  const float *want, double tol);
void expect(const char *what, const Tfg *g, const Feed *feeds, int nb_feeds, const char *output,
            const int64_t *want_dims, int want_rank, const float *want, double tol);

/* ---- references in TensorFlow's terms (NHWC) ---- */
typedef struct {
  int64_t n, h, w, c;
} Shape4;

/* TensorFlow's output size of a window op over one dim, and its leading
 * pad (SAME puts the odd one at the end). */
int64_t out_size(int64_t in, int64_t k, int64_t stride, int64_t dilation, bool same,
                 int64_t *pad);
/* Conv2D, or DepthwiseConv2dNative when `depthwise` (filter [kh,kw,C,M]);
 * filter dims wd [kh, kw, in, out]. Returns the output's shape. */
Shape4 ref_conv(const float *x, Shape4 in, const float *w, const int64_t *wd, int64_t sh,
                int64_t sw, int64_t dh, int64_t dw, bool same, bool depthwise, float *y);
/* MaxPool / AvgPool of a k x k window; the average counts only the window
 * inside the input. */
Shape4 ref_pool(const float *x, Shape4 in, int64_t k, int64_t s, bool same, bool avg, float *y);

/* Adds placeholder "x" [-1, h, w, c] and "pre" = a 1x1 Conv2D of it to
 * c_out channels, whose value the network holds channels first; x gets
 * n*h*w*c values and y the conv's n*h*w*c_out. */
void pre_conv(Tfg *g, int64_t n, int64_t h, int64_t w, int64_t c, int64_t c_out, float *x,
              float *y, uint32_t seed);

#endif
