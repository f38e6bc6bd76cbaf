#pragma once

#include "audit/AuditLog.h"
#include "http/Router.h"
#include "notify/NotificationOutbox.h"
#include "views/ViewEngine.h"

namespace molar::host {

// The lab admins' view of the notification outbox: messages by status (pending,
// sent, failed), newest first with keyset paging, each with its recipient,
// channel, attempts, the provider's delivery status and the reason it failed; a
// failed message can be sent again; each message opens on a page of its own with
// what was sent (unless it held a secret).
class NotificationRoutes
{
public:
    NotificationRoutes(PooledDatabase& database, NotificationOutbox& outbox, AuditLog& audit,
                       ViewEngine& views)
        : _database(database), _outbox(outbox), _audit(audit), _views(views)
    {
    }
    void registerAll(Router& router);

private:
    void page(sdk::Request& request, sdk::Response& response);
    void detail(sdk::Request& request, sdk::Response& response);
    void retry(sdk::Request& request, sdk::Response& response);

    PooledDatabase& _database;
    NotificationOutbox& _outbox;
    AuditLog& _audit;
    ViewEngine& _views;
};

} // namespace molar::host
