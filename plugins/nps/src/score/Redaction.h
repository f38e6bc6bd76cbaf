#pragma once

#include <string>

namespace molar::nps {

// What the public /reviews page may show of a comment's author: the first letter of each
// of the first three words of the name, each followed by a dot ("Lina Haddad" → "L. H.";
// "لينا حداد" → "ل. ح."). Leading titles are dropped case-insensitively (Dr, Dr., Prof,
// Prof., Mr, Mrs, Ms with or without a dot, the French Pr and Mme, the Arabic د. and
// دكتور); letters are taken whole in UTF-8 and only ASCII ones upper-cased. An empty
// name, or one of titles only, gives "" so that the page can say "A clinic".
std::string authorInitials(const std::string& displayName);

// A case number as the public page shows it: an ellipsis and its last four characters
// ("TR-260512-1A4F" → "…1A4F"), never the whole of a longer number. A number of four
// characters or fewer keeps the ellipsis in front of it; an empty one gives "".
std::string lastFourOfCaseNumber(const std::string& number);

} // namespace molar::nps
