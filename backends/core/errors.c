/*
 * errors.c — gr_strerror(), generated from GR_ERRNO_MAP in gr.h so the
 * codes and their texts can never drift apart (libuv's uv_strerror).
 */
#include "gr.h"

GR_EXTERN const char *gr_strerror(int err)
{
    switch (err) {
    case GR_OK:
        return "success";
#define GR__ERRNO_TEXT(name, value, text) \
    case GR_##name:                       \
        return text;
        GR_ERRNO_MAP(GR__ERRNO_TEXT)
#undef GR__ERRNO_TEXT
    default:
        return "unknown error";
    }
}
