/* Op cases: convolution family. (to be written) */
#include "op-test.h"

void cases_convolution(void) {}
