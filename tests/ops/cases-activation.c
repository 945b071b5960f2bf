/* Op cases: activation family. (to be written) */
#include "op-test.h"

void cases_activation(void) {}
