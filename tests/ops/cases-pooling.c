/* Op cases: pooling family. (to be written) */
#include "op-test.h"

void cases_pooling(void) {}
