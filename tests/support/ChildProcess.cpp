#include "ChildProcess.h"

#include <Poco/Environment.h>
#include <Poco/File.h>
#include <Poco/Path.h>

#include <atomic>
#include <csignal>
#include <iostream>
#include <stdexcept>

namespace molar::test {

namespace {

constexpr std::size_t keptOutput = 256 * 1024;

// The first line of each sanitizer's report (UBSan's has the file and line before it).
constexpr const char* sanitizerMarkers[] = {"ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                                            "WARNING: ThreadSanitizer", ": runtime error: "};
constexpr std::size_t longestMarker = 32;

std::atomic<int> outstandingReports{0};

bool holdsSanitizerMarker(const std::string& text)
{
    for (const char* marker : sanitizerMarkers)
        if (text.find(marker) != std::string::npos)
            return true;
    return false;
}

} // namespace

std::string ChildProcess::findOnPath(const std::string& program)
{
    Poco::Path found;
    if (Poco::Path::find(Poco::Environment::get("PATH", "/usr/local/bin:/usr/bin:/bin"), program, found))
        return found.toString();
    return {};
}

ChildProcess::ChildProcess(const std::string& program, const std::vector<std::string>& arguments,
                           const std::string& directory, const Environment& environment)
{
    std::string path = program;
    if (program.find('/') == std::string::npos)
        path = findOnPath(program);
    if (path.empty() || !Poco::File(path).exists())
        throw std::runtime_error("cannot run " + program + ": " +
                                 (path.empty() ? "not found on PATH" : path + " does not exist"));
    _commandLine = path;
    for (const auto& argument : arguments)
        _commandLine += " " + argument;
    Poco::Process::Env env(environment.begin(), environment.end());
    _process = std::make_unique<Poco::ProcessHandle>(
        Poco::Process::launch(path, arguments, directory.empty() ? Poco::Path::current() : directory, nullptr,
                              &_stdout, &_stderr, env));
    _stdoutReader = std::thread([this] { drain(_stdout, true); });
    _stderrReader = std::thread([this] { drain(_stderr, false); });
}

ChildProcess::~ChildProcess()
{
    try {
        end();
    } catch (...) {
    }
    if (_stdoutReader.joinable())
        _stdoutReader.join();
    if (_stderrReader.joinable())
        _stderrReader.join();
    // Destructors may not throw, so a report nobody was told of fails the test program instead.
    if (sanitizerReported() && !_sanitizerReportThrown) {
        ++outstandingReports;
        std::cerr << "\n"
                  << _commandLine << " printed a sanitizer's report. Its output:\n"
                  << output() << "\n";
    }
}

void ChildProcess::drain(Poco::Pipe& pipe, bool isStdout)
{
    char buffer[4096];
    for (;;) {
        int n = 0;
        try {
            n = pipe.readBytes(buffer, sizeof buffer);
        } catch (...) {
            n = 0;
        }
        std::lock_guard<std::mutex> lock(_mutex);
        if (n <= 0) {
            if (isStdout && !_partialLine.empty())
                _lines.push_back(std::move(_partialLine));
            --_openPipes;
            _changed.notify_all();
            return;
        }
        // Scanned as it comes: the kept output drops its oldest bytes.
        std::string& tail = _scannedTail[isStdout ? 0 : 1];
        tail.append(buffer, static_cast<std::size_t>(n));
        if (!_sanitizerReported && holdsSanitizerMarker(tail))
            _sanitizerReported = true;
        if (tail.size() > longestMarker)
            tail.erase(0, tail.size() - longestMarker);
        _output.append(buffer, static_cast<std::size_t>(n));
        if (_output.size() > keptOutput)
            _output.erase(0, _output.size() - keptOutput);
        if (isStdout) {
            _partialLine.append(buffer, static_cast<std::size_t>(n));
            for (auto end = _partialLine.find('\n'); end != std::string::npos;
                 end = _partialLine.find('\n')) {
                std::string line = _partialLine.substr(0, end);
                if (!line.empty() && line.back() == '\r')
                    line.pop_back();
                _lines.push_back(std::move(line));
                _partialLine.erase(0, end + 1);
            }
        }
        _changed.notify_all();
    }
}

std::string ChildProcess::waitForLine(const std::function<bool(const std::string&)>& accept,
                                      std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::unique_lock<std::mutex> lock(_mutex);
    for (;;) {
        while (!_lines.empty()) {
            std::string line = std::move(_lines.front());
            _lines.erase(_lines.begin());
            if (accept(line))
                return line;
        }
        if (_openPipes == 0)
            throw std::runtime_error(_commandLine + " ended before it said it was ready. Its output:\n" +
                                     _output);
        if (_changed.wait_until(lock, deadline) == std::cv_status::timeout && _lines.empty())
            throw std::runtime_error(_commandLine + " did not say it was ready within " +
                                     std::to_string(timeout.count()) + " ms. Its output:\n" + _output);
    }
}

bool ChildProcess::waitForOutput(const std::function<bool(const std::string&)>& condition,
                                 std::chrono::milliseconds timeout)
{
    std::unique_lock<std::mutex> lock(_mutex);
    return _changed.wait_for(lock, timeout, [&] { return condition(_output) || _openPipes == 0; }) &&
           condition(_output);
}

std::string ChildProcess::output() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _output;
}

void ChildProcess::reap()
{
    if (_exited)
        return;
    const int code = Poco::Process::tryWait(*_process);
    if (code != -1) {
        _exited = true;
        _exitCode = code;
    }
}

bool ChildProcess::running()
{
    reap();
    return !_exited;
}

void ChildProcess::end()
{
    if (running()) {
        ::kill(static_cast<pid_t>(_process->id()), SIGKILL);
        _exitCode = Poco::Process::wait(*_process);
        _exited = true;
    }
    awaitPipesClosed(std::chrono::seconds(2));
}

void ChildProcess::kill()
{
    end();
    throwIfSanitizerReported();
}

int ChildProcess::stop(std::chrono::milliseconds timeout)
{
    if (running()) {
        ::kill(static_cast<pid_t>(_process->id()), SIGTERM);
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (running() && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    kill();
    return _exitCode;
}

void ChildProcess::awaitPipesClosed(std::chrono::milliseconds timeout)
{
    // What a program said last (LeakSanitizer's report, at exit) is still in the pipes when
    // it has gone; they close once it is read.
    std::unique_lock<std::mutex> lock(_mutex);
    _changed.wait_for(lock, timeout, [&] { return _openPipes == 0; });
}

bool ChildProcess::sanitizerReported() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _sanitizerReported;
}

int ChildProcess::sanitizerReportsOutstanding()
{
    return outstandingReports;
}

void ChildProcess::throwIfSanitizerReported()
{
    if (!sanitizerReported() || _sanitizerReportThrown)
        return;
    _sanitizerReportThrown = true;
    throw std::runtime_error(_commandLine + " printed a sanitizer's report. Its output:\n" + output());
}

} // namespace molar::test
