#pragma once

#include "molar/sdk/Export.h"

#include <cstdint>

namespace molar::sdk {

// Implemented by a plugin (besides Plugin) that keeps records naming a clinic, such as
// cases, invoices or warranties (SDK 1.5):
//
//     class CasesPlugin : public Plugin, public DemoData, public ClinicRecords { ... };
//
// When an organization's owner removes one of its clinics, the host asks every started
// plugin that implements it. A clinic some plugin holds records of is archived: hidden
// from Accounts::clinics() (so from pickers, and no new work names it) and kept for
// history; any other clinic is deleted. A plugin built before 1.5 lacks the interface,
// and its records do not hold a clinic back.
//
// holdsClinicRecords() runs on request threads and must be quick and thread-safe. An
// exception counts as "yes": the clinic is archived rather than lost.
//
// Ownership: the plugin instance owns it (the host finds it with dynamic_cast).
class MOLAR_SDK_API ClinicRecords
{
public:
    virtual ~ClinicRecords();
    ClinicRecords() = default;
    ClinicRecords(const ClinicRecords&) = delete; // interfaces are never copied or moved
    ClinicRecords& operator=(const ClinicRecords&) = delete;
    // Whether any record of the plugin (a draft included) names the clinic.
    virtual bool holdsClinicRecords(std::int64_t clinicId) = 0;
};

} // namespace molar::sdk
