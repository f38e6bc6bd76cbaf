#pragma once

// The SDK's version. A plugin records the version it was built against in its
// manifest; the host refuses a plugin built for another major version, or for a
// newer minor version than the host provides.
#define MOLAR_SDK_VERSION_MAJOR 1
#define MOLAR_SDK_VERSION_MINOR 3
#define MOLAR_SDK_VERSION_PATCH 0
#define MOLAR_SDK_VERSION "1.3.0"

// The ABI word a plugin exports first: major in the high 16 bits, minor in the low.
#define MOLAR_SDK_ABI ((MOLAR_SDK_VERSION_MAJOR << 16) | MOLAR_SDK_VERSION_MINOR)
