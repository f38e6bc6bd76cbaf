#pragma once

#include "molar/sdk/Database.h"
#include "molar/sdk/Export.h"
#include "molar/sdk/Http.h"

#include <cstdint>
#include <string>

namespace molar::sdk {

// Who did something: a signed-in user, or the system (a job, a webhook).
struct Actor
{
    std::int64_t userId = 0; // 0 for the system
    std::string label;       // "Dr Lina Haddad <lina@clinic.example>" or "system"
    std::string address;     // the client's IP address, when from a request

    // The caller of a request, or an anonymous visitor from its address.
    static Actor of(const Request& request)
    {
        Actor actor;
        if (request.principal()) {
            actor.userId = request.principal()->userId;
            actor.label = request.principal()->displayName;
        } else {
            actor.label = "anonymous";
        }
        actor.address = request.clientAddress();
        return actor;
    }
    static Actor system(const std::string& what) { return Actor{0, "system: " + what, ""}; }
};

struct AuditEntry
{
    std::string action;              // "sign_in", "password.changed", "case.submitted", ...
    std::string objectType;          // "user", "organization", "case", ...
    std::string objectId;            // the object's id or number
    std::int64_t organizationId = 0; // the clinic organization concerned, 0 for none
    std::string detail;              // a short human-readable note; never secrets or passwords
};

// The append-only audit log of DESIGN.md: who did what, to what, when, from where.
// Entries are written in the caller's transaction, so an action and its entry
// commit together; nothing can change or delete them afterwards.
//
// Ownership: host owns; valid until Plugin::stop() returns. Thread-safe.
class MOLAR_SDK_API Audit
{
public:
    virtual ~Audit();
    Audit() = default;
    Audit(const Audit&) = delete; // interfaces are never copied or moved
    Audit& operator=(const Audit&) = delete;
    virtual void record(Transaction& tx, const Actor& actor, const AuditEntry& entry) = 0;
};

} // namespace molar::sdk
