#pragma once

#include "molar/sdk/Database.h"

#include <cstdint>
#include <string>

namespace molar::aligners {

// A column of a row read back: NULL (a time not reached yet) reads as 0 or "".
inline std::int64_t intAt(const sdk::ResultSet& rows, std::size_t row, const std::string& column)
{
    const sdk::Value& v = rows.get(row, column);
    return v.isNull() ? 0 : v.asInt();
}

inline std::string textAt(const sdk::ResultSet& rows, std::size_t row, const std::string& column)
{
    return rows.get(row, column).toString();
}

} // namespace molar::aligners
