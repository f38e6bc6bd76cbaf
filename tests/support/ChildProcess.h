// A program a test runs beside itself (a fake gateway, a real molard): its standard
// output and error read as they come, so it never blocks on a full pipe, kept for the
// failure messages, and the program killed when the test is done with it.
#pragma once

#include <Poco/Pipe.h>
#include <Poco/Process.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace molar::test {

class ChildProcess
{
public:
    using Environment = std::map<std::string, std::string>;

    // Starts `program` (a path, or a name looked up on PATH) with `arguments` in `directory`
    // (empty: the test's own), the test's environment plus `environment`. Throws, naming the
    // program, when it cannot be found.
    ChildProcess(const std::string& program, const std::vector<std::string>& arguments,
                 const std::string& directory = "", const Environment& environment = {});
    // Kills the program (SIGKILL) if it still runs. A sanitizer's report in its output that
    // kill() or stop() did not throw is written to standard error and counted
    // (sanitizerReportsOutstanding), so the test program still fails.
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    // Waits up to `timeout` for a line of standard output that `accept` takes, and answers
    // it; throws with everything the program said when it exits or the time runs out first.
    std::string waitForLine(const std::function<bool(const std::string&)>& accept,
                            std::chrono::milliseconds timeout);
    // Waits up to `timeout` for `condition` over the output so far (standard output and error).
    bool waitForOutput(const std::function<bool(const std::string&)>& condition,
                       std::chrono::milliseconds timeout);

    // Kills the program at once (SIGKILL, as a crash or `kill -9`) and waits for it to go.
    // Both throw, with its output, when the program printed a sanitizer's report: a fault
    // in a child fails the test even when the test expected the child to die.
    void kill();
    // Asks it to stop (SIGTERM) and waits up to `timeout`, then kills it; answers its exit code.
    int stop(std::chrono::milliseconds timeout = std::chrono::seconds(10));
    bool running();
    // Whether its output so far holds a report of AddressSanitizer, LeakSanitizer,
    // UndefinedBehaviorSanitizer or ThreadSanitizer (the sanitizer builds' children inherit
    // the options that make such a report abort the program).
    bool sanitizerReported() const;
    // Reports seen in children destroyed without kill() or stop() throwing them; TestMain
    // fails the run when this is not 0.
    static int sanitizerReportsOutstanding();
    long pid() const { return static_cast<long>(_process->id()); }

    // Standard output and error so far, interleaved as read (the last 256 KiB).
    std::string output() const;
    const std::string& commandLine() const { return _commandLine; }

    // Where a program of that name is on PATH; empty when nowhere.
    static std::string findOnPath(const std::string& program);

private:
    void drain(Poco::Pipe& pipe, bool isStdout);
    void reap();
    void end(); // kill() without the sanitizer check
    void awaitPipesClosed(std::chrono::milliseconds timeout);
    void throwIfSanitizerReported();

    std::string _commandLine;
    Poco::Pipe _stdout;
    Poco::Pipe _stderr;
    std::unique_ptr<Poco::ProcessHandle> _process;
    bool _exited = false;
    int _exitCode = -1;

    mutable std::mutex _mutex;
    std::condition_variable _changed;
    std::string _output;
    std::string _partialLine;
    std::vector<std::string> _lines; // complete lines of standard output not yet taken
    std::string _scannedTail[2];     // each pipe's last bytes, for a marker split across reads
    bool _sanitizerReported = false;
    bool _sanitizerReportThrown = false;
    int _openPipes = 2;
    std::thread _stdoutReader;
    std::thread _stderrReader;
};

} // namespace molar::test
