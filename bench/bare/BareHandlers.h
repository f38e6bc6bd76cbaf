#pragma once

#include "BareCaseSetup.h"
#include "BareDatabase.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>

namespace molar::bench {

// Routes GET /hello, GET /row/<id> and, given a CaseListSetup, GET /cases (see
// BareCaseList.h), GET /lab/cases (BareBoardPage.h) and GET /billing/invoices
// (BareInvoiceList.h) and GET /credits/activity (BareCreditActivity.h); everything
// else answers 404 or 405.
// Holds no state per request: one handler object serves every thread.
class BareHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory
{
public:
    // `cases`: null for a server without the case list; else it must outlive the factory.
    BareHandlerFactory(BareDatabaseUrl url, const CaseListSetup* cases);
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;

private:
    BareDatabaseUrl _url;
    const CaseListSetup* _cases;
};

} // namespace molar::bench
