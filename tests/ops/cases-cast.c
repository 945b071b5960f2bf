/* Op cases: cast family. (to be written) */
#include "op-test.h"

void cases_cast(void) {}
