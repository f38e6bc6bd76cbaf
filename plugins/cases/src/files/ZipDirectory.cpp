#include "files/ZipDirectory.h"

#include <algorithm>
#include <fstream>
#include <string_view>

namespace molar::cases {

namespace {

using namespace std::string_view_literals;

constexpr std::size_t endRecordBytes = 22;
constexpr std::size_t longestComment = 0xffff;
constexpr std::size_t zip64LocatorBytes = 20;
constexpr std::size_t zip64EndRecordBytes = 56;

std::uint64_t littleEndian(const std::string& bytes, std::size_t at, std::size_t width)
{
    std::uint64_t value = 0;
    for (std::size_t i = width; i-- > 0;)
        value = value << 8 | static_cast<unsigned char>(bytes[at + i]);
    return value;
}

bool readAt(std::ifstream& in, std::uint64_t offset, std::size_t length, std::string& bytes)
{
    bytes.assign(length, '\0');
    in.clear();
    in.seekg(static_cast<std::streamoff>(offset));
    in.read(bytes.data(), static_cast<std::streamsize>(length));
    return static_cast<std::size_t>(in.gcount()) == length;
}

} // namespace

std::optional<std::uint64_t> declaredEntryCount(const std::string& path)
{
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in)
        return std::nullopt;
    auto size = static_cast<std::uint64_t>(in.tellg());
    if (size < endRecordBytes)
        return std::nullopt;

    // The end record sits at the very end, before a comment of up to 64 KiB.
    std::uint64_t windowStart = size - std::min<std::uint64_t>(size, endRecordBytes + longestComment);
    std::string window;
    if (!readAt(in, windowStart, static_cast<std::size_t>(size - windowStart), window))
        return std::nullopt;
    std::size_t record = window.rfind("PK\x05\x06"sv);
    if (record == std::string::npos || window.size() - record < endRecordBytes)
        return std::nullopt;
    std::uint64_t count = littleEndian(window, record + 10, 2);

    // A ZIP64 archive puts a locator right before the end record, pointing at the
    // record with 64-bit counts.
    std::uint64_t recordOffset = windowStart + record;
    std::string locator;
    if (recordOffset < zip64LocatorBytes ||
        !readAt(in, recordOffset - zip64LocatorBytes, zip64LocatorBytes, locator) ||
        locator.compare(0, 4, "PK\x06\x07"sv) != 0)
        return count;
    std::string zip64Record;
    std::uint64_t zip64Offset = littleEndian(locator, 8, 8);
    if (zip64Offset >= size || !readAt(in, zip64Offset, zip64EndRecordBytes, zip64Record) ||
        zip64Record.compare(0, 4, "PK\x06\x06"sv) != 0)
        return count;
    std::uint64_t zip64Count = littleEndian(zip64Record, 32, 8);
    // 0xffff in the end record means "see the ZIP64 record".
    return count == 0xffff ? zip64Count : std::max(count, zip64Count);
}

} // namespace molar::cases
