#include "views/TemplateText.h"

#include "views/ViewEngine.h"

#include <Poco/String.h>

namespace molar::host {

namespace {

// Deep enough for any real nesting; a partial that includes itself renders as nothing
// there instead of recursing for ever.
constexpr int maxPartialDepth = 8;

std::string inlinePartials(const std::string& text,
                           const std::function<std::optional<std::string>(const std::string&)>& partialText,
                           int depth)
{
    std::string out;
    out.reserve(text.size());
    std::size_t from = 0;
    for (;;) {
        const std::size_t at = text.find("{{>", from);
        const std::size_t end = at == std::string::npos ? at : text.find("}}", at);
        if (end == std::string::npos) {
            out.append(text, from, std::string::npos);
            return out;
        }
        out.append(text, from, at - from);
        if (depth < maxPartialDepth)
            if (const auto partial = partialText(Poco::trim(text.substr(at + 3, end - at - 3))))
                out += inlinePartials(*partial, partialText, depth + 1);
        from = end + 2;
    }
}

std::string
translateLiterals(const std::string& text,
                  const std::function<std::optional<std::string>(const std::string&)>& plainMessage)
{
    static const std::string open = "{{#t}}";
    static const std::string close = "{{/t}}";
    std::string out;
    out.reserve(text.size());
    std::size_t from = 0;
    for (;;) {
        const std::size_t at = text.find(open, from);
        const std::size_t end = at == std::string::npos ? at : text.find(close, at + open.size());
        if (end == std::string::npos) {
            out.append(text, from, std::string::npos);
            return out;
        }
        const std::string key = text.substr(at + open.size(), end - at - open.size());
        const std::size_t next = end + close.size();
        const auto message = key.find("{{") == std::string::npos ? plainMessage(Poco::trim(key))
                                                                 : std::optional<std::string>();
        if (message) {
            out.append(text, from, at - from);
            out += htmlEscape(*message);
        } else {
            out.append(text, from, next - from);
        }
        from = next;
    }
}

} // namespace

std::string prepareTemplate(const std::string& text,
                            const std::function<std::optional<std::string>(const std::string&)>& partialText,
                            const std::function<std::optional<std::string>(const std::string&)>& plainMessage)
{
    return translateLiterals(inlinePartials(text, partialText, 0), plainMessage);
}

} // namespace molar::host
