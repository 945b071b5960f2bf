/* Op cases: pad family. (to be written) */
#include "op-test.h"

void cases_pad(void) {}
