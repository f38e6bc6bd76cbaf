#pragma once

#include "BareCaseSetup.h"
#include "BareDatabase.h"
#include "BareRequest.h"
#include "BareView.h"

#include <Poco/Data/Session.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Types.h>
#include <kainjow/mustache.hpp>
#include <unicode/datefmt.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace molar::bench {

// Invoices a page shows, plus one telling whether an older page exists (InvoiceRoutes).
constexpr int InvoicePageSize = 25;

// A page of a clinic's invoices, a vector per column the list shows.
struct InvoiceRows
{
    std::vector<Poco::Int64> id;
    std::vector<std::string> number; // "" for a draft
    std::vector<std::string> state;
    std::vector<std::string> currency;
    std::vector<Poco::Int64> totalMinor;
    std::vector<Poco::Int64> paidMinor;
    std::vector<Poco::Int64> issuedAt; // UTC milliseconds
    std::vector<Poco::Int64> dueAt;

    std::size_t size() const { return id.size(); }
    void clear();
};

// One thread's connection and the query InvoiceStore::list sends for a clinic's page
// (its organization, the states a clinic sees, newest first, before an id), prepared
// once per shape and re-executed, rows extracted into vectors. Not thread-safe.
class InvoiceReader
{
public:
    explicit InvoiceReader(const BareDatabaseUrl& url);

    // Up to InvoicePageSize + 1 rows; valid until the next call.
    const InvoiceRows& list(Poco::Int64 organizationId, Poco::Int64 beforeId);

private:
    Poco::Data::Session _session;
    BareStatement _first;
    BareStatement _before;
    Poco::Int64 _organizationId = 0;
    Poco::Int64 _beforeId = 0;
    std::vector<std::string> _states; // bound one by one, so never resized
    InvoiceRows _rows;
};

// The database floor of an invoice page: its query from one thread for `seconds`.
double invoicePagesPerSecond(const BareDatabaseUrl& url, Poco::Int64 organizationId, double seconds);

// One thread's invoice list as a clinic owner sees it (InvoiceRoutes::list, InvoiceView::row):
// dates by ICU in the viewer's zone, amounts by ICU's currency formatter. Not thread-safe.
class InvoiceListPage
{
public:
    InvoiceListPage(const BareDatabaseUrl& url, const CaseListSetup& setup);

    // The whole HTML page. Throws std::invalid_argument for a zone ICU does not know.
    std::string render(const OwnerPageRequest& request);

private:
    static constexpr const char* OwnerName = "Pearl Owner";

    icu::DateFormat& dayIn(const std::string& zone);

    const CaseListSetup& _setup;
    InvoiceReader _reader;
    kainjow::mustache::mustache _invoices;
    kainjow::mustache::mustache _layout;
    std::map<std::string, std::unique_ptr<icu::DateFormat>> _days; // by zone
    MoneyFormats _money;
    std::uint64_t _served = 0;
};

// GET /billing/invoices?org=<organization id>[&before=<id>][&zone=<IANA zone>]: the page
// molard's GET /billing/invoices shows the organization's owner.
class InvoiceListHandler : public Poco::Net::HTTPRequestHandler
{
public:
    InvoiceListHandler(const BareDatabaseUrl& url, const CaseListSetup& setup) : _url(url), _setup(setup) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override;

private:
    const BareDatabaseUrl& _url;
    const CaseListSetup& _setup;
};

} // namespace molar::bench
