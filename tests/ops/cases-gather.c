/* Op cases: gather family. (to be written) */
#include "op-test.h"

void cases_gather(void) {}
