#include "BareInvoiceList.h"

#include "BareRequest.h"
#include "BareSignIn.h"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/URI.h>
#include <unicode/locid.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <ctime>
#include <stdexcept>

using namespace Poco::Data::Keywords;
using Poco::Net::HTTPResponse;

namespace molar::bench {

namespace {

// The states a clinic's list shows, in the order InvoiceService::listFor asks for them.
const char* const ClinicStates[] = {"issued", "partly_paid", "paid", "overdue", "void"};

// The states the filter offers a clinic, in InvoiceListFilter's order.
const char* const FilterStates[] = {"issued", "partly_paid", "overdue", "paid", "void"};

std::string invoiceSql(bool before)
{
    return std::string("SELECT id, number, state, currency, total_minor, paid_minor, issued_at, due_at "
                       "FROM billing_invoices WHERE 1 = 1 AND organization_id = ? "
                       "AND state IN (?, ?, ?, ?, ?)") +
           (before ? " AND id < ?" : "") + " ORDER BY id DESC LIMIT " + std::to_string(InvoicePageSize + 1);
}

} // namespace

void InvoiceRows::clear()
{
    id.clear();
    number.clear();
    state.clear();
    currency.clear();
    totalMinor.clear();
    paidMinor.clear();
    issuedAt.clear();
    dueAt.clear();
}

InvoiceReader::InvoiceReader(const BareDatabaseUrl& url)
    : _session(threadSession(url)), _first(_session), _before(_session), _states(std::size(ClinicStates))
{
    std::copy(std::begin(ClinicStates), std::end(ClinicStates), _states.begin());
    for (bool before : {false, true}) {
        BareStatement& select = before ? _before : _first;
        select.sql(invoiceSql(before)).use(_organizationId);
        for (auto& state : _states)
            select.use(state);
        if (before)
            select.use(_beforeId);
        select.into(_rows.id).into(_rows.number).into(_rows.state).into(_rows.currency);
        select.into(_rows.totalMinor).into(_rows.paidMinor).into(_rows.issuedAt).into(_rows.dueAt);
    }
}

const InvoiceRows& InvoiceReader::list(Poco::Int64 organizationId, Poco::Int64 beforeId)
{
    _organizationId = organizationId;
    _beforeId = beforeId;
    _rows.clear();
    (beforeId ? _before : _first).execute();
    return _rows;
}

double invoicePagesPerSecond(const BareDatabaseUrl& url, Poco::Int64 organizationId, double seconds)
{
    InvoiceReader reader(url);
    return pagesPerSecond([&] { reader.list(organizationId, 0); }, seconds);
}

InvoiceListPage::InvoiceListPage(const BareDatabaseUrl& url, const CaseListSetup& setup)
    : _setup(setup), _reader(url), _invoices(setup.invoicesTemplate), _layout(setup.layoutTemplate)
{
    if (!_invoices.is_valid())
        throw std::runtime_error("invoices template: " + _invoices.error_message());
    if (!_layout.is_valid())
        throw std::runtime_error("layout template: " + _layout.error_message());
}

icu::DateFormat& InvoiceListPage::dayIn(const std::string& zone)
{
    auto found = _days.find(zone);
    if (found != _days.end())
        return *found->second;
    std::unique_ptr<icu::TimeZone> timeZone(
        icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(zone)));
    if (!timeZone || *timeZone == icu::TimeZone::getUnknown())
        throw std::invalid_argument("unknown time zone " + zone);
    // IcuLocales::date: the medium date of the reader's language, in their zone.
    std::unique_ptr<icu::DateFormat> format(
        icu::DateFormat::createDateInstance(icu::DateFormat::kMedium, icu::Locale::getEnglish()));
    if (!format)
        throw std::runtime_error("no ICU date format for English");
    format->adoptTimeZone(timeZone.release());
    return *_days.emplace(zone, std::move(format)).first->second;
}

std::string InvoiceListPage::render(const OwnerPageRequest& request)
{
    icu::DateFormat& day = dayIn(request.zone);
    ++_served;
    const InvoiceRows& rows = _reader.list(request.organizationId, request.beforeId);
    const std::size_t shown = std::min(rows.size(), static_cast<std::size_t>(InvoicePageSize));
    const auto dayOf = [&day](Poco::Int64 utcMillis) {
        return utcMillis ? zonedTime(day, utcMillis / 1000) : std::string();
    };

    ViewData list(ViewData::type::list);
    for (std::size_t r = 0; r < shown; ++r) {
        const std::string& state = rows.state[r];
        ViewData row(ViewData::type::object);
        row.set("href", "/billing/invoices/" + std::to_string(rows.id[r]));
        row.set("number",
                viewText(rows.number[r].empty() ? _setup.translate("billing.page.draft") : rows.number[r]));
        row.set("organization", false);
        row.set("issuedOn", viewText(dayOf(rows.issuedAt[r])));
        row.set("dueOn", viewText(dayOf(rows.dueAt[r])));
        row.set("state", viewText(_setup.translate("billing.page.state." + state)));
        row.set("stateCode", viewText(state));
        row.set("total", viewText(_money.format(rows.totalMinor[r], rows.currency[r])));
        row.set("balance", viewText(_money.format(rows.totalMinor[r] - rows.paidMinor[r], rows.currency[r])));
        list.push_back(row);
    }
    ViewData states(ViewData::type::list);
    for (const char* state : FilterStates) {
        ViewData option(ViewData::type::object);
        option.set("value", state);
        option.set("label", viewText(_setup.translate(std::string("billing.page.state.") + state)));
        option.set("selected", false);
        states.push_back(option);
    }
    ViewData data(ViewData::type::object);
    data.set("lab", false);
    data.set("action", "/billing/invoices");
    data.set("states", states);
    data.set("organizations", ViewData(ViewData::type::list));
    data.set("rows", list);
    data.set("hasRows", shown > 0);
    data.set("filtered", request.beforeId != 0);
    if (rows.size() > shown)
        data.set("nextHref", "/billing/invoices?before=" + std::to_string(rows.id[shown - 1]));
    LayoutViewer viewer;
    viewer.path = "/billing/invoices";
    viewer.returnPath = request.returnPath;
    viewer.title = _setup.invoicesTitle;
    viewer.userName = OwnerName;
    viewer.orgOwner = true;
    viewer.menu = &_setup.menu;
    return renderPage(_setup, _invoices, data, _layout, viewer, std::to_string(_served), std::time(nullptr),
                      "invoices");
}

void InvoiceListHandler::handleRequest(Poco::Net::HTTPServerRequest& request,
                                       Poco::Net::HTTPServerResponse& response)
{
    OwnerPageRequest page;
    const std::string problem = readOwnerPage(request.getURI(), "/billing/invoices", _setup.labZone, page);
    if (!problem.empty())
        return answer(response, HTTPResponse::HTTP_BAD_REQUEST, "text/plain", problem + "\n");

    if (!signedInOwner(_url, request, response, page.organizationId))
        return;

    // Destroyed when the server's pool ends the thread, closing its connection.
    thread_local std::unique_ptr<InvoiceListPage> pages;
    answerPage(
        response, "invoices",
        [&] {
            if (!pages)
                pages = std::make_unique<InvoiceListPage>(_url, _setup);
            return pages->render(page);
        },
        [] { pages.reset(); });
}

} // namespace molar::bench
