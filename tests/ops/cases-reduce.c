/* Op cases: reduce family. (to be written) */
#include "op-test.h"

void cases_reduce(void) {}
