#pragma once

// Test files built in code: scans, photos, documents and archives.
#include <zip.h>
#include <zlib.h>

#include <cstdio>
// jpeglib.h needs FILE and size_t declared first.
#include <jpeglib.h>

#include <cppunit/extensions/HelperMacros.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <list>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <sys/stat.h>

namespace molar::cases::fixtures {

inline void writeBytes(const std::string& path, const std::string& bytes)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out)
        throw std::runtime_error("cannot write " + path);
}

inline std::string readBytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void appendLittleEndian32(std::string& bytes, std::uint32_t value)
{
    for (int i = 0; i < 4; ++i)
        bytes += static_cast<char>((value >> (8 * i)) & 0xff);
}

inline void appendFloat(std::string& bytes, float value)
{
    std::uint32_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    appendLittleEndian32(bytes, bits);
}

// The 80-byte header padded with spaces, the count, then `triangles` small facets.
inline std::string binaryStl(std::uint32_t triangles, const std::string& header = "binary STL")
{
    std::string bytes = header.substr(0, 80);
    bytes.resize(80, ' ');
    appendLittleEndian32(bytes, triangles);
    for (std::uint32_t t = 0; t < triangles; ++t) {
        float x = static_cast<float>(t);
        for (float value : {0.0f, 0.0f, 1.0f, x, 0.0f, 0.0f, x + 1, 0.0f, 0.0f, x, 1.0f, 0.0f})
            appendFloat(bytes, value);
        bytes += std::string(2, '\0'); // attribute byte count
    }
    return bytes;
}

inline std::string asciiStl(int facets, bool end = true)
{
    std::string text = "solid tooth\n";
    for (int f = 0; f < facets; ++f) {
        std::string x = std::to_string(f);
        text += "  facet normal 0 0 1\n    outer loop\n"
                "      vertex " +
                x + " 0 0\n      vertex " + x + ".5 0 0\n      vertex " + x +
                " 1 0\n"
                "    endloop\n  endfacet\n";
    }
    if (end)
        text += "endsolid tooth\n";
    return text;
}

inline std::string asciiPly()
{
    return "ply\nformat ascii 1.0\ncomment made by a scanner\nelement vertex 3\nproperty float x\n"
           "property float y\nproperty float z\nelement face 1\nproperty list uchar int vertex_indices\n"
           "end_header\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n";
}

inline std::string binaryPly()
{
    std::string bytes = "ply\r\nformat binary_little_endian 1.0\r\nelement vertex 3\r\nproperty float x\r\n"
                        "property float y\r\nproperty float z\r\nend_header\r\n";
    for (float value : {0.0f, 0.0f, 0.0f, 1.0f, 0.0f, 0.0f, 0.0f, 1.0f, 0.0f})
        appendFloat(bytes, value);
    return bytes;
}

inline std::string obj()
{
    return "# exported by a scanner\nmtllib model.mtl\no jaw\nv 0 0 0\nv 1 0 0\nv 0 1 0\nvn 0 0 1\n"
           "vt 0 0\nusemtl gum\ns off\nf 1//1 2//1 3//1\n";
}

inline std::string materialLibrary()
{
    return "# materials\nnewmtl gum\nKa 1 1 1\nKd 0.8 0.4 0.4\nd 1\nillum 2\nmap_Kd texture.png\n";
}

inline std::string pdf()
{
    return "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
}

inline std::string dicom()
{
    std::string bytes(128, '\0');
    bytes += "DICM";
    bytes += std::string("\x02\x00\x00\x00UL\x04\x00\x00\x00\x00\x00", 12);
    return bytes;
}

// An 8x8 grey baseline JPEG, as libjpeg writes it.
inline std::string jpeg()
{
    static const unsigned char bytes[] = {
        0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00,
        0x01, 0x00, 0x00, 0xff, 0xdb, 0x00, 0x43, 0x00, 0x10, 0x0b, 0x0c, 0x0e, 0x0c, 0x0a, 0x10, 0x0e, 0x0d,
        0x0e, 0x12, 0x11, 0x10, 0x13, 0x18, 0x28, 0x1a, 0x18, 0x16, 0x16, 0x18, 0x31, 0x23, 0x25, 0x1d, 0x28,
        0x3a, 0x33, 0x3d, 0x3c, 0x39, 0x33, 0x38, 0x37, 0x40, 0x48, 0x5c, 0x4e, 0x40, 0x44, 0x57, 0x45, 0x37,
        0x38, 0x50, 0x6d, 0x51, 0x57, 0x5f, 0x62, 0x67, 0x68, 0x67, 0x3e, 0x4d, 0x71, 0x79, 0x70, 0x64, 0x78,
        0x5c, 0x65, 0x67, 0x63, 0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x08, 0x00, 0x08, 0x01, 0x01, 0x11, 0x00,
        0xff, 0xc4, 0x00, 0x14, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x03, 0xff, 0xc4, 0x00, 0x16, 0x10, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x41, 0xff, 0xda, 0x00, 0x08, 0x01,
        0x01, 0x00, 0x00, 0x3f, 0x00, 0x45, 0xd0, 0xff, 0xd9};
    return std::string(reinterpret_cast<const char*>(bytes), sizeof bytes);
}

// A 1x1 grey PNG.
inline std::string png()
{
    static const unsigned char bytes[] = {
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00,
        0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3a, 0x7e, 0x9b, 0x55, 0x00,
        0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x68, 0x00, 0x00, 0x00, 0x82, 0x00, 0x81,
        0x77, 0xcd, 0x72, 0xb6, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};
    return std::string(reinterpret_cast<const char*>(bytes), sizeof bytes);
}

inline std::string bigEndian32(std::uint32_t value)
{
    return {static_cast<char>(value >> 24), static_cast<char>(value >> 16), static_cast<char>(value >> 8),
            static_cast<char>(value)};
}

// One PNG chunk: length, type, data, CRC.
inline std::string pngChunk(const std::string& type, const std::string& data)
{
    uLong crc = crc32(0, reinterpret_cast<const Bytef*>(type.data()), 4);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size()));
    return bigEndian32(static_cast<std::uint32_t>(data.size())) + type + data +
           bigEndian32(static_cast<std::uint32_t>(crc));
}

inline std::string pngHeader(std::uint32_t width, std::uint32_t height, char interlace = 0)
{
    return pngChunk("IHDR", bigEndian32(width) + bigEndian32(height) + std::string("\x08\x00\x00\x00", 4) +
                                std::string(1, interlace));
}

// A `width` x `height` grey gradient, 8 bits, not interlaced; `extra` chunks go
// between IHDR and IDAT.
inline std::string gradientPng(std::uint32_t width, std::uint32_t height, const std::string& extra = "")
{
    std::string raw;
    for (std::uint32_t y = 0; y < height; ++y) {
        raw += '\0'; // filter: none
        for (std::uint32_t x = 0; x < width; ++x)
            raw += static_cast<char>((x * 7 + y * 13) & 0xff);
    }
    uLongf size = compressBound(static_cast<uLong>(raw.size()));
    std::string packed(size, '\0');
    if (compress(reinterpret_cast<Bytef*>(packed.data()), &size, reinterpret_cast<const Bytef*>(raw.data()),
                 static_cast<uLong>(raw.size())) != Z_OK)
        throw std::runtime_error("cannot compress the PNG's pixels");
    packed.resize(size);
    return std::string("\x89PNG\r\n\x1A\n", 8) + pngHeader(width, height) + extra + pngChunk("IDAT", packed) +
           pngChunk("IEND", "");
}

// A `width` x `height` colour gradient as libjpeg writes it at quality 90.
inline std::string gradientJpeg(int width, int height, bool progressive = false)
{
    jpeg_compress_struct info;
    jpeg_error_mgr errors;
    info.err = jpeg_std_error(&errors);
    jpeg_create_compress(&info);
    unsigned char* buffer = nullptr;
    unsigned long size = 0;
    jpeg_mem_dest(&info, &buffer, &size);
    info.image_width = static_cast<JDIMENSION>(width);
    info.image_height = static_cast<JDIMENSION>(height);
    info.input_components = 3;
    info.in_color_space = JCS_RGB;
    jpeg_set_defaults(&info);
    jpeg_set_quality(&info, 90, TRUE);
    if (progressive)
        jpeg_simple_progression(&info);
    jpeg_start_compress(&info, TRUE);
    std::string row(static_cast<std::size_t>(width) * 3, '\0');
    while (info.next_scanline < info.image_height) {
        for (int x = 0; x < width; ++x) {
            row[static_cast<std::size_t>(x) * 3] = static_cast<char>(x * 3);
            row[static_cast<std::size_t>(x) * 3 + 1] = static_cast<char>(info.next_scanline * 5);
            row[static_cast<std::size_t>(x) * 3 + 2] = static_cast<char>((x ^ info.next_scanline) * 11);
        }
        JSAMPROW line = reinterpret_cast<JSAMPROW>(row.data());
        jpeg_write_scanlines(&info, &line, 1);
    }
    jpeg_finish_compress(&info);
    jpeg_destroy_compress(&info);
    std::string bytes(reinterpret_cast<const char*>(buffer), size);
    std::free(buffer);
    return bytes;
}

// Bytes like a Windows program's: "MZ", then noise.
inline std::string executable(std::size_t size = 4096)
{
    std::string bytes = "MZ\x90";
    std::mt19937 random(42);
    while (bytes.size() < size)
        bytes += static_cast<char>(random() & 0xff);
    return bytes;
}

// The resource fork Finder stores as __MACOSX/._name.
inline std::string appleDouble()
{
    std::string bytes("\x00\x05\x16\x07\x00\x02\x00\x00", 8);
    bytes += "Mac OS X        ";
    bytes += std::string(58, '\0');
    return bytes;
}

// Builds an archive with libzip; contents stay alive until close().
class ZipWriter
{
public:
    explicit ZipWriter(const std::string& path)
    {
        int error = 0;
        _zip = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
        if (_zip == nullptr)
            throw std::runtime_error("cannot create " + path);
    }
    ~ZipWriter()
    {
        if (_zip != nullptr)
            zip_discard(_zip);
    }
    ZipWriter(const ZipWriter&) = delete;
    ZipWriter& operator=(const ZipWriter&) = delete;

    zip_uint64_t add(const std::string& name, std::string bytes)
    {
        _contents.push_back(std::move(bytes));
        const std::string& kept = _contents.back();
        zip_source_t* source = zip_source_buffer(_zip, kept.data(), kept.size(), 0);
        zip_int64_t index = source ? zip_file_add(_zip, name.c_str(), source, ZIP_FL_OVERWRITE) : -1;
        if (index < 0) {
            zip_source_free(source);
            throw std::runtime_error("cannot add " + name + ": " + zip_strerror(_zip));
        }
        return static_cast<zip_uint64_t>(index);
    }

    void addFolder(const std::string& name) { CPPUNIT_ASSERT(zip_dir_add(_zip, name.c_str(), 0) >= 0); }

    void addSymlink(const std::string& name, const std::string& target)
    {
        zip_uint64_t index = add(name, target);
        CPPUNIT_ASSERT_EQUAL(
            0, zip_file_set_external_attributes(_zip, index, 0, ZIP_OPSYS_UNIX,
                                                static_cast<zip_uint32_t>(S_IFLNK | 0777) << 16));
    }

    void store(zip_uint64_t index)
    {
        CPPUNIT_ASSERT_EQUAL(0, zip_set_file_compression(_zip, index, ZIP_CM_STORE, 0));
    }

    void encrypt(zip_uint64_t index)
    {
        CPPUNIT_ASSERT_EQUAL(0, zip_file_set_encryption(_zip, index, ZIP_EM_AES_256, "secret"));
    }

    void close()
    {
        if (zip_close(_zip) != 0)
            throw std::runtime_error(std::string("cannot write the archive: ") + zip_strerror(_zip));
        _zip = nullptr;
    }

private:
    zip_t* _zip = nullptr;
    std::list<std::string> _contents;
};

// Every entry of the archive at `path`, by name.
inline std::map<std::string, std::string> zipEntries(const std::string& path)
{
    std::map<std::string, std::string> out;
    int error = 0;
    zip_t* archive = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &error);
    CPPUNIT_ASSERT(archive != nullptr);
    for (zip_int64_t i = 0; i < zip_get_num_entries(archive, 0); ++i) {
        zip_stat_t stat;
        zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &stat);
        std::string bytes(stat.size, '\0');
        zip_file_t* file = zip_fopen_index(archive, static_cast<zip_uint64_t>(i), 0);
        CPPUNIT_ASSERT_EQUAL(static_cast<zip_int64_t>(stat.size), zip_fread(file, bytes.data(), stat.size));
        zip_fclose(file);
        out[stat.name] = bytes;
    }
    zip_discard(archive);
    return out;
}

} // namespace molar::cases::fixtures
