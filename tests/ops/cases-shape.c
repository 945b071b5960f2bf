/* Op cases: shape family. (to be written) */
#include "op-test.h"

void cases_shape(void) {}
