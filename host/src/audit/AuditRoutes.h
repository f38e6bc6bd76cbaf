#pragma once

#include "audit/AuditLog.h"
#include "http/Router.h"
#include "views/ViewEngine.h"

namespace molar::host {

// The lab admins' view of the audit log: search (who, action, object, date range)
// with keyset paging, and the same search as a CSV download.
class AuditRoutes
{
public:
    AuditRoutes(AuditLog& audit, ViewEngine& views) : _audit(audit), _views(views) {}
    void registerAll(Router& router);

    // The filters of a request's query string; a malformed date is a 400.
    static AuditQuery queryFrom(const sdk::Request& request);

private:
    void page(sdk::Request& request, sdk::Response& response);
    void csv(sdk::Request& request, sdk::Response& response);

    AuditLog& _audit;
    ViewEngine& _views;
};

} // namespace molar::host
