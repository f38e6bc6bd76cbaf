#pragma once

// A tests/support/smtp-sink.py process on a free loopback port, and the messages
// it kept; a throw-away folder; and a self-signed certificate for 127.0.0.1.
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/TemporaryFile.h>

#include <csignal>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace molar::notifyemail::test {

class TempDir
{
public:
    TempDir() : _path(Poco::TemporaryFile::tempName()) { Poco::File(_path).createDirectories(); }
    ~TempDir()
    {
        try {
            Poco::File(_path).remove(true);
        } catch (...) {
        }
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return _path; }
    std::string file(const std::string& name) const { return Poco::Path(_path, name).toString(); }

private:
    std::string _path;
};

inline std::string readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read " + path);
    std::stringstream out;
    out << in.rdbuf();
    return out.str();
}

// Runs a command, failing with its output when it does not exit 0.
inline void run(const std::string& command, const std::vector<std::string>& args)
{
    Poco::Pipe output;
    Poco::ProcessHandle process = Poco::Process::launch(command, args, nullptr, &output, &output);
    Poco::PipeInputStream in(output);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (process.wait() != 0)
        throw std::runtime_error(command + " failed: " + text);
}

// cert.pem and key.pem for CN and subjectAltName 127.0.0.1, made once per run.
class Certificate
{
public:
    static const Certificate& instance()
    {
        static Certificate certificate;
        return certificate;
    }
    std::string certFile() const { return _dir.file("cert.pem"); }
    std::string keyFile() const { return _dir.file("key.pem"); }

private:
    Certificate()
    {
        run("openssl",
            {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
             "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", keyFile(), "-out", certFile()});
    }
    TempDir _dir;
};

class SmtpSink
{
public:
    // `options` are the script's besides --port and --maildir.
    explicit SmtpSink(std::vector<std::string> options = {}) : _options(std::move(options)) { start(); }
    ~SmtpSink() { stop(); }
    SmtpSink(const SmtpSink&) = delete;
    SmtpSink& operator=(const SmtpSink&) = delete;

    int port() const { return _port; }
    const TempDir& maildir() const { return _maildir; }

    // Starts the sink; on the port it had before, after stop().
    void start()
    {
        std::vector<std::string> args{std::string(MOLAR_SOURCE_DIR) + "/tests/support/smtp-sink.py", "--port",
                                      std::to_string(_port), "--maildir", _maildir.path()};
        args.insert(args.end(), _options.begin(), _options.end());
        Poco::Pipe output;
        _process = std::make_unique<Poco::ProcessHandle>(
            Poco::Process::launch(MOLAR_PYTHON, args, nullptr, &output, nullptr));
        Poco::PipeInputStream in(output);
        std::string word;
        in >> word >> _port;
        if (word != "ready" || _port <= 0) {
            stop();
            throw std::runtime_error("smtp-sink.py did not print 'ready <port>'");
        }
    }

    void stop()
    {
        if (!_process)
            return;
        ::kill(_process->id(), SIGTERM);
        _process->wait();
        _process.reset();
    }

    // How many messages the sink kept; the n-th (from 1) as received, and its envelope.
    int count() const
    {
        int n = 0;
        while (Poco::File(_maildir.file(std::to_string(n + 1) + ".eml")).exists())
            ++n;
        return n;
    }
    std::string eml(int n) const { return readFile(_maildir.file(std::to_string(n) + ".eml")); }
    std::string envelope(int n) const { return readFile(_maildir.file(std::to_string(n) + ".json")); }

private:
    std::vector<std::string> _options;
    TempDir _maildir;
    int _port = 0;
    std::unique_ptr<Poco::ProcessHandle> _process;
};

} // namespace molar::notifyemail::test
