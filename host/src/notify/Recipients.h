#pragma once

#include "molar/sdk/Accounts.h"
#include "molar/sdk/Value.h"

#include <string>
#include <vector>

namespace molar::host {

// Who a rule's `to` names, in terms any plugin's payload can use; the host knows no
// plugin's fields:
//   user:<field>                  the user whose id is the payload's <field>
//   organization:<field>[:<role>] the active users of the clinic organization whose id
//                                 is the payload's <field> (owner, dentist, staff; all)
//   lab[:<role>]                  the active lab users (admin, technician, lead,
//                                 billing; all)
// A recipient that is not one of these is refused when the rules are read.
bool isRecipient(const std::string& recipient);
// What isRecipient() accepts, for error messages.
const std::string& recipientSyntax();

// The users the recipients name for one event, from its payload and the accounts.
// Each user appears once, in the order the recipients are given.
std::vector<sdk::UserInfo> resolveRecipients(sdk::Accounts& accounts,
                                             const std::vector<std::string>& recipients,
                                             const sdk::Value& payload);

} // namespace molar::host
