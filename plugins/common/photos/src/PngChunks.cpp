#include "molar/photos/PngChunks.h"

#include <zlib.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <set>
#include <stdexcept>

namespace molar::photos {

namespace {

const std::string signature("\x89PNG\r\n\x1A\n", 8);

// Chunks that carry pixels or say how to show them; none holds free text.
const std::set<std::string>& keptChunks()
{
    static const std::set<std::string> kept{"IHDR", "PLTE", "IDAT", "IEND", "tRNS", "cHRM", "gAMA",
                                            "iCCP", "sBIT", "sRGB", "cICP", "mDCv", "cLLI", "bKGD",
                                            "hIST", "pHYs", "acTL", "fcTL", "fdAT"};
    return kept;
}

constexpr std::uint32_t largestChunk = 0x7FFFFFFF;
constexpr std::uint32_t largestExif = 1024 * 1024;

std::uint32_t bigEndian(const unsigned char* bytes)
{
    return (std::uint32_t(bytes[0]) << 24) | (std::uint32_t(bytes[1]) << 16) |
           (std::uint32_t(bytes[2]) << 8) | bytes[3];
}

std::string bigEndianBytes(std::uint32_t value)
{
    return {static_cast<char>(value >> 24), static_cast<char>(value >> 16), static_cast<char>(value >> 8),
            static_cast<char>(value)};
}

class ChunkReader
{
public:
    explicit ChunkReader(const std::string& path) : _in(path, std::ios::binary)
    {
        if (!_in)
            throw std::runtime_error("cannot open " + path);
        std::string start(signature.size(), '\0');
        _in.read(start.data(), static_cast<std::streamsize>(start.size()));
        if (!_in || start != signature)
            throw std::runtime_error("no PNG signature");
    }

    // The next chunk's header; false after IEND.
    bool next()
    {
        if (_type == "IEND")
            return false;
        std::array<unsigned char, 8> header;
        _in.read(reinterpret_cast<char*>(header.data()), header.size());
        if (!_in)
            throw std::runtime_error("the PNG ends before IEND");
        _length = bigEndian(header.data());
        _type.assign(reinterpret_cast<const char*>(header.data() + 4), 4);
        if (_length > largestChunk)
            throw std::runtime_error("chunk " + _type + " declares an impossible length");
        for (char c : _type)
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
                throw std::runtime_error("a chunk type is not four letters");
        return true;
    }

    const std::string& type() const { return _type; }
    std::uint32_t length() const { return _length; }

    // Streams the chunk's data to `sink` in blocks and checks its CRC.
    void read(const std::function<void(const char*, std::size_t)>& sink)
    {
        uLong crc = crc32(0, reinterpret_cast<const Bytef*>(_type.data()), 4);
        std::array<char, 64 * 1024> buffer;
        std::uint32_t left = _length;
        while (left > 0) {
            const std::size_t take = std::min<std::size_t>(left, buffer.size());
            _in.read(buffer.data(), static_cast<std::streamsize>(take));
            if (!_in)
                throw std::runtime_error("chunk " + _type + " is cut short");
            crc = crc32(crc, reinterpret_cast<const Bytef*>(buffer.data()), static_cast<uInt>(take));
            sink(buffer.data(), take);
            left -= static_cast<std::uint32_t>(take);
        }
        unsigned char stored[4];
        _in.read(reinterpret_cast<char*>(stored), 4);
        if (!_in || bigEndian(stored) != crc)
            throw std::runtime_error("chunk " + _type + " fails its CRC");
    }

    void skip()
    {
        read([](const char*, std::size_t) {});
    }

private:
    std::ifstream _in;
    std::string _type;
    std::uint32_t _length = 0;
};

void writeChunk(std::ostream& out, const std::string& type, const std::string& data)
{
    uLong crc = crc32(0, reinterpret_cast<const Bytef*>(type.data()), 4);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size()));
    out << bigEndianBytes(static_cast<std::uint32_t>(data.size())) << type << data
        << bigEndianBytes(static_cast<std::uint32_t>(crc));
}

} // namespace

void stripPngChunks(const std::string& path, const std::function<std::string(const std::string&)>& exif)
{
    const std::string rewritten = path + ".stripped";
    try {
        ChunkReader reader(path);
        std::ofstream out(rewritten, std::ios::binary | std::ios::trunc);
        if (!out)
            throw std::runtime_error("cannot write " + rewritten);
        out << signature;
        while (reader.next()) {
            const std::string type = reader.type();
            if (keptChunks().count(type)) {
                out << bigEndianBytes(reader.length()) << type;
                // The CRC covers the same bytes; the reader has checked it against the data.
                uLong crc = crc32(0, reinterpret_cast<const Bytef*>(type.data()), 4);
                reader.read([&](const char* data, std::size_t size) {
                    out.write(data, static_cast<std::streamsize>(size));
                    crc = crc32(crc, reinterpret_cast<const Bytef*>(data), static_cast<uInt>(size));
                });
                out << bigEndianBytes(static_cast<std::uint32_t>(crc));
            } else if (type == "eXIf" && reader.length() <= largestExif) {
                std::string payload;
                reader.read([&](const char* data, std::size_t size) { payload.append(data, size); });
                if (std::string kept = exif(payload); !kept.empty())
                    writeChunk(out, "eXIf", kept);
            } else {
                reader.skip();
            }
        }
        out.close();
        if (!out)
            throw std::runtime_error("cannot write " + rewritten);
        std::filesystem::rename(rewritten, path);
    } catch (...) {
        std::error_code ignored;
        std::filesystem::remove(rewritten, ignored);
        throw;
    }
}

std::vector<std::string> pngChunkTypes(const std::string& path)
{
    std::vector<std::string> types;
    ChunkReader reader(path);
    while (reader.next()) {
        types.push_back(reader.type());
        reader.skip();
    }
    return types;
}

} // namespace molar::photos
