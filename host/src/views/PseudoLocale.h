#pragma once

#include <string>

namespace molar::host {

// The pseudo-locale for testing translations: "en-XA", English accented, 40 % longer and
// bracketed ("⟦Śíğñ íñ···⟧"), so that a page shows at a glance any text that did not come
// from a catalog, and any box too small for a longer language. The catalogs derive it
// from English as they load; a portal offers it only when views.languages names it.
inline const std::string PSEUDO_LOCALE = "en-XA";

// `english` in the pseudo-locale. Mustache tags ({{number}}, {{#t}}..{{/t}}) and ICU
// arguments stay as they are; in an ICU message only the text of its sub-messages changes.
std::string pseudoLocalized(const std::string& english);

} // namespace molar::host
