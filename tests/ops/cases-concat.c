/* Op cases: concat family. (to be written) */
#include "op-test.h"

void cases_concat(void) {}
