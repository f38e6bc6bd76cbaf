#include "service/WarrantyEvents.h"

#include "molar/sdk/Events.h"

namespace molar::warranty {

sdk::Value warrantyEventPayload(sdk::Host& host, const Warranty& w)
{
    return sdk::Value::object({{"warrantyId", w.id},
                               {"number", w.number},
                               {"caseId", w.caseId},
                               {"caseNumber", w.caseNumber},
                               {"organizationId", w.organizationId},
                               {"clinicId", w.clinicId},
                               {"ownerUserId", w.ownerUserId},
                               {"restoration", w.restoration},
                               {"expiresOn", w.expiresOn},
                               {"warrantyUrl", host.publicUrl() + w.path()}});
}

void addCaseActivity(sdk::Host& host, sdk::Transaction& tx, const Warranty& w, const std::string& summaryKey,
                     const sdk::Value& summaryFields, const std::string& actor)
{
    host.events().publish(tx, "case.activity",
                          sdk::Value::object({{"caseId", w.caseId},
                                              {"kind", "warranty"},
                                              {"summaryKey", summaryKey},
                                              {"summaryFields", summaryFields},
                                              {"link", w.path()},
                                              {"actor", actor}}));
}

} // namespace molar::warranty
