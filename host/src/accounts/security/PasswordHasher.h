#pragma once

#include <cstdint>
#include <string>

namespace molar::host {

// argon2id password hashes stored as PHC strings ($argon2id$v=19$m=...,t=...,p=...$salt$hash),
// so the parameters travel with each hash and can be raised later (see needsRehash).
class PasswordHasher
{
public:
    // OWASP Password Storage Cheat Sheet minimum for argon2id: 19 MiB, 2 passes, 1 lane.
    struct Cost
    {
        uint32_t timeCost = 2;
        uint32_t memoryKiB = 19456;
        uint32_t parallelism = 1;
    };

    // Longer input is refused rather than truncated (ASVS 2.1.3).
    static constexpr std::size_t MAX_PASSWORD_BYTES = 1024;

    // The default cost. (A `Cost cost = {}` default argument cannot name a nested
    // type's member initializers before the class is complete.)
    PasswordHasher();
    // Throws std::invalid_argument for a cost argon2 would refuse.
    explicit PasswordHasher(Cost cost);

    const Cost& cost() const { return _cost; }

    // A fresh 16-byte salt each call. Throws std::invalid_argument for a password over
    // MAX_PASSWORD_BYTES, std::runtime_error when hashing fails (e.g. out of memory).
    std::string hash(const std::string& password) const;

    // Uses the parameters stored in `encoded`, not the current cost. False for a wrong
    // password and for anything that is not a well-formed argon2id hash; never throws.
    bool verify(const std::string& password, const std::string& encoded) const;

    // True when `encoded` was made with other parameters than the current cost (or is
    // not argon2id at all): after a successful verify, store hash(password) instead.
    bool needsRehash(const std::string& encoded) const;

private:
    Cost _cost;
};

} // namespace molar::host
