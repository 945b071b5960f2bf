/* Op cases: softmax family. (to be written) */
#include "op-test.h"

void cases_softmax(void) {}
