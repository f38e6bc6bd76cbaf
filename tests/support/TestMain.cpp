// Runs every suite registered in this executable; exits non-zero on any failure, and on
// a sanitizer's report from a program a test ran beside itself.
#include "ChildProcess.h"

#include <cppunit/BriefTestProgressListener.h>
#include <cppunit/CompilerOutputter.h>
#include <cppunit/TestResult.h>
#include <cppunit/TestResultCollector.h>
#include <cppunit/TestRunner.h>
#include <cppunit/extensions/TestFactoryRegistry.h>

#include <iostream>

int main(int argc, char** argv)
{
    CppUnit::TestResult controller;
    CppUnit::TestResultCollector result;
    controller.addListener(&result);
    CppUnit::BriefTestProgressListener progress;
    controller.addListener(&progress);

    CppUnit::TestRunner runner;
    runner.addTest(CppUnit::TestFactoryRegistry::getRegistry().makeTest());
    // An optional argument runs one suite or test by name.
    runner.run(controller, argc > 1 ? argv[1] : "");

    CppUnit::CompilerOutputter outputter(&result, std::cerr);
    outputter.write();
    if (const int reports = molar::test::ChildProcess::sanitizerReportsOutstanding()) {
        std::cerr << reports << " program(s) run by the tests printed a sanitizer's report (above)\n";
        return 1;
    }
    return result.wasSuccessful() ? 0 : 1;
}
