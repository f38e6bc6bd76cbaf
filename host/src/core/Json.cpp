#include "core/Json.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <sstream>
#include <stdexcept>

namespace molar::host {

namespace {

Poco::Dynamic::Var toVar(const sdk::Value& value)
{
    using Type = sdk::Value::Type;
    switch (value.type()) {
    case Type::Null:
        return Poco::Dynamic::Var();
    case Type::Bool:
        return value.asBool();
    case Type::Int:
        return static_cast<Poco::Int64>(value.asInt());
    case Type::Double:
        return value.asDouble();
    case Type::String:
        return value.asString();
    case Type::Array: {
        Poco::JSON::Array::Ptr array(new Poco::JSON::Array);
        for (const auto& item : value.asArray())
            array->add(toVar(item));
        return array;
    }
    case Type::Object: {
        // Preserve insertion order so the text is stable.
        Poco::JSON::Object::Ptr object(new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER));
        for (const auto& member : value.asObject())
            object->set(member.first, toVar(member.second));
        return object;
    }
    }
    return Poco::Dynamic::Var();
}

sdk::Value fromVar(const Poco::Dynamic::Var& var)
{
    if (var.isEmpty())
        return {};
    if (var.type() == typeid(Poco::JSON::Object::Ptr)) {
        auto object = var.extract<Poco::JSON::Object::Ptr>();
        sdk::Value out = sdk::Value::object();
        for (const auto& name : object->getNames())
            out.set(name, fromVar(object->get(name)));
        return out;
    }
    if (var.type() == typeid(Poco::JSON::Array::Ptr)) {
        auto array = var.extract<Poco::JSON::Array::Ptr>();
        sdk::Value out = sdk::Value::array();
        for (std::size_t i = 0; i < array->size(); ++i)
            out.push(fromVar(array->get(static_cast<unsigned>(i))));
        return out;
    }
    if (var.isBoolean())
        return var.convert<bool>();
    if (var.isInteger())
        return static_cast<std::int64_t>(var.convert<Poco::Int64>());
    if (var.isNumeric())
        return var.convert<double>();
    return var.convert<std::string>();
}

} // namespace

std::string toJson(const sdk::Value& value)
{
    std::ostringstream out;
    Poco::JSON::Stringifier::condense(toVar(value), out);
    return out.str();
}

sdk::Value fromJson(const std::string& text)
{
    try {
        Poco::JSON::Parser parser;
        return fromVar(parser.parse(text));
    } catch (const Poco::Exception& e) {
        throw std::invalid_argument("bad JSON: " + e.displayText());
    }
}

} // namespace molar::host
