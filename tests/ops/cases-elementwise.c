/* Op cases: elementwise family. (to be written) */
#include "op-test.h"

void cases_elementwise(void) {}
