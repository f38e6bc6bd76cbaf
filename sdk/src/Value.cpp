#include "molar/sdk/Value.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace molar::sdk {

namespace {

const Value& nullValue()
{
    static const Value null;
    return null;
}

[[noreturn]] void wrongType(const char* wanted)
{
    throw std::logic_error(std::string("Value is not ") + wanted);
}

} // namespace

bool Value::asBool() const
{
    if (!isBool())
        wrongType("a boolean");
    return std::get<bool>(_data);
}

std::int64_t Value::asInt() const
{
    if (isInt())
        return std::get<std::int64_t>(_data);
    if (isDouble())
        return static_cast<std::int64_t>(std::llround(std::get<double>(_data)));
    if (isString()) {
        // SQLite reports computed columns (COUNT, MAX, ...) as text.
        const std::string& text = std::get<std::string>(_data);
        std::size_t used = 0;
        try {
            long long parsed = std::stoll(text, &used);
            if (used == text.size())
                return parsed;
        } catch (const std::exception&) {
        }
    }
    wrongType("a number");
}

double Value::asDouble() const
{
    if (isDouble())
        return std::get<double>(_data);
    if (isInt())
        return static_cast<double>(std::get<std::int64_t>(_data));
    if (isString()) {
        const std::string& text = std::get<std::string>(_data);
        std::size_t used = 0;
        try {
            double parsed = std::stod(text, &used);
            if (used == text.size())
                return parsed;
        } catch (const std::exception&) {
        }
    }
    wrongType("a number");
}

const std::string& Value::asString() const
{
    if (!isString())
        wrongType("a string");
    return std::get<std::string>(_data);
}

const Value::Array& Value::asArray() const
{
    if (!isArray())
        wrongType("an array");
    return std::get<Array>(_data);
}

Value::Array& Value::asArray()
{
    if (!isArray())
        wrongType("an array");
    return std::get<Array>(_data);
}

const Value::Object& Value::asObject() const
{
    if (!isObject())
        wrongType("an object");
    return std::get<Object>(_data);
}

Value::Object& Value::asObject()
{
    if (!isObject())
        wrongType("an object");
    return std::get<Object>(_data);
}

std::string Value::toString() const
{
    switch (type()) {
    case Type::Null:
        return {};
    case Type::Bool:
        return asBool() ? "true" : "false";
    case Type::Int:
        return std::to_string(asInt());
    case Type::Double: {
        std::ostringstream out;
        out << asDouble();
        return out.str();
    }
    case Type::String:
        return asString();
    case Type::Array:
        return "[array]";
    case Type::Object:
        return "[object]";
    }
    return {};
}

bool Value::has(const std::string& key) const
{
    if (!isObject())
        return false;
    const auto& members = asObject();
    return std::any_of(members.begin(), members.end(), [&](const Member& m) { return m.first == key; });
}

const Value& Value::get(const std::string& key) const
{
    if (!isObject())
        return nullValue();
    for (const auto& member : asObject())
        if (member.first == key)
            return member.second;
    return nullValue();
}

Value& Value::set(const std::string& key, Value value)
{
    Value& slot = (*this)[key];
    slot = std::move(value);
    return *this;
}

Value& Value::operator[](const std::string& key)
{
    if (isNull())
        _data = Object{};
    auto& members = asObject();
    for (auto& member : members)
        if (member.first == key)
            return member.second;
    members.emplace_back(key, Value());
    return members.back().second;
}

std::string Value::getString(const std::string& key, const std::string& fallback) const
{
    const Value& v = get(key);
    return v.isNull() ? fallback : v.toString();
}

std::int64_t Value::getInt(const std::string& key, std::int64_t fallback) const
{
    const Value& v = get(key);
    if (v.isInt() || v.isDouble())
        return v.asInt();
    if (v.isString()) {
        try {
            std::size_t used = 0;
            long long parsed = std::stoll(v.asString(), &used);
            if (used == v.asString().size())
                return parsed;
        } catch (const std::exception&) {
        }
    }
    return fallback;
}

Value& Value::push(Value value)
{
    if (isNull())
        _data = Array{};
    asArray().push_back(std::move(value));
    return asArray().back();
}

std::size_t Value::size() const
{
    if (isArray())
        return asArray().size();
    if (isObject())
        return asObject().size();
    return 0;
}

const Value& Value::at(std::size_t index) const
{
    return asArray().at(index);
}

} // namespace molar::sdk
