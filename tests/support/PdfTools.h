// Reading back a PDF a test made, with Debian's poppler-utils (pdftotext, pdfinfo) and
// other command-line tools: a command's output and exit status, the PDF's text, and
// Arabic as pdftotext reads it. For the suites that link the plugins' PDF library.
#pragma once

#include "TestDatabase.h"

#include <molar/pdf/VisualText.h>

#include <cppunit/extensions/HelperMacros.h>

#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

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

// An Arabic word as pdftotext gives it back: in logical order but with the presentation
// forms the PDF draws (an initial qaf stays U+FED7), so the shaped word read from right to
// left, which is the visual order turned around.
inline std::string asExtracted(const std::string& arabicWord)
{
    const std::string visual = molar::pdf::visualOrder(arabicWord, true);
    std::vector<std::string> characters;
    for (std::size_t i = 0; i < visual.size();) {
        std::size_t length = 1;
        while (i + length < visual.size() && (static_cast<unsigned char>(visual[i + length]) & 0xC0) == 0x80)
            ++length;
        characters.push_back(visual.substr(i, length));
        i += length;
    }
    std::string logical;
    for (auto it = characters.rbegin(); it != characters.rend(); ++it)
        logical += *it;
    return logical;
}

} // namespace molar::test
