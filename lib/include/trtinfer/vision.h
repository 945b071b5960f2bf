/* trtinfer — image preprocessing and result decoding shared by the element,
 * the CLI and the bindings. (to be written) */
#ifndef TRTINFER_VISION_H
#define TRTINFER_VISION_H
#include <trtinfer/types.h>
#endif
