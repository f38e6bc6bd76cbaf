#pragma once

#include "molar/sdk/Config.h"

namespace molar::nps {

// The plugin's configuration (`nps.*`), checked in configure().
struct NpsSettings
{
    int linkDays = 14;        // a feedback link works this long after delivery
    int editHours = 48;       // an answer can be changed this long after it was first given
    int windowDays = 90;      // the public NPS counts the answers of these last days
    int followUpHours = 24;   // a low score's follow-up is due this long after the answer
    int answerPerMinute = 10; // posts of the public form one client address may make
};

// Reads and checks `nps.*`; throws sdk::ConfigError naming the key of a bad value.
NpsSettings readNpsSettings(sdk::Config& config);

} // namespace molar::nps
