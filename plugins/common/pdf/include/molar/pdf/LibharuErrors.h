#pragma once

#include <hpdf.h>

#include <string>

namespace molar::pdf {

// libharu reports errors through a callback; it keeps the first, and the caller checks it
// after each step instead of throwing across C frames.
struct ErrorState
{
    HPDF_STATUS code = HPDF_OK;
    HPDF_STATUS detail = 0;

    bool failed() const { return code != HPDF_OK; }

    // "libharu error 0x1017/0": the code and its detail, for an error message.
    std::string describe() const;
};

// The handler to give HPDF_New, with an ErrorState as its user data.
void onError(HPDF_STATUS code, HPDF_STATUS detail, void* errorState);

} // namespace molar::pdf
