#include "log/Logging.h"

#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/FileChannel.h>
#include <Poco/FormattingChannel.h>
#include <Poco/Logger.h>
#include <Poco/PatternFormatter.h>
#include <Poco/SplitterChannel.h>

namespace molar::host {

void configureLogging(const LoggingSettings& settings)
{
    Poco::AutoPtr<Poco::SplitterChannel> splitter(new Poco::SplitterChannel);
    if (settings.console)
        splitter->addChannel(new Poco::ConsoleChannel);
    if (!settings.file.empty()) {
        Poco::AutoPtr<Poco::FileChannel> file(new Poco::FileChannel(settings.file));
        file->setProperty("rotation", settings.rotation);
        file->setProperty("archive", "timestamp");
        file->setProperty("purgeCount", std::to_string(settings.archives));
        file->setProperty("times", "utc");
        splitter->addChannel(file);
    }
    Poco::AutoPtr<Poco::PatternFormatter> pattern(
        new Poco::PatternFormatter("%Y-%m-%dT%H:%M:%S.%iZ %q %s: %t"));
    Poco::AutoPtr<Poco::FormattingChannel> formatting(new Poco::FormattingChannel(pattern, splitter));
    Poco::Logger::root().setChannel(formatting);
    Poco::Logger::root().setLevel(settings.level);
    // Loggers made before this point keep their old channel unless told.
    Poco::Logger::setChannel("", formatting);
    Poco::Logger::setLevel("", Poco::Logger::parseLevel(settings.level));
    for (const auto& [subsystem, level] : settings.levels)
        Poco::Logger::setLevel(subsystem, Poco::Logger::parseLevel(level));
}

} // namespace molar::host
