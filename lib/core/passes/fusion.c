/* Pass: fusion. (stub: to be written) */
#include "passes.h"

TrtStatus trt_pass_fusion(TrtNetwork *network, TrtLogger *logger) {
  (void)network;
  (void)logger;
  return TRT_STATUS_OK;
}
