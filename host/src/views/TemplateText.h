#pragma once

#include <functional>
#include <optional>
#include <string>

namespace molar::host {

// A template's text made ready for one language before it is parsed, so that a page
// render does no work that depends on the language alone:
// - every partial it includes ({{> name}}) is written in its place, recursively;
// - every {{#t}}key{{/t}} whose key is a literal and whose message is plain text (no
//   ICU arguments, no {{ }}) becomes that message, HTML-escaped. The other sections
//   stay for the `t` lambda, which renders them as before.
//
// `partialText` answers a partial's text, or nothing for a name no template has (it
// renders as nothing, as kainjow renders an unknown partial). `plainMessage` answers
// a key's message when it is plain text, or nothing when the lambda must render it.
std::string
prepareTemplate(const std::string& text,
                const std::function<std::optional<std::string>(const std::string&)>& partialText,
                const std::function<std::optional<std::string>(const std::string&)>& plainMessage);

} // namespace molar::host
