#pragma once

#include "web/ClinicViewer.h"

#include "molar/sdk/Payments.h"

#include <string>

namespace molar::credits {

// A saved card as the viewer reads it: "Visa •••• 4242". Only brand and last four are shown.
std::string describeCard(const ClinicViewer& viewer, const sdk::SavedPaymentMethod& method);

} // namespace molar::credits
