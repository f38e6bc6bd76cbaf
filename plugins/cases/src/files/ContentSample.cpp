#include "files/ContentSample.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <system_error>
#include <vector>

namespace molar::cases {

bool isTextByte(unsigned char c)
{
    // Tab, line feed, vertical tab, form feed and carriage return; bytes from 0x80
    // up belong to UTF-8 names and comments.
    return (c >= 0x20 && c != 0x7f) || (c >= 0x09 && c <= 0x0d);
}

void SampleBuilder::add(const char* data, std::size_t length)
{
    _sample.size += length;

    if (_sample.head.size() < ContentSample::headBytes) {
        std::size_t take = std::min(length, ContentSample::headBytes - _sample.head.size());
        _sample.head.append(data, take);
    }

    if (!_sample.text)
        return;
    for (std::size_t i = 0; i < length; ++i) {
        if (!isTextByte(static_cast<unsigned char>(data[i]))) {
            _sample.text = false;
            _sample.tail.clear();
            return;
        }
    }

    if (length >= ContentSample::tailBytes) {
        _sample.tail.assign(data + length - ContentSample::tailBytes, ContentSample::tailBytes);
    } else {
        _sample.tail.append(data, length);
        // Trimmed in batches so that small chunks do not move the tail every time.
        if (_sample.tail.size() > 2 * ContentSample::tailBytes)
            _sample.tail.erase(0, _sample.tail.size() - ContentSample::tailBytes);
    }
}

ContentSample SampleBuilder::take()
{
    if (_sample.tail.size() > ContentSample::tailBytes)
        _sample.tail.erase(0, _sample.tail.size() - ContentSample::tailBytes);
    return std::move(_sample);
}

ContentSample sampleFile(const std::string& path)
{
    std::error_code error;
    std::uint64_t size = std::filesystem::file_size(path, error);
    if (error)
        throw std::runtime_error("cannot read " + path + ": " + error.message());

    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot open " + path);

    SampleBuilder builder;
    std::vector<char> buffer(ContentSample::headBytes);
    while (builder.wantsMore()) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        std::streamsize got = in.gcount();
        if (got > 0)
            builder.add(buffer.data(), static_cast<std::size_t>(got));
        if (!in) {
            if (!in.eof())
                throw std::runtime_error("cannot read " + path);
            break;
        }
    }

    ContentSample sample = builder.take();
    // A binary file is read no further than its head; its size comes from the file system.
    if (sample.text && sample.size != size)
        throw std::runtime_error("cannot read " + path + ": it changed while being read");
    sample.size = size;
    return sample;
}

} // namespace molar::cases
