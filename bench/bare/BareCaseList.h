#pragma once

#include "BareCaseSetup.h"
#include "BareDatabase.h"

#include <Poco/Net/HTTPRequestHandler.h>

namespace molar::bench {

// GET /cases?org=<organization id>[&after=<updated>.<id>][&status=<stage>][&zone=<IANA zone>]:
// the page molard's GET /cases shows the organization's owner, made the plainest way
// that does the same work: the same two queries, the same 25 rows with their dates
// formatted by ICU in the zone, the same list and layout templates rendered by kainjow
// Mustache. No session, router or middleware: a fixed signed-in owner. What molard
// spends beyond this page is what it adds.
class CaseListHandler : public Poco::Net::HTTPRequestHandler
{
public:
    CaseListHandler(const BareDatabaseUrl& url, const CaseListSetup& setup) : _url(url), _setup(setup) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override;

private:
    const BareDatabaseUrl& _url;
    const CaseListSetup& _setup;
};

} // namespace molar::bench
