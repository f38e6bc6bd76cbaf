// ChildProcess, the tests' way of running molard or a fake beside them: a sanitizer's
// report in the program's output fails the test, even when the test meant to kill it.
#include "ChildProcess.h"

#include "Assertions.h"

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <functional>
#include <stdexcept>
#include <string>

using molar::test::ChildProcess;

namespace {

std::string thrownBy(const std::function<void()>& action)
{
    try {
        action();
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    return {};
}

} // namespace

class ChildProcessTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ChildProcessTest);
    CPPUNIT_TEST(killThrowsAnAddressSanitizerReport);
    CPPUNIT_TEST(stopThrowsAnUndefinedBehaviourReport);
    CPPUNIT_TEST(aReportSplitAcrossReadsIsSeen);
    CPPUNIT_TEST(aQuietProgramStopsWithoutComplaint);
    CPPUNIT_TEST_SUITE_END();

public:
    void killThrowsAnAddressSanitizerReport()
    {
        ChildProcess child("sh", {"-c", "echo '==42==ERROR: AddressSanitizer: heap-use-after-free' >&2; "
                                        "echo ready; exec sleep 60"});
        child.waitForLine([](const std::string& line) { return line == "ready"; }, std::chrono::seconds(10));
        const std::string thrown = thrownBy([&] { child.kill(); });
        MOLAR_ASSERT_CONTAINS("printed a sanitizer's report", thrown);
        MOLAR_ASSERT_CONTAINS("heap-use-after-free", thrown);
        // Told once: the test that saw it failed; the destructor does not count it again.
        CPPUNIT_ASSERT_EQUAL(std::string(), thrownBy([&] { child.kill(); }));
    }

    void stopThrowsAnUndefinedBehaviourReport()
    {
        ChildProcess child("sh", {"-c", "echo 'Money.cpp:12:7: runtime error: signed integer overflow' >&2; "
                                        "echo ready; exec sleep 60"});
        child.waitForLine([](const std::string& line) { return line == "ready"; }, std::chrono::seconds(10));
        const std::string thrown = thrownBy([&] { child.stop(); });
        MOLAR_ASSERT_CONTAINS("signed integer overflow", thrown);
    }

    void aReportSplitAcrossReadsIsSeen()
    {
        // Written in two parts a moment apart, so the pipe is read between them.
        ChildProcess child("sh", {"-c", "printf '==7==ERROR: Leak' >&2; sleep 0.3; "
                                        "printf 'Sanitizer: detected memory leaks\\n' >&2; exec sleep 60"});
        CPPUNIT_ASSERT(child.waitForOutput(
            [](const std::string& said) { return said.find("memory leaks\n") != std::string::npos; },
            std::chrono::seconds(10)));
        CPPUNIT_ASSERT(child.sanitizerReported());
        const std::string thrown = thrownBy([&] { child.kill(); });
        MOLAR_ASSERT_CONTAINS("detected memory leaks", thrown);
    }

    void aQuietProgramStopsWithoutComplaint()
    {
        ChildProcess child("sh", {"-c", "echo 'an error: runtime of 3 s' >&2; echo ready; exec sleep 60"});
        child.waitForLine([](const std::string& line) { return line == "ready"; }, std::chrono::seconds(10));
        CPPUNIT_ASSERT(!child.sanitizerReported());
        CPPUNIT_ASSERT_EQUAL(std::string(), thrownBy([&] { child.stop(); }));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ChildProcessTest);
