#pragma once

#include "BareDatabase.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>

namespace molar::bench {

// Routes GET /hello and GET /row/<id>; everything else answers 404 or 405.
// Holds no state per request: one handler object serves every thread.
class BareHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory
{
public:
    explicit BareHandlerFactory(BareDatabaseUrl url);
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;

private:
    BareDatabaseUrl _url;
};

} // namespace molar::bench
