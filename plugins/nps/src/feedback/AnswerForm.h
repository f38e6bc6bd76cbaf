#pragma once

#include <map>
#include <string>

namespace molar::nps {

// The feedback form as posted, every field as typed.
struct AnswerForm
{
    std::string score;      // "0".."10", required
    std::string fit;        // "", "1".."5"
    std::string aesthetics; // "", "1".."5"
    std::string speed;      // "", "1".."5"
    std::string comment;    // up to 1000 characters (UTF-8 code points)
    bool consent = false;
};

// A form read and checked: the numbers, or for each bad field the catalog key of the
// sentence shown beside it ("nps.error.score", "nps.error.stars", "nps.error.comment").
struct CheckedAnswer
{
    int score = 0;
    int fitStars = 0;
    int aestheticsStars = 0;
    int speedStars = 0;
    std::string comment; // trimmed
    bool consent = false;
    std::map<std::string, std::string> errors; // field name ("score", "fit", ...) -> key

    bool ok() const { return errors.empty(); }
};

CheckedAnswer checkAnswer(const AnswerForm& form);

} // namespace molar::nps
