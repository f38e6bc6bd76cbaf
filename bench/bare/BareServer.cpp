// molar-bare-server: the baseline of bench/run.sh. A plain Poco HTTPServer doing
// what the bench plugin does behind molard, with nothing else in the way.
//
//   molar-bare-server --port 8081 --db sqlite:/tmp/bench.db --threads 32

#include "BareDatabase.h"
#include "BareHandlers.h"

#include <Poco/Data/MySQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Exception.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/NumberParser.h>
#include <Poco/ThreadPool.h>

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <pthread.h>
#include <string>

namespace {

struct Options
{
    std::string address = "127.0.0.1";
    unsigned port = 8081;
    std::string db;
    int threads = 32;
    int queue = 64;
};

void usage(std::ostream& out)
{
    out << "usage: molar-bare-server --db URL [--port N] [--threads N] [--queue N] [--address A]\n"
           "  --db URL       sqlite:<path> or mysql://user:password@host:port/database\n"
           "  --port N       port to listen on (default 8081)\n"
           "  --threads N    HTTP worker threads, one per open connection (default 32)\n"
           "  --queue N      connections that may wait for a thread (default 64, as molard)\n"
           "  --address A    address to bind (default 127.0.0.1)\n";
}

bool parse(int argc, char** argv, Options& options)
{
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            usage(std::cout);
            std::exit(0);
        }
        if (i + 1 >= argc) {
            std::cerr << "molar-bare-server: " << arg << " needs a value\n";
            return false;
        }
        const std::string value = argv[++i];
        if (arg == "--port") {
            if (!Poco::NumberParser::tryParseUnsigned(value, options.port) || options.port > 65535) {
                std::cerr << "molar-bare-server: bad --port " << value << "\n";
                return false;
            }
        } else if (arg == "--threads") {
            if (!Poco::NumberParser::tryParse(value, options.threads) || options.threads < 1) {
                std::cerr << "molar-bare-server: bad --threads " << value << "\n";
                return false;
            }
        } else if (arg == "--queue") {
            if (!Poco::NumberParser::tryParse(value, options.queue) || options.queue < 1) {
                std::cerr << "molar-bare-server: bad --queue " << value << "\n";
                return false;
            }
        } else if (arg == "--db") {
            options.db = value;
        } else if (arg == "--address") {
            options.address = value;
        } else {
            std::cerr << "molar-bare-server: unknown option " << arg << "\n";
            return false;
        }
    }
    if (options.db.empty()) {
        std::cerr << "molar-bare-server: --db is required\n";
        return false;
    }
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    Options options;
    if (!parse(argc, argv, options)) {
        usage(std::cerr);
        return 2;
    }

    // Block the stop signals before any thread starts, so every thread inherits
    // the mask and only sigwait() below receives them.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::MySQL::Connector::registerConnector();
    try {
        const auto url = molar::bench::BareDatabaseUrl::parse(options.db);
        molar::bench::seedItems(url);

        // Poco's default pool stops at 16 threads, below --threads; give the
        // server a pool of its own so maxThreads is what it says.
        Poco::ThreadPool pool("bare-http", 2, options.threads);
        auto* params = new Poco::Net::HTTPServerParams;
        params->setMaxThreads(options.threads);
        params->setMaxQueued(options.queue);
        params->setKeepAlive(true);
        params->setKeepAliveTimeout(Poco::Timespan(5, 0));
        params->setTimeout(Poco::Timespan(30, 0));

        // The same listen backlog, queue, keep-alive and timeouts as molard's defaults.
        Poco::Net::ServerSocket socket(
            Poco::Net::SocketAddress(options.address, static_cast<Poco::UInt16>(options.port)), 256);
        Poco::Net::HTTPServer server(new molar::bench::BareHandlerFactory(url), pool, socket, params);
        server.start();
        std::cerr << "molar-bare-server: listening on " << socket.address().toString() << " with "
                  << options.threads << " threads, " << url.connector << " database" << std::endl;

        int signal = 0;
        sigwait(&stopSignals, &signal);
        server.stopAll(true);
        pool.joinAll();
    } catch (const Poco::Exception& e) {
        std::cerr << "molar-bare-server: " << e.displayText() << std::endl;
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "molar-bare-server: " << e.what() << std::endl;
        return 1;
    }
    Poco::Data::MySQL::Connector::unregisterConnector();
    Poco::Data::SQLite::Connector::unregisterConnector();
    return 0;
}
