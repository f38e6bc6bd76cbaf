#include "molar/pdf/LibharuErrors.h"

#include <cstdio>

namespace molar::pdf {

std::string ErrorState::describe() const
{
    char text[48];
    std::snprintf(text, sizeof text, "libharu error 0x%04X/%u", static_cast<unsigned>(code),
                  static_cast<unsigned>(detail));
    return text;
}

void onError(HPDF_STATUS code, HPDF_STATUS detail, void* errorState)
{
    auto* state = static_cast<ErrorState*>(errorState);
    if (state->code == HPDF_OK) {
        state->code = code;
        state->detail = detail;
    }
}

} // namespace molar::pdf
