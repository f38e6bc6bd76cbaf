// Reading back a PDF a test made, with Debian's poppler-utils (pdftotext, pdfinfo) and
// other command-line tools: a command's output and exit status, and the PDF's text.
#pragma once

#include "TestDatabase.h"

#include <cppunit/extensions/HelperMacros.h>

#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <string>

namespace molar::test {

struct CommandOutput
{
    int status = -1; // the exit status; -1 when the command did not end normally
    std::string text;
};

// Runs `command` through the shell and reads what it writes to its standard output.
inline CommandOutput runCommand(const std::string& command)
{
    CommandOutput out;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr)
        return out;
    char buffer[4096];
    std::size_t n = 0;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0)
        out.text.append(buffer, n);
    const int status = pclose(pipe);
    out.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return out;
}

// Writes `bytes` to the file `name` in `dir`; answers its path.
inline std::string writeTo(const TempDir& dir, const std::string& name, const std::string& bytes)
{
    const std::string path = dir.file(name);
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
}

// The text of the PDF `bytes` as pdftotext reads it (UTF-8).
inline std::string pdfText(const TempDir& dir, const std::string& name, const std::string& bytes)
{
    const CommandOutput out = runCommand("pdftotext -q -enc UTF-8 " + writeTo(dir, name, bytes) + " -");
    CPPUNIT_ASSERT_EQUAL(0, out.status);
    return out.text;
}

} // namespace molar::test
