#pragma once

#include "molar/sdk/Accounts.h"
#include "molar/sdk/Value.h"

#include <string>
#include <vector>

namespace molar::host {

// The users a rule's `to` names for one event, read from its payload (userId,
// ownerUserId, createdBy, assignedTo, organizationId) and the accounts. Each user
// appears once, in the order the kinds are given.
std::vector<sdk::UserInfo> resolveRecipients(sdk::Accounts& accounts, const std::vector<std::string>& kinds,
                                             const sdk::Value& payload);

} // namespace molar::host
