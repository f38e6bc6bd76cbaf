#pragma once

// The SDK's version. A plugin records the version it was built against in its
// manifest; the host refuses a plugin built for another major version, or for a
// newer minor version than the host provides. This file is the one place the
// version is written: sdk/CMakeLists.txt reads it for the library and the
// MolarSDK CMake package.
//
// How the SDK evolves within a major version (docs/sdk.md, "How the SDK evolves"),
// so a plugin built against an older minor version keeps working unchanged:
// - An interface the host implements (Host, Accounts, Routes, ...) grows only at
//   the end of its most derived class; nothing is removed, reordered or changed.
//   A renamed call is added at the end, and the old name stays, forwarding to it.
// - An interface a plugin implements (Plugin, DemoData, ClinicRecords,
//   NotificationChannel, FileStore, ...) never changes: new abilities come as
//   new interfaces that the host probes for (dynamic_cast), so an older plugin
//   simply lacks them.
// - Copy and move are deleted on every interface, so none is ever sliced or
//   copied across the boundary.
// - A new minor version for every addition; a new major version for anything else.
#define MOLAR_SDK_VERSION_MAJOR 1
#define MOLAR_SDK_VERSION_MINOR 11
#define MOLAR_SDK_VERSION_PATCH 0
#define MOLAR_SDK_VERSION "1.11.0"

// The ABI word a plugin exports first: major in the high 16 bits, minor in the low.
#define MOLAR_SDK_ABI ((MOLAR_SDK_VERSION_MAJOR << 16) | MOLAR_SDK_VERSION_MINOR)
