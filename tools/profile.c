/* `trtinfer bench --profile`: where an engine's time goes, per layer kind
 * and per layer, from the context's per-layer profile. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define SLOWEST_SHOWN 15

static int by_time_desc(const void *a, const void *b) {
  double x = ((const TrtLayerProfile *)a)->total_ms, y = ((const TrtLayerProfile *)b)->total_ms;
  return (x < y) - (x > y);
}

void cli_print_profile(const TrtContext *ctx, FILE *out) {
  int n = trt_context_get_profile(ctx, NULL, 0);
  TrtLayerProfile *layers = calloc((size_t)n + 1, sizeof *layers);
  /* Kinds, summed: at most one entry per layer. */
  TrtLayerProfile *kinds = calloc((size_t)n + 1, sizeof *kinds);
  if (!layers || !kinds) {
    free(layers);
    free(kinds);
    fprintf(out, "profile: out of memory\n");
    return;
  }
  trt_context_get_profile(ctx, layers, n);
  double total = 0;
  int64_t runs = 0;
  int nb_kinds = 0;
  for (int i = 0; i < n; i++) {
    total += layers[i].total_ms;
    if (layers[i].runs > runs) runs = layers[i].runs;
    int k = 0;
    while (k < nb_kinds && (strcmp(kinds[k].kind, layers[i].kind) != 0 ||
                            strcmp(kinds[k].backend, layers[i].backend) != 0))
      k++;
    if (k == nb_kinds) kinds[nb_kinds++] = (TrtLayerProfile){.kind = layers[i].kind,
                                                            .backend = layers[i].backend};
    kinds[k].total_ms += layers[i].total_ms;
    kinds[k].runs++; /* here: the number of layers of the kind */
  }
  if (runs == 0 || total <= 0) {
    fprintf(out, "profile: no layer ran\n");
    free(layers);
    free(kinds);
    return;
  }
  qsort(kinds, (size_t)nb_kinds, sizeof *kinds, by_time_desc);
  qsort(layers, (size_t)n, sizeof *layers, by_time_desc);
  fprintf(out, "profile: %lld runs layer by layer, %.4g ms per run (each layer waited for)\n",
          (long long)runs, total / (double)runs);
  fprintf(out, "%-24s %-6s %7s %10s %6s\n", "kind", "on", "layers", "ms/run", "share");
  for (int k = 0; k < nb_kinds; k++)
    fprintf(out, "%-24s %-6s %7lld %10.4f %5.1f%%\n", kinds[k].kind, kinds[k].backend,
            (long long)kinds[k].runs, kinds[k].total_ms / (double)runs,
            100.0 * kinds[k].total_ms / total);
  fprintf(out, "slowest layers:\n");
  for (int i = 0; i < n && i < SLOWEST_SHOWN; i++)
    fprintf(out, "  %-40s %-16s %-6s %10.4f %5.1f%%\n", layers[i].name, layers[i].kind,
            layers[i].backend, layers[i].total_ms / (double)runs,
            100.0 * layers[i].total_ms / total);
  free(layers);
  free(kinds);
}
