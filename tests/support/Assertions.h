#pragma once

#include <cppunit/extensions/HelperMacros.h>

#include <sstream>
#include <string>
#include <vector>

// Fails with both strings in the message, so a failure shows what was there.
#define MOLAR_ASSERT_CONTAINS(needle, haystack)                                                              \
    CPPUNIT_ASSERT_MESSAGE("expected '" + std::string(needle) + "' in: " + std::string(haystack),            \
                           std::string(haystack).find(std::string(needle)) != std::string::npos)

#define MOLAR_ASSERT_NOT_CONTAINS(needle, haystack)                                                          \
    CPPUNIT_ASSERT_MESSAGE("did not expect '" + std::string(needle) + "' in: " + std::string(haystack),      \
                           std::string(haystack).find(std::string(needle)) == std::string::npos)

// Lets CPPUNIT_ASSERT_EQUAL compare lists and print them on failure.
namespace CppUnit {
template <typename T> struct assertion_traits<std::vector<T>>
{
    static bool equal(const std::vector<T>& a, const std::vector<T>& b) { return a == b; }
    static std::string toString(const std::vector<T>& v)
    {
        std::ostringstream out;
        out << "[";
        for (std::size_t i = 0; i < v.size(); ++i)
            out << (i ? ", " : "") << v[i];
        out << "]";
        return out.str();
    }
};
} // namespace CppUnit
