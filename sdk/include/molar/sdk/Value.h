#pragma once

#include "molar/sdk/Export.h"

#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace molar::sdk {

// A JSON-shaped value: the one data type that crosses the SDK for event payloads,
// job payloads, view data, query parameters and query results. Objects keep their
// keys in insertion order.
class MOLAR_SDK_API Value
{
public:
    using Array = std::vector<Value>;
    using Member = std::pair<std::string, Value>;
    using Object = std::vector<Member>;
    enum class Type
    {
        Null,
        Bool,
        Int,
        Double,
        String,
        Array,
        Object
    };

    Value() = default;
    Value(std::nullptr_t) {}
    Value(bool b) : _data(b) {}
    Value(int i) : _data(static_cast<std::int64_t>(i)) {}
    Value(long i) : _data(static_cast<std::int64_t>(i)) {}
    Value(long long i) : _data(static_cast<std::int64_t>(i)) {}
    Value(unsigned i) : _data(static_cast<std::int64_t>(i)) {}
    Value(unsigned long i) : _data(static_cast<std::int64_t>(i)) {}
    Value(double d) : _data(d) {}
    Value(const char* s) : _data(std::string(s)) {}
    Value(std::string s) : _data(std::move(s)) {}
    Value(Array a) : _data(std::move(a)) {}
    Value(Object o) : _data(std::move(o)) {}

    static Value array() { return Value(Array{}); }
    static Value object() { return Value(Object{}); }
    // Builds an object from {{"key", value}, ...}.
    static Value object(std::initializer_list<Member> members) { return Value(Object(members)); }

    Type type() const { return static_cast<Type>(_data.index()); }
    bool isNull() const { return type() == Type::Null; }
    bool isBool() const { return type() == Type::Bool; }
    bool isInt() const { return type() == Type::Int; }
    bool isDouble() const { return type() == Type::Double; }
    bool isString() const { return type() == Type::String; }
    bool isArray() const { return type() == Type::Array; }
    bool isObject() const { return type() == Type::Object; }

    // Typed access. Each throws std::logic_error when the value holds another type,
    // except that asInt and asDouble convert between the two numeric kinds and
    // parse a string that is wholly a number (SQLite returns aggregates as text).
    bool asBool() const;
    std::int64_t asInt() const;
    double asDouble() const;
    const std::string& asString() const;
    const Array& asArray() const;
    Array& asArray();
    const Object& asObject() const;
    Object& asObject();

    // The value as display text: strings as they are, numbers in decimal, null empty.
    std::string toString() const;

    // Object access. get() answers a null value for a missing key; set() replaces
    // an existing key or appends a new one; operator[] on a null value makes it an object.
    bool has(const std::string& key) const;
    const Value& get(const std::string& key) const;
    Value& set(const std::string& key, Value value);
    Value& operator[](const std::string& key);
    std::string getString(const std::string& key, const std::string& fallback = "") const;
    std::int64_t getInt(const std::string& key, std::int64_t fallback = 0) const;

    // Array access; push() on a null value makes it an array.
    Value& push(Value value);
    std::size_t size() const;
    const Value& at(std::size_t index) const;

    bool operator==(const Value& other) const { return _data == other._data; }
    bool operator!=(const Value& other) const { return !(*this == other); }

private:
    std::variant<std::nullptr_t, bool, std::int64_t, double, std::string, Array, Object> _data;
};

} // namespace molar::sdk
