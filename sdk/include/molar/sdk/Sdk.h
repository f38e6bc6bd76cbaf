#pragma once

// Everything a plugin includes.
#include "molar/sdk/Errors.h"
#include "molar/sdk/Plugin.h"
