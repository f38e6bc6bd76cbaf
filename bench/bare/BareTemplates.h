#pragma once

#include <functional>
#include <string>

namespace molar::bench {

// A file's text; throws when there is no such file.
std::string readText(const std::string& path);

// molard's escaping of a value in HTML (ViewEngine's htmlEscape).
std::string htmlEscape(const std::string& text);

// Every {{> host/partials/x}} replaced by the text of <root>/templates/partials/x.mustache,
// and so on inside it: kainjow would parse a partial again on every render.
std::string inlinePartials(const std::string& root, const std::string& text, int depth = 0);

// Every {{#t}}key{{/t}} replaced by the key's text from `translate`, HTML-escaped, as
// molard's `t` lambda renders it, except where the key or the text holds "{{": those
// stay, and `translates` becomes true. Throws for a text that is an ICU message
// ("{count, plural, ...}"), which molard formats and the bare page does not.
std::string substituteMessages(const std::string& text,
                               const std::function<std::string(const std::string&)>& translate,
                               bool& translates);

} // namespace molar::bench
