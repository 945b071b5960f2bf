/* Op cases: topk family. (to be written) */
#include "op-test.h"

void cases_topk(void) {}
