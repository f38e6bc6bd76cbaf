#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace molar::cases {

// What the recognisers look at: the start and the end of the content, its size,
// and whether it is text throughout. Scans run to 200 MB, so nothing holds them whole.
struct ContentSample
{
    static constexpr std::size_t headBytes = 64 * 1024;
    static constexpr std::size_t tailBytes = 4 * 1024;

    std::string head;       // the first headBytes (all of it when shorter)
    std::string tail;       // the last tailBytes; complete only while `text` holds
    std::uint64_t size = 0; // the content's real size in bytes
    bool text = true;       // no control bytes anywhere (tabs and line ends allowed)
};

// Builds a sample from content arriving in chunks.
class SampleBuilder
{
public:
    void add(const char* data, std::size_t length);

    // Binary content needs no more than its head: text checks and the tail only
    // matter for text formats.
    bool wantsMore() const { return _sample.head.size() < ContentSample::headBytes || _sample.text; }

    std::uint64_t size() const { return _sample.size; }
    ContentSample take();

private:
    ContentSample _sample;
};

// Samples the file at `path`, reading only the head of binary files.
// Throws std::runtime_error when the file cannot be read.
ContentSample sampleFile(const std::string& path);

// True when `c` may appear in text (UTF-8 included).
bool isTextByte(unsigned char c);

} // namespace molar::cases
