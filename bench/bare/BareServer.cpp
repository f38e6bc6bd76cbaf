// molar-bare-server: the baseline of bench/run.sh and bench/cases.sh. A plain Poco
// HTTPServer doing what the bench plugin does behind molard, and with --templates the
// work of the cases plugin's list page and lab board, with nothing else in the way.
//
//   molar-bare-server --port 8081 --db sqlite:/tmp/bench.db --threads 32
//   molar-bare-server --port 8081 --db sqlite:/tmp/cases.db --templates .   # also GET /cases
//   molar-bare-server --floor --db sqlite:/tmp/cases.db --org 1 --status in_design
//   molar-bare-server --floor --board --db sqlite:/tmp/cases.db
//   molar-bare-server --floor --invoices --db sqlite:/tmp/cases.db --org 1
//   molar-bare-server --floor --activity --db sqlite:/tmp/cases.db --org 1

#include "BareBoardQueries.h"
#include "BareCaseQueries.h"
#include "BareCaseSetup.h"
#include "BareCreditActivity.h"
#include "BareDatabase.h"
#include "BareHandlers.h"
#include "BareInvoiceList.h"

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
#include <iomanip>
#include <iostream>
#include <memory>
#include <pthread.h>
#include <sqlite3.h>
#include <string>

namespace {

struct Options
{
    std::string address = "127.0.0.1";
    unsigned port = 8081;
    std::string db;
    int threads = 32;
    int queue = 64;
    std::string templates; // the source tree the case list reads; "" for none
    // --floor: the list page's queries in a loop instead of a server.
    bool floor = false;
    bool board = false;    // the lab board's queries rather than the case list's
    bool invoices = false; // the clinic's invoice list's
    bool activity = false; // the clinic's credit activity's
    Poco::Int64 organization = 0;
    std::string after;
    std::string status;
    double seconds = 3;
};

void usage(std::ostream& out)
{
    out << "usage: molar-bare-server --db URL [--port N] [--threads N] [--queue N] [--address A]\n"
           "                         [--templates DIR]\n"
           "       molar-bare-server --floor --db URL --org N [--after C] [--status S] [--seconds N]\n"
           "                         [--templates DIR]\n"
           "       molar-bare-server --floor --board --db URL [--after C] [--seconds N]\n"
           "       molar-bare-server --floor --invoices|--activity --db URL --org N [--seconds N]\n"
           "  --db URL         sqlite:<path> or mysql://user:password@host:port/database\n"
           "  --port N         port to listen on (default 8081)\n"
           "  --threads N      HTTP worker threads, one per open connection (default 32)\n"
           "  --queue N        connections that may wait for a thread (default 64, as molard)\n"
           "  --address A      address to bind (default 127.0.0.1)\n"
           "  --templates DIR  the source tree (templates/, config/, plugins/cases/): serve\n"
           "                   GET /cases?org=N[&after=C][&status=S][&zone=Z] and\n"
           "                   GET /lab/cases[?after=C][&zone=Z] and\n"
           "                   GET /billing/invoices?org=N[&before=I][&zone=Z] and\n"
           "                   GET /credits/activity?org=N[&before=I][&zone=Z] from --db\n"
           "  --floor          run the list page's two queries from one thread for --seconds\n"
           "                   (default 3), print \"floor <pages>/s\" and exit; the statuses of\n"
           "                   --status come from --templates' workflows, else from the data\n"
           "  --board          with --floor: the lab board's queries (no --org)\n"
           "  --invoices       with --floor: the clinic's invoice list's query\n"
           "  --activity       with --floor: the clinic's credit activity's query\n";
}

bool parse(int argc, char** argv, Options& options)
{
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            usage(std::cout);
            std::exit(0);
        }
        if (arg == "--floor" || arg == "--board" || arg == "--invoices" || arg == "--activity") {
            (arg == "--floor"      ? options.floor
             : arg == "--board"    ? options.board
             : arg == "--invoices" ? options.invoices
                                   : options.activity) = true;
            continue;
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
        } else if (arg == "--templates") {
            options.templates = value;
        } else if (arg == "--org") {
            if (!Poco::NumberParser::tryParse64(value, options.organization) || options.organization < 1) {
                std::cerr << "molar-bare-server: bad --org " << value << "\n";
                return false;
            }
        } else if (arg == "--after") {
            options.after = value;
        } else if (arg == "--status") {
            options.status = value;
        } else if (arg == "--seconds") {
            if (!Poco::NumberParser::tryParseFloat(value, options.seconds) || !(options.seconds > 0)) {
                std::cerr << "molar-bare-server: bad --seconds " << value << "\n";
                return false;
            }
        } else {
            std::cerr << "molar-bare-server: unknown option " << arg << "\n";
            return false;
        }
    }
    if (options.db.empty()) {
        std::cerr << "molar-bare-server: --db is required\n";
        return false;
    }
    if ((options.board || options.invoices || options.activity) && !options.floor) {
        std::cerr << "molar-bare-server: --board, --invoices and --activity go with --floor\n";
        return false;
    }
    if (options.floor && !options.board && options.organization == 0) {
        std::cerr << "molar-bare-server: --floor needs --org\n";
        return false;
    }
    return true;
}

// --floor: what the database alone allows, one list page after another.
int runFloor(const Options& options, const molar::bench::BareDatabaseUrl& url,
             const molar::bench::CaseListSetup* setup)
{
    molar::bench::CaseListQuery query;
    query.organizationId = options.organization;
    if (!options.after.empty()) {
        const auto dot = options.after.find('.');
        if (dot == std::string::npos ||
            !Poco::NumberParser::tryParse64(options.after.substr(0, dot), query.afterUpdatedAt) ||
            !Poco::NumberParser::tryParse64(options.after.substr(dot + 1), query.afterId) ||
            query.afterId < 1) {
            std::cerr << "molar-bare-server: bad --after " << options.after << " (<updatedAt>.<id>)\n";
            return 2;
        }
    }
    if (options.invoices || options.activity) {
        const double pages =
            options.invoices
                ? molar::bench::invoicePagesPerSecond(url, options.organization, options.seconds)
                : molar::bench::activityPagesPerSecond(url, options.organization, options.seconds);
        std::cout << "floor " << std::fixed << std::setprecision(0) << pages << "/s" << std::endl;
        return 0;
    }
    if (options.board) {
        const double pages =
            molar::bench::boardPagesPerSecond(url, query.afterUpdatedAt, query.afterId, options.seconds);
        std::cout << "floor " << std::fixed << std::setprecision(0) << pages << "/s" << std::endl;
        return 0;
    }
    if (!options.status.empty()) {
        query.stage = options.status;
        query.stageStatuses = setup ? setup->statusesOf(options.status)
                                    : molar::bench::CaseListReader(url).statusesInData(options.status);
    }
    const double pages = molar::bench::casePagesPerSecond(url, query, options.seconds);
    std::cout << "floor " << std::fixed << std::setprecision(0) << pages << "/s" << std::endl;
    return 0;
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

    // As molard's ConnectionPool: no process-wide mutex around SQLite's allocations.
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::MySQL::Connector::registerConnector();
    try {
        const auto url = molar::bench::BareDatabaseUrl::parse(options.db);
        std::unique_ptr<molar::bench::CaseListSetup> cases;
        if (!options.templates.empty())
            cases = std::make_unique<molar::bench::CaseListSetup>(
                molar::bench::CaseListSetup::read(options.templates));
        if (options.floor)
            return runFloor(options, url, cases.get());
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
        Poco::Net::HTTPServer server(new molar::bench::BareHandlerFactory(url, cases.get()), pool, socket,
                                     params);
        server.start();
        std::cerr << "molar-bare-server: listening on " << socket.address().toString() << " with "
                  << options.threads << " threads, " << url.connector << " database"
                  << (cases ? ", GET /cases, GET /lab/cases, GET /billing/invoices, GET /credits/activity"
                            : "")
                  << std::endl;

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
