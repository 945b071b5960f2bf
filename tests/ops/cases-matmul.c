/* Op cases: matmul family. (to be written) */
#include "op-test.h"

void cases_matmul(void) {}
