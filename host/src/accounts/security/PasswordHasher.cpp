#include "accounts/security/PasswordHasher.h"

#include <argon2.h>
#include <openssl/rand.h>

#include <optional>
#include <stdexcept>
#include <vector>

namespace molar::host {

namespace {

constexpr std::size_t SALT_BYTES = 16;
constexpr std::size_t HASH_BYTES = 32;
// A stored hash asking for more than this is treated as damaged: verifying it would
// let one bad row allocate gigabytes or spin for minutes.
constexpr std::uint64_t MAX_MEMORY_KIB = 4u * 1024 * 1024;
constexpr std::uint64_t MAX_TIME_COST = 1000;
constexpr std::uint64_t MAX_PARALLELISM = 255;

struct Parameters
{
    std::uint64_t version = 0;
    std::uint64_t memoryKiB = 0;
    std::uint64_t timeCost = 0;
    std::uint64_t parallelism = 0;
};

// Reads "<name>=<decimal>" at `pos`, advancing past it.
bool readNumber(const std::string& text, std::size_t& pos, const char* name, std::uint64_t& value)
{
    const std::string prefix = std::string(name) + "=";
    if (text.compare(pos, prefix.size(), prefix) != 0)
        return false;
    pos += prefix.size();
    const std::size_t start = pos;
    value = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && pos - start < 10) {
        value = value * 10 + static_cast<std::uint64_t>(text[pos] - '0');
        ++pos;
    }
    return pos > start && (pos - start == 1 || text[start] != '0');
}

// The parameters of "$argon2id$v=19$m=<m>,t=<t>,p=<p>$..."; libargon2 checks the rest.
std::optional<Parameters> parse(const std::string& encoded)
{
    const std::string prefix = "$argon2id$";
    if (encoded.compare(0, prefix.size(), prefix) != 0)
        return std::nullopt;
    Parameters p;
    std::size_t pos = prefix.size();
    if (!readNumber(encoded, pos, "v", p.version) || pos >= encoded.size() || encoded[pos++] != '$')
        return std::nullopt;
    if (!readNumber(encoded, pos, "m", p.memoryKiB) || pos >= encoded.size() || encoded[pos++] != ',')
        return std::nullopt;
    if (!readNumber(encoded, pos, "t", p.timeCost) || pos >= encoded.size() || encoded[pos++] != ',')
        return std::nullopt;
    if (!readNumber(encoded, pos, "p", p.parallelism) || pos >= encoded.size() || encoded[pos] != '$')
        return std::nullopt;
    return p;
}

} // namespace

PasswordHasher::PasswordHasher() : PasswordHasher(Cost{}) {}

PasswordHasher::PasswordHasher(Cost cost) : _cost(cost)
{
    if (cost.timeCost < ARGON2_MIN_TIME || cost.timeCost > MAX_TIME_COST)
        throw std::invalid_argument("argon2 time cost out of range");
    if (cost.parallelism < ARGON2_MIN_LANES || cost.parallelism > MAX_PARALLELISM)
        throw std::invalid_argument("argon2 parallelism out of range");
    if (cost.memoryKiB < 8 * cost.parallelism || cost.memoryKiB > MAX_MEMORY_KIB)
        throw std::invalid_argument("argon2 memory cost out of range");
}

std::string PasswordHasher::hash(const std::string& password) const
{
    if (password.size() > MAX_PASSWORD_BYTES)
        throw std::invalid_argument("password longer than 1024 bytes");
    unsigned char salt[SALT_BYTES];
    if (RAND_bytes(salt, sizeof salt) != 1)
        throw std::runtime_error("RAND_bytes failed");
    std::vector<char> encoded(argon2_encodedlen(_cost.timeCost, _cost.memoryKiB, _cost.parallelism,
                                                SALT_BYTES, HASH_BYTES, Argon2_id) +
                              1);
    const int rc =
        argon2id_hash_encoded(_cost.timeCost, _cost.memoryKiB, _cost.parallelism, password.data(),
                              password.size(), salt, sizeof salt, HASH_BYTES, encoded.data(), encoded.size());
    if (rc != ARGON2_OK)
        throw std::runtime_error(std::string("argon2id: ") + argon2_error_message(rc));
    return std::string(encoded.data());
}

bool PasswordHasher::verify(const std::string& password, const std::string& encoded) const
{
    if (password.size() > MAX_PASSWORD_BYTES || encoded.find('\0') != std::string::npos)
        return false;
    const auto p = parse(encoded);
    if (!p || p->version != ARGON2_VERSION_13 || p->memoryKiB > MAX_MEMORY_KIB ||
        p->timeCost > MAX_TIME_COST || p->parallelism > MAX_PARALLELISM)
        return false;
    // libargon2 decodes the rest (salt, hash, limits) and compares in constant time.
    return argon2id_verify(encoded.c_str(), password.data(), password.size()) == ARGON2_OK;
}

bool PasswordHasher::needsRehash(const std::string& encoded) const
{
    const auto p = parse(encoded);
    return !p || p->version != ARGON2_VERSION_13 || p->memoryKiB != _cost.memoryKiB ||
           p->timeCost != _cost.timeCost || p->parallelism != _cost.parallelism;
}

} // namespace molar::host
