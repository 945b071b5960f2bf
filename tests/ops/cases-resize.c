/* Op cases: resize family. (to be written) */
#include "op-test.h"

void cases_resize(void) {}
