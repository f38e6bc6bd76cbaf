#pragma once

#include <string>
#include <vector>

namespace molar::cases {

// What a patient's details may hold (products with patientDetails). Each check
// answers the catalog key of its refusal, or "" when the value is fine; an empty
// value is "not given" and always fine, except for the last name where names are asked.

// Gender: female, male or other.
std::string genderError(const std::string& gender);
// Date of birth, YYYY-MM-DD: a real date from 1900-01-01 to `today` (YYYY-MM-DD).
std::string birthDateError(const std::string& date, const std::string& today);
// Country: one of `countries`, ISO 3166-1 alpha-2 codes.
std::string countryError(const std::string& code, const std::vector<std::string>& countries);
// A first or last name: at most 100 characters; the last name required when `required`.
std::string nameError(const std::string& name, bool required);

// Whether `code` is written as an ISO 3166-1 alpha-2 code: two capital letters A-Z.
bool isCountryCode(const std::string& code);

} // namespace molar::cases
