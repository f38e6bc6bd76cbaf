#pragma once

#include <fstream>
#include <string>

namespace molar::test {

// The process's peak resident memory in KiB (VmHWM), after resetting it where the
// kernel allows, so a test can tell that a large body streamed instead of being held.
class PeakMemory
{
public:
    PeakMemory()
    {
        std::ofstream reset("/proc/self/clear_refs");
        reset << "5";
        _start = current();
    }
    // How far the peak rose since construction, in KiB.
    long risenKiB() const { return current() - _start; }

    static long current()
    {
        std::ifstream status("/proc/self/status");
        std::string line;
        while (std::getline(status, line))
            if (line.rfind("VmHWM:", 0) == 0)
                return std::stol(line.substr(6));
        return 0;
    }

private:
    long _start = 0;
};

} // namespace molar::test
