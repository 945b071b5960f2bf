/* Op cases: shuffle family. (to be written) */
#include "op-test.h"

void cases_shuffle(void) {}
