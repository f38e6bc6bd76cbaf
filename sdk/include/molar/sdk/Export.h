#pragma once

// Everything builds with hidden visibility; only what carries this mark is exported.
// SDK interfaces are exported so their type information (and so dynamic_cast and
// exception matching) is shared by the host and every plugin.
#define MOLAR_SDK_API __attribute__((visibility("default")))
#define MOLAR_PLUGIN_EXPORT extern "C" __attribute__((visibility("default")))
