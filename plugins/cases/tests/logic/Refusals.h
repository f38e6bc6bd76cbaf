#pragma once

// Assertions for the logic suite: text containment, and refusals of configuration.
#include "molar/sdk/Errors.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

#define CASES_ASSERT_CONTAINS(needle, haystack)                                                              \
    CPPUNIT_ASSERT_MESSAGE("expected '" + std::string(needle) + "' in: " + std::string(haystack),            \
                           std::string(haystack).find(std::string(needle)) != std::string::npos)

namespace molar::cases::test {

template <typename Action>
void assertRefused(Action action, const std::string& key, const std::string& fragment,
                   CppUnit::SourceLine line)
{
    try {
        action();
    } catch (const sdk::ConfigError& e) {
        CppUnit::assertEquals(key, e.key(), line, "the refused key");
        if (e.allowed().find(fragment) == std::string::npos)
            CppUnit::Asserter::fail("expected '" + fragment + "' in: " + e.allowed(), line);
        return;
    }
    CppUnit::Asserter::fail("accepted, expected a refusal of " + key, line);
}

} // namespace molar::cases::test

// `statement` must throw sdk::ConfigError for the full key `refusedKey`, and the
// text of what is allowed must hold `fragment`.
#define CASES_ASSERT_REFUSED(statement, refusedKey, fragment)                                                \
    molar::cases::test::assertRefused([&] { statement; }, refusedKey, fragment, CPPUNIT_SOURCELINE())
