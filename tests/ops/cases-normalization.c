/* Op cases: normalization family. (to be written) */
#include "op-test.h"

void cases_normalization(void) {}
