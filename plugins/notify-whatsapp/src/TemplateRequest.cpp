#include "TemplateRequest.h"

#include "molar/sdk/Errors.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <sstream>

namespace molar::whatsapp {

std::string recipientDigits(const std::string& address)
{
    const std::string digits = address.empty() ? "" : address.substr(1);
    if (address.empty() || address[0] != '+' || digits.size() < 8 || digits.size() > 15 ||
        digits.find_first_not_of("0123456789") != std::string::npos)
        throw sdk::PermanentError("not a phone number in E.164 form (+ and 8 to 15 digits): '" + address +
                                  "'");
    return digits;
}

std::string parameterText(const std::string& text)
{
    std::string out;
    for (char c : text) {
        const bool space = c == ' ' || c == '\t' || c == '\r' || c == '\n';
        if (!space)
            out += c;
        else if (!out.empty() && out.back() != ' ')
            out += ' ';
    }
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
}

std::string templateRequestBody(const std::string& to, const std::string& templateName,
                                const std::string& languageCode, const std::vector<std::string>& parameters)
{
    // Poco::JSON escapes every string; the order of keys follows insertion.
    Poco::JSON::Object::Ptr language = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    language->set("code", languageCode);

    Poco::JSON::Object::Ptr tmpl = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    tmpl->set("name", templateName);
    tmpl->set("language", language);
    if (!parameters.empty()) {
        Poco::JSON::Array::Ptr values = new Poco::JSON::Array;
        for (const auto& text : parameters) {
            Poco::JSON::Object::Ptr parameter = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
            parameter->set("type", "text");
            parameter->set("text", text);
            values->add(parameter);
        }
        Poco::JSON::Object::Ptr body = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        body->set("type", "body");
        body->set("parameters", values);
        Poco::JSON::Array::Ptr components = new Poco::JSON::Array;
        components->add(body);
        tmpl->set("components", components);
    }

    Poco::JSON::Object message(Poco::JSON_PRESERVE_KEY_ORDER);
    message.set("messaging_product", "whatsapp");
    message.set("recipient_type", "individual");
    message.set("to", to);
    message.set("type", "template");
    message.set("template", tmpl);
    std::ostringstream out;
    message.stringify(out);
    return out.str();
}

} // namespace molar::whatsapp
