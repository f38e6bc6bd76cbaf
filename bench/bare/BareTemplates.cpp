#include "BareTemplates.h"

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include <stdexcept>

namespace molar::bench {

std::string readText(const std::string& path)
{
    if (!Poco::File(path).exists())
        throw std::runtime_error("no " + path);
    Poco::FileInputStream in(path);
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    return text;
}

std::string htmlEscape(const std::string& text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string inlinePartials(const std::string& root, const std::string& text, int depth)
{
    if (depth > 8)
        throw std::runtime_error("partials include one another without end");
    std::string out;
    std::size_t from = 0;
    for (std::size_t at = text.find("{{>"); at != std::string::npos; at = text.find("{{>", from)) {
        const std::size_t end = text.find("}}", at);
        if (end == std::string::npos)
            break;
        const std::string name = Poco::trim(text.substr(at + 3, end - at - 3));
        if (name.rfind("host/", 0) != 0)
            throw std::runtime_error("partial " + name + " is not the host's");
        out += text.substr(from, at - from);
        out += inlinePartials(root, readText(root + "/templates/" + name.substr(5) + ".mustache"), depth + 1);
        from = end + 2;
    }
    return out + text.substr(from);
}

std::string substituteMessages(const std::string& text,
                               const std::function<std::string(const std::string&)>& translate,
                               bool& translates)
{
    const std::string open = "{{#t}}", close = "{{/t}}";
    std::string out;
    std::size_t from = 0;
    for (std::size_t at = text.find(open); at != std::string::npos; at = text.find(open, from)) {
        const std::size_t end = text.find(close, at);
        if (end == std::string::npos)
            throw std::runtime_error("{{#t}} without {{/t}}");
        out += text.substr(from, at - from);
        from = end + close.size();
        const std::string key = Poco::trim(text.substr(at + open.size(), end - at - open.size()));
        const std::string message = translate(key);
        if (key.find("{{") != std::string::npos || message.find("{{") != std::string::npos) {
            out += text.substr(at, from - at);
            translates = true;
            continue;
        }
        // A single brace is an ICU argument ({n, plural, ...}): molard formats those, the
        // bare page has none of them to format.
        if (message.find_first_of("{}") != std::string::npos)
            throw std::runtime_error("message " + key +
                                     " has ICU arguments, which the bare page does not format");
        out += htmlEscape(message);
    }
    return out + text.substr(from);
}

} // namespace molar::bench
