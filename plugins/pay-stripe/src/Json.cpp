#include "Json.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>

namespace molar::paystripe::json {

Poco::JSON::Object::Ptr parseObject(const std::string& text)
{
    try {
        Poco::JSON::Parser parser;
        const Poco::Dynamic::Var parsed = parser.parse(text);
        if (parsed.type() == typeid(Poco::JSON::Object::Ptr))
            return parsed.extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception&) {
    } catch (const std::exception&) {
    }
    return nullptr;
}

std::string text(const Poco::JSON::Object::Ptr& object, const std::string& key)
{
    if (!object || !object->has(key))
        return "";
    const Poco::Dynamic::Var value = object->get(key);
    return value.isString() ? value.extract<std::string>() : std::string();
}

std::int64_t integer(const Poco::JSON::Object::Ptr& object, const std::string& key, std::int64_t fallback)
{
    if (!object || !object->has(key))
        return fallback;
    const Poco::Dynamic::Var value = object->get(key);
    if (!value.isInteger())
        return fallback;
    try {
        return value.convert<Poco::Int64>();
    } catch (const Poco::Exception&) {
        return fallback;
    }
}

bool boolean(const Poco::JSON::Object::Ptr& object, const std::string& key, bool fallback)
{
    if (!object || !object->has(key))
        return fallback;
    const Poco::Dynamic::Var value = object->get(key);
    return value.isBoolean() ? value.extract<bool>() : fallback;
}

Poco::JSON::Object::Ptr object(const Poco::JSON::Object::Ptr& parent, const std::string& key)
{
    if (!parent || !parent->has(key))
        return nullptr;
    const Poco::Dynamic::Var value = parent->get(key);
    if (value.type() == typeid(Poco::JSON::Object::Ptr))
        return value.extract<Poco::JSON::Object::Ptr>();
    return nullptr;
}

Poco::JSON::Array::Ptr array(const Poco::JSON::Object::Ptr& parent, const std::string& key)
{
    if (!parent || !parent->has(key))
        return nullptr;
    const Poco::Dynamic::Var value = parent->get(key);
    if (value.type() == typeid(Poco::JSON::Array::Ptr))
        return value.extract<Poco::JSON::Array::Ptr>();
    return nullptr;
}

std::string idOf(const Poco::JSON::Object::Ptr& parent, const std::string& key)
{
    if (const auto expanded = object(parent, key))
        return text(expanded, "id");
    return text(parent, key);
}

std::string metadata(const Poco::JSON::Object::Ptr& parent, const std::string& key)
{
    return text(object(parent, "metadata"), key);
}

} // namespace molar::paystripe::json
