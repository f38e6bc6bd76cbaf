#pragma once

// Everything a plugin includes.
#include "molar/sdk/Accounts.h"
#include "molar/sdk/Audit.h"
#include "molar/sdk/Catalog.h"
#include "molar/sdk/ClinicRecords.h"
#include "molar/sdk/DemoData.h"
#include "molar/sdk/Errors.h"
#include "molar/sdk/Files.h"
#include "molar/sdk/Locale.h"
#include "molar/sdk/Money.h"
#include "molar/sdk/Notifications.h"
#include "molar/sdk/Payments.h"
#include "molar/sdk/Plugin.h"
#include "molar/sdk/RateLimits.h"
#include "molar/sdk/Signatures.h"
