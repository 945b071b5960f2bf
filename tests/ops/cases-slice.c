/* Op cases: slice family. (to be written) */
#include "op-test.h"

void cases_slice(void) {}
