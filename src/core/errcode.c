/*
 * errcode.c - lookup of the error table declared in errcode.h.
 */
#include "core/errcode.h"

static const struct {
    int status;
    const char *code;
    const char *title;
} errcode_table[] = {
#define AG_ERR_ROW(name, status, code, title) {status, code, title},
    AG_ERRORS(AG_ERR_ROW)
#undef AG_ERR_ROW
};

int errcode_status(enum errcode e)
{
    return (unsigned)e < ERR_COUNT_ ? errcode_table[e].status : 500;
}

const char *errcode_code(enum errcode e)
{
    return (unsigned)e < ERR_COUNT_ ? errcode_table[e].code : "internal_error";
}

const char *errcode_title(enum errcode e)
{
    return (unsigned)e < ERR_COUNT_ ? errcode_table[e].title : "Internal error";
}
