#pragma once

#include <string>

namespace molar::cases {

// Whether `key`, from the `uploadError` query parameter, names a file refusal: only
// those keys are shown, so a link cannot put other words on the page.
inline bool isUploadErrorKey(const std::string& key)
{
    return key.rfind("cases.file.error.", 0) == 0 && key.size() <= 64;
}

} // namespace molar::cases
